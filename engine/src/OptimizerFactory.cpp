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

// One group with the defaults (weight decay included), and, when asked for, one without decay.
template <typename Optimizer, typename Options>
std::unique_ptr<torch::optim::Optimizer> build(const Options& options, bool decayNormAndBias,
                                               const std::vector<torch::Tensor>& parameters)
{
    std::vector<torch::Tensor> decayed;
    std::vector<torch::Tensor> notDecayed;
    for (const torch::Tensor& parameter : parameters)
        (decayNormAndBias || parameter.dim() > 1 ? decayed : notDecayed).push_back(parameter);
    std::vector<torch::optim::OptimizerParamGroup> groups;
    if (!decayed.empty() || notDecayed.empty())
        groups.emplace_back(decayed); // takes the optimiser's defaults
    if (!notDecayed.empty()) {
        auto withoutDecay = std::make_unique<Options>(options);
        withoutDecay->weight_decay(0.0);
        groups.emplace_back(notDecayed, std::move(withoutDecay));
    }
    return std::make_unique<Optimizer>(std::move(groups), options);
}

} // namespace

std::unique_ptr<torch::optim::Optimizer>
createOptimizer(const TrainingConfig& config, const std::vector<torch::Tensor>& parameters)
{
    const double lr = config.learningRate;
    const bool decayAll = config.decayNormAndBias;
    if (config.optimizer == "sgd")
        return build<torch::optim::SGD>(torch::optim::SGDOptions(lr)
                                            .momentum(config.momentum)
                                            .nesterov(config.nesterov)
                                            .weight_decay(config.weightDecay),
                                        decayAll, parameters);
    if (config.optimizer == "rmsprop")
        return build<torch::optim::RMSprop>(torch::optim::RMSpropOptions(lr)
                                                .alpha(config.rmspropAlpha)
                                                .eps(config.rmspropEps)
                                                .momentum(config.momentum)
                                                .weight_decay(config.weightDecay),
                                            decayAll, parameters);
    if (config.optimizer == "adam")
        return build<torch::optim::Adam>(torch::optim::AdamOptions(lr)
                                             .betas({config.adamBeta1, config.adamBeta2})
                                             .eps(config.adamEps)
                                             .weight_decay(config.weightDecay),
                                         decayAll, parameters);
    if (config.optimizer == "adamw")
        return build<torch::optim::AdamW>(torch::optim::AdamWOptions(lr)
                                              .betas({config.adamBeta1, config.adamBeta2})
                                              .eps(config.adamEps)
                                              .weight_decay(config.weightDecay),
                                          decayAll, parameters);
    throw Error(ErrorCode::InvalidArgument,
                fmt::format("config key 'optimizer': '{}' is not known; allowed: {}",
                            config.optimizer, fmt::join(TrainingConfig::optimizerNames(), ", ")));
}

void setLearningRate(torch::optim::Optimizer& optimizer, double learningRate)
{
    for (torch::optim::OptimizerParamGroup& group : optimizer.param_groups())
        group.options().set_lr(learningRate);
}

} // namespace fovea
