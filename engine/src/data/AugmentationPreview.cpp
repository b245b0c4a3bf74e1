// The augmentation preview: training's own SampleTransform, run for a few epochs of one sample.
#include "fovea/AugmentationPreview.h"

#include "ImageMat.h"
#include "SampleTransform.h"

#include "fovea/Error.h"

#include <fmt/format.h>

#include <vector>

namespace fovea {
namespace {

// A preview grid, not a dataset: bounds the memory a mistyped count could ask for.
constexpr int kMaxPreviewCount = 1024;

} // namespace

std::vector<AugmentationPreviewItem>
previewAugmentations(const Image& image, const AugmentationSpec& spec,
                     const Preprocessing& preprocessing, int inputSize, int count,
                     std::uint64_t seed, std::int64_t sampleIndex, std::int64_t firstEpoch)
{
    if (count < 0 || count > kMaxPreviewCount)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("preview count {} is outside [0, {}]", count, kMaxPreviewCount));
    const data::SampleTransform transform(spec, preprocessing, inputSize);
    // Wrapped, not copied: augment() copies before any step that writes in place.
    const cv::Mat rgb = data::viewOf(image, "augmentation preview");

    std::vector<float> planes(3 * std::size_t(inputSize) * std::size_t(inputSize));
    std::vector<AugmentationPreviewItem> items;
    items.reserve(std::size_t(count));
    for (int i = 0; i < count; ++i) {
        const data::SampleKey key{seed, firstEpoch + i, sampleIndex};
        const data::SampleImage augmented = transform.augment(rgb, key);
        transform.normalise(augmented, planes.data());
        AugmentationPreviewItem item;
        item.augmented = data::imageFromMat(augmented.pixels);
        item.networkInput = data::imageFromMat(transform.denormalise(planes.data()));
        item.epoch = key.epoch;
        items.push_back(std::move(item));
    }
    return items;
}

} // namespace fovea
