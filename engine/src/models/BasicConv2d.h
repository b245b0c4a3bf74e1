#pragma once

// The pieces torchvision's googlenet.py and inception.py each define identically: the
// conv-BN-ReLU unit, transform_input and the truncated-normal initialisation. One copy here
// serves GoogLeNet.cpp and InceptionV3.cpp.

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace fovea {

/// Conv2d without bias, BatchNorm2d with eps 1e-3 (TensorFlow's, kept by the ported weights),
/// ReLU. Keys `conv.weight`, `bn.*` as in torchvision.
class BasicConv2dImpl : public torch::nn::Module {
public:
    BasicConv2dImpl(std::int64_t in, std::int64_t out, torch::ExpandingArray<2> kernel,
                    torch::ExpandingArray<2> stride = 1, torch::ExpandingArray<2> padding = 0)
        : conv(register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel)
                                                             .stride(stride)
                                                             .padding(padding)
                                                             .bias(false))))
        , bn(register_module("bn",
                             torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(out).eps(1e-3))))
    {
    }

    torch::Tensor forward(torch::Tensor x) { return bn->forward(conv->forward(x)).relu_(); }

    torch::nn::Conv2d conv;
    torch::nn::BatchNorm2d bn;
};
TORCH_MODULE(BasicConv2d);

/// torchvision's transform_input: ImageNet-normalised input ((x - mean) / std) re-scaled to
/// the (x - 0.5) / 0.5 that the weights ported from TensorFlow expect.
inline torch::Tensor imageNetToTfScaling(const torch::Tensor& x)
{
    const double mean[3] = {0.485, 0.456, 0.406};
    const double std[3] = {0.229, 0.224, 0.225};
    std::vector<torch::Tensor> channels;
    for (std::int64_t c = 0; c < 3; ++c)
        channels.push_back(x.select(1, c).unsqueeze(1) * (std[c] / 0.5) + (mean[c] - 0.5) / 0.5);
    return torch::cat(channels, 1);
}

/// torch.nn.init.trunc_normal_(tensor, 0, stddev, low, high), which libtorch lacks. Rejection
/// sampling: draws outside [low, high] are redrawn, which gives the same distribution as
/// Python's inverse-CDF method and is several times faster. It assumes the interval holds most
/// of the mass, as torchvision's does (±2 absolute with std ≤ 0.1, i.e. ≥ 20σ).
inline void truncNormal_(torch::Tensor tensor, double stddev, double low = -2.0, double high = 2.0)
{
    torch::NoGradGuard noGrad;
    tensor.normal_(0.0, stddev);
    for (;;) {
        const torch::Tensor outside = tensor.lt(low).logical_or_(tensor.gt(high));
        const std::int64_t count = outside.sum().item<std::int64_t>();
        if (count == 0)
            break;
        tensor.masked_scatter_(outside,
                               torch::empty({count}, tensor.options()).normal_(0.0, stddev));
    }
}

} // namespace fovea
