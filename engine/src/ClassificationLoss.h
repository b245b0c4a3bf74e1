#pragma once

#include "fovea/TrainingConfig.h"

#include <torch/types.h>

#include <cstdint>

namespace fovea {

/// The training criterion: cross-entropy with PyTorch's label smoothing and optional class
/// weights (torch.nn.functional.cross_entropy's semantics, mean over the batch).
class ClassificationLoss {
public:
    /// Reads labelSmoothing and classWeights; throws Error(InvalidArgument) naming classWeights
    /// when it does not hold one weight per class.
    ClassificationLoss(const TrainingConfig& config, std::int64_t numClasses);

    /// `logits` [N, C] of any floating type; `targets` [N] class indices, or [N, C] class
    /// probabilities (the soft targets of mixup and cutmix).
    torch::Tensor operator()(const torch::Tensor& logits, const torch::Tensor& targets) const;

private:
    double m_labelSmoothing = 0.0;
    torch::Tensor m_classWeights; ///< undefined: every class counts once
};

} // namespace fovea
