#pragma once

#include "fovea/ArchitectureInfo.h"
#include "fovea/Augmentation.h"
#include "fovea/Image.h"

#include <cstdint>
#include <vector>

namespace fovea {

/// One draw of the augmentation pipeline on one picture.
struct AugmentationPreviewItem {
    /// After the per-sample steps and the resize policy: inputSize², RGB8.
    Image augmented;
    /// The normalised network input turned back into RGB8 for display (clipped), so that a
    /// wrong channel order or normalisation shows up as it would reach the network.
    Image networkInput;
    std::int64_t epoch = 0; ///< the training epoch whose draw this is
};

/// `count` draws of `spec` on `image`, exactly what training feeds the network for this picture:
/// item i uses the key (seed, firstEpoch + i, sampleIndex), so it is the draw training makes for
/// sample `sampleIndex` in epoch firstEpoch + i of a run with this seed (the same
/// SampleTransform code, the same random streams). Batch-level steps (mixup, cutmix) are not
/// shown: they mix whole batches. Throws Error(InvalidArgument) for a bad spec, preprocessing,
/// size, image or count.
std::vector<AugmentationPreviewItem>
previewAugmentations(const Image& image, const AugmentationSpec& spec,
                     const Preprocessing& preprocessing, int inputSize, int count,
                     std::uint64_t seed, std::int64_t sampleIndex = 0, std::int64_t firstEpoch = 0);

} // namespace fovea
