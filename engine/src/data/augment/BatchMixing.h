#pragma once

#include "../SampleTransform.h"

#include "fovea/Augmentation.h"

#include <torch/types.h>

namespace fovea::data {

/// Runs the batch-level steps of `spec` (mixup, cutmix), in their declared order, on one batch.
/// `images` is N×3×S×S float (normalised network input) and is changed in place; the result is
/// the N×numClasses soft target matrix (one-hot rows for `labels` when no step fired). Draws
/// depend on (key.seed, key.epoch, batchIndex in key.index) and the step position only.
torch::Tensor applyBatchAugmentations(const AugmentationSpec& spec, torch::Tensor& images,
                                      const torch::Tensor& labels, int numClasses,
                                      const SampleKey& key);

} // namespace fovea::data
