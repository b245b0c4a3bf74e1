#include "ClassificationLoss.h"

#include "fovea/Error.h"

#include <torch/nn/functional/loss.h>

#include <fmt/format.h>

namespace fovea {

ClassificationLoss::ClassificationLoss(const TrainingConfig& config, std::int64_t numClasses)
    : m_labelSmoothing(config.labelSmoothing)
{
    if (config.classWeights.empty())
        return;
    if (std::int64_t(config.classWeights.size()) != numClasses)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("config key 'classWeights': {} weights given, but the dataset has "
                                "{} classes; give one weight per class",
                                config.classWeights.size(), numClasses));
    m_classWeights = torch::tensor(config.classWeights, torch::kFloat64);
}

torch::Tensor ClassificationLoss::operator()(const torch::Tensor& logits,
                                             const torch::Tensor& targets) const
{
    namespace F = torch::nn::functional;
    auto options = F::CrossEntropyFuncOptions().label_smoothing(m_labelSmoothing);
    if (m_classWeights.defined())
        options.weight(m_classWeights.to(logits.options()));
    return F::cross_entropy(logits, targets, options);
}

} // namespace fovea
