// Reading the tensors the Python reference scripts save, and comparing with them. Header only,
// for the tests that run a reference script (ReferenceTest, ResNet9Test).
#pragma once

#include <torch/serialize.h>
#include <torch/types.h>

#include "fovea/AtomicFile.h"

#include <QString>

#include <algorithm>
#include <vector>

namespace fovea::testing {

/// A tensor written by Python's torch.save.
inline torch::Tensor loadTensor(const QString& path)
{
    const std::string bytes = fovea::readFile(path.toStdString());
    return torch::pickle_load(std::vector<char>(bytes.begin(), bytes.end())).toTensor();
}

/// Max |a - b| relative to max |b|.
inline double relativeDifference(const torch::Tensor& actual, const torch::Tensor& expected)
{
    const double scale = std::max(expected.abs().max().item<double>(), 1e-12);
    return (actual - expected).abs().max().item<double>() / scale;
}

} // namespace fovea::testing
