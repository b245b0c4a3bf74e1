// Batch-level augmentation: mixup (Zhang et al. 2018) and CutMix (Yun et al. 2019) on a batch of
// normalised network input and its soft targets.
#include "BatchMixing.h"

#include "SampleRandom.h"

#include "fovea/Error.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

namespace fovea::data {
namespace {

// A permutation of 0 … n−1 (Fisher–Yates from the last position down), as an int64 index tensor.
torch::Tensor drawPermutation(SampleRandom& random, std::int64_t n)
{
    std::vector<std::int64_t> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), std::int64_t{0});
    for (std::int64_t i = n - 1; i > 0; --i)
        std::swap(order[std::size_t(i)], order[std::size_t(random.uniformInt(0, i))]);
    return torch::tensor(order, torch::kLong);
}

// Draws: λ ~ Beta(α, α), then the permutation. images ← λ·x + (1 − λ)·x[perm], likewise the
// targets.
void mixup(const AugmentationStep& step, SampleRandom& random, torch::Tensor& images,
           torch::Tensor& targets)
{
    const double alpha = step.value("alpha");
    const double lambda = random.beta(alpha, alpha);
    const torch::Tensor permutation = drawPermutation(random, images.size(0));
    const torch::Tensor partnerImages = images.index_select(0, permutation);
    images.mul_(lambda).add_(partnerImages, 1.0 - lambda);
    targets = targets * lambda + targets.index_select(0, permutation) * (1.0 - lambda);
}

// Draws: λ ~ Beta(α, α), then the permutation, then the box centre (column, then row, each uniform
// over the picture). The box has sides √(1 − λ) of the picture's (area 1 − λ) and is clipped at the
// border, as torchvision's reference RandomCutmix does; the target weight is then the area that was
// really pasted, not the drawn λ.
void cutmix(const AugmentationStep& step, SampleRandom& random, torch::Tensor& images,
            torch::Tensor& targets)
{
    const double alpha = step.value("alpha");
    const double lambda = random.beta(alpha, alpha);
    const torch::Tensor permutation = drawPermutation(random, images.size(0));
    const std::int64_t height = images.size(2);
    const std::int64_t width = images.size(3);
    const std::int64_t centreX = random.uniformInt(0, width - 1);
    const std::int64_t centreY = random.uniformInt(0, height - 1);
    const double halfSide = 0.5 * std::sqrt(1.0 - lambda);
    const auto halfWidth = static_cast<std::int64_t>(halfSide * double(width));
    const auto halfHeight = static_cast<std::int64_t>(halfSide * double(height));
    const std::int64_t x1 = std::max<std::int64_t>(centreX - halfWidth, 0);
    const std::int64_t x2 = std::min<std::int64_t>(centreX + halfWidth, width);
    const std::int64_t y1 = std::max<std::int64_t>(centreY - halfHeight, 0);
    const std::int64_t y2 = std::min<std::int64_t>(centreY + halfHeight, height);
    if (x2 <= x1 || y2 <= y1)
        return; // an empty box: nothing pasted, the targets stay as they are

    // Only the box is copied out of the partners, not whole pictures.
    torch::Tensor box = images.slice(2, y1, y2).slice(3, x1, x2);
    box.copy_(box.index_select(0, permutation));
    const double pasted = double((x2 - x1) * (y2 - y1)) / double(width * height);
    targets = targets * (1.0 - pasted) + targets.index_select(0, permutation) * pasted;
}

} // namespace

torch::Tensor applyBatchAugmentations(const AugmentationSpec& spec, torch::Tensor& images,
                                      const torch::Tensor& labels, int numClasses,
                                      const SampleKey& key)
{
    if (numClasses < 1)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("batch augmentation: the number of classes is {}, not at least 1",
                                numClasses));
    if (images.dim() != 4 || images.size(1) != 3 || !images.is_floating_point())
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("batch augmentation: the images are {} of shape [{}], not a float "
                                "batch N×3×H×W",
                                std::string(c10::toString(images.scalar_type())),
                                fmt::join(images.sizes(), ", ")));
    if (labels.dim() != 1 || labels.size(0) != images.size(0))
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("batch augmentation: the labels have shape [{}] for a batch of {} "
                                "images",
                                fmt::join(labels.sizes(), ", "), images.size(0)));
    const torch::Tensor classes = labels.to(torch::kLong);
    if (classes.numel() > 0) {
        const std::int64_t lowest = classes.min().item<std::int64_t>();
        const std::int64_t highest = classes.max().item<std::int64_t>();
        if (lowest < 0 || highest >= numClasses)
            throw Error(ErrorCode::InvalidArgument,
                        fmt::format("batch augmentation: label {} is outside [0, {}]",
                                    lowest < 0 ? lowest : highest, numClasses - 1));
    }

    torch::Tensor targets =
        torch::one_hot(classes, numClasses).to(images.options().dtype(torch::kFloat));
    for (std::size_t position = 0; position < spec.steps.size(); ++position) {
        const AugmentationStep& step = spec.steps[position];
        if (!augmentationKind(step.kind).batchLevel)
            continue; // per-sample steps ran in the sample transform
        SampleRandom random(key.seed, key.epoch, key.index, static_cast<int>(position));
        if (!random.chance(step.probability))
            continue;
        if (images.size(0) == 0)
            break;
        if (step.kind == "mixup")
            mixup(step, random, images, targets);
        else if (step.kind == "cutmix")
            cutmix(step, random, images, targets);
        else
            throw Error(ErrorCode::Internal,
                        fmt::format("batch augmentation: augmentation step {} ({}) has no batch "
                                    "implementation",
                                    position + 1, step.kind));
    }
    return targets;
}

} // namespace fovea::data
