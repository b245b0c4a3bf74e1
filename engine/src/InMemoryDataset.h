#pragma once

#include "fovea/IdxDataset.h"

#include <torch/types.h>

namespace fovea {

/// A small image set decoded once and kept as one uint8 tensor, from which normalised
/// N×3×S×S float batches are cut. Grey-scale images are repeated over three channels so every
/// architecture sees the same input layout.
class InMemoryDataset {
public:
    /// `limit` > 0 keeps only the first `limit` images.
    InMemoryDataset(const IdxImageSet& images, std::int64_t limit = 0);

    std::int64_t size() const { return m_labels.size(0); }
    int nativeSize() const { return static_cast<int>(m_images.size(2)); }
    const torch::Tensor& labels() const { return m_labels; }

    /// Per-channel mean and standard deviation on the [0, 1] scale.
    std::pair<double, double> meanAndStd() const;

    /// Normalises with (x/255 - mean) / std and resizes (bilinear) to `inputSize` pixels.
    torch::Tensor batchImages(const torch::Tensor& indices, int inputSize, double mean,
                              double std) const;

private:
    torch::Tensor m_images; // N×1×H×W uint8
    torch::Tensor m_labels; // N int64
};

} // namespace fovea
