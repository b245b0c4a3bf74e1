#include "InMemoryDataset.h"

#include "fovea/Error.h"

#include <torch/nn/functional/upsampling.h>

#include <fmt/format.h>

namespace fovea {

InMemoryDataset::InMemoryDataset(const IdxImageSet& images, std::int64_t limit)
{
    const std::int64_t count = (limit > 0) ? std::min(limit, images.count) : images.count;
    if (count == 0)
        throw Error(ErrorCode::InvalidArgument, "the dataset holds no images");
    // from_blob does not own the memory: clone so the tensor outlives `images`.
    m_images = torch::from_blob(const_cast<std::uint8_t*>(images.pixels.data()),
                                {count, 1, images.rows, images.cols}, torch::kUInt8)
                   .clone();
    m_labels =
        torch::from_blob(const_cast<std::uint8_t*>(images.labels.data()), {count}, torch::kUInt8)
            .to(torch::kInt64);
}

std::pair<double, double> InMemoryDataset::meanAndStd() const
{
    const torch::Tensor scaled = m_images.to(torch::kFloat64).div_(255.0);
    return {scaled.mean().item<double>(), scaled.std().item<double>()};
}

torch::Tensor InMemoryDataset::batchImages(const torch::Tensor& indices, int inputSize, double mean,
                                           double std) const
{
    torch::Tensor batch = m_images.index_select(0, indices).to(torch::kFloat32);
    batch.mul_(1.0 / (255.0 * std)).sub_(mean / std);
    if (inputSize > 0 && inputSize != batch.size(2)) {
        namespace F = torch::nn::functional;
        batch = F::interpolate(batch, F::InterpolateFuncOptions()
                                          .size(std::vector<std::int64_t>{inputSize, inputSize})
                                          .mode(torch::kBilinear)
                                          .align_corners(false));
    }
    return batch.expand({-1, 3, -1, -1}).contiguous();
}

} // namespace fovea
