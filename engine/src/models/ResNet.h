#pragma once

#include "models/ClassifierNet.h"

#include <torch/nn/modules/conv.h>

#include <array>

namespace fovea {

/// The shape of one torchvision ResNet variant.
struct ResNetSpec {
    bool bottleneck = false;               ///< Bottleneck (expansion 4) or BasicBlock blocks
    std::array<int, 4> blocks{2, 2, 2, 2}; ///< blocks per stage (layer1..layer4)
    std::int64_t groups = 1;               ///< ResNeXt cardinality
    std::int64_t widthPerGroup = 64;       ///< 128 for Wide ResNet
};

/// `conv`'s forward pass; when the output is a single pixel, an unpadded convolution with only
/// the taps that meet the picture (see ResNet.cpp): the same result up to float rounding.
torch::Tensor convolveSkippingZeroTaps(torch::nn::Conv2d& conv, const torch::Tensor& x);

/// torchvision's ResNet v1.5 (stride on the 3×3 convolution), with its state-dict key names.
ClassifierNetPtr makeResNet(const ResNetSpec& spec, const ModelOptions& options);

} // namespace fovea
