#include "OptimizerFactory.h"

#include "fovea/Error.h"

#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/optim/rmsprop.h>
#include <torch/optim/sgd.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace fovea {
namespace {

// Parameters that share a learning-rate scale (the backbone at 1, the head at its multiplier).
struct ScaledParameters {
    std::vector<torch::Tensor> parameters;
    double scale = 1.0;
};

// Per set, one group with the options' weight decay and, when asked for, one without; every
// group carries its own rate (base × scale), so the optimiser's state and checkpoints hold it.
template <typename Optimizer, typename Options>
ScaledOptimizer build(const Options& options, bool decayNormAndBias,
                      const std::vector<ScaledParameters>& sets)
{
    std::vector<torch::optim::OptimizerParamGroup> groups;
    std::vector<double> scales;
    for (const ScaledParameters& set : sets) {
        std::vector<torch::Tensor> decayed;
        std::vector<torch::Tensor> notDecayed;
        for (const torch::Tensor& parameter : set.parameters)
            (decayNormAndBias || parameter.dim() > 1 ? decayed : notDecayed).push_back(parameter);
        auto groupOptions = [&](bool decay) {
            auto copy = std::make_unique<Options>(options);
            copy->lr(options.lr() * set.scale);
            if (!decay)
                copy->weight_decay(0.0);
            return copy;
        };
        if (!decayed.empty() || (notDecayed.empty() && sets.size() == 1)) {
            groups.emplace_back(decayed, groupOptions(true));
            scales.push_back(set.scale);
        }
        if (!notDecayed.empty()) {
            groups.emplace_back(notDecayed, groupOptions(false));
            scales.push_back(set.scale);
        }
    }
    return {std::make_unique<Optimizer>(std::move(groups), options), std::move(scales)};
}

ScaledOptimizer createScaled(const TrainingConfig& config,
                             const std::vector<ScaledParameters>& sets)
{
    const double lr = config.learningRate;
    const bool decayAll = config.decayNormAndBias;
    if (config.optimizer == "sgd")
        return build<torch::optim::SGD>(torch::optim::SGDOptions(lr)
                                            .momentum(config.momentum)
                                            .nesterov(config.nesterov)
                                            .weight_decay(config.weightDecay),
                                        decayAll, sets);
    if (config.optimizer == "rmsprop")
        return build<torch::optim::RMSprop>(torch::optim::RMSpropOptions(lr)
                                                .alpha(config.rmspropAlpha)
                                                .eps(config.rmspropEps)
                                                .momentum(config.momentum)
                                                .weight_decay(config.weightDecay),
                                            decayAll, sets);
    if (config.optimizer == "adam")
        return build<torch::optim::Adam>(torch::optim::AdamOptions(lr)
                                             .betas({config.adamBeta1, config.adamBeta2})
                                             .eps(config.adamEps)
                                             .weight_decay(config.weightDecay),
                                         decayAll, sets);
    if (config.optimizer == "adamw")
        return build<torch::optim::AdamW>(torch::optim::AdamWOptions(lr)
                                              .betas({config.adamBeta1, config.adamBeta2})
                                              .eps(config.adamEps)
                                              .weight_decay(config.weightDecay),
                                          decayAll, sets);
    throw Error(ErrorCode::InvalidArgument,
                fmt::format("config key 'optimizer': '{}' is not known; allowed: {}",
                            config.optimizer, fmt::join(TrainingConfig::optimizerNames(), ", ")));
}

} // namespace

std::unique_ptr<torch::optim::Optimizer>
createOptimizer(const TrainingConfig& config, const std::vector<torch::Tensor>& parameters)
{
    return createScaled(config, {{parameters, 1.0}}).optimizer;
}

ScaledOptimizer createOptimizer(const TrainingConfig& config,
                                const std::vector<torch::Tensor>& backbone,
                                const std::vector<torch::Tensor>& head)
{
    std::vector<ScaledParameters> sets;
    if (!backbone.empty())
        sets.push_back({backbone, 1.0});
    if (!head.empty())
        sets.push_back({head, config.headLrMultiplier});
    return createScaled(config, sets);
}

void setLearningRate(torch::optim::Optimizer& optimizer, double learningRate)
{
    for (torch::optim::OptimizerParamGroup& group : optimizer.param_groups())
        group.options().set_lr(learningRate);
}

void ScaledOptimizer::setLearningRate(double learningRate)
{
    auto& groups = optimizer->param_groups();
    for (std::size_t i = 0; i < groups.size(); ++i)
        groups[i].options().set_lr(learningRate * (i < groupScales.size() ? groupScales[i] : 1.0));
}

} // namespace fovea
