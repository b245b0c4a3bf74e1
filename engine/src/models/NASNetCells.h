// The building blocks of NASNet-A (Zoph et al., "Learning Transferable Architectures for
// Scalable Image Recognition"), as Cadene's pretrainedmodels port names them
// (pretrainedmodels/models/nasnet_mobile.py, nasnet.py; timm uses the same names): separable
// branches, the 1×1 input adjustments, and the normal and reduction cells. Only NASNet.cpp
// includes this header.
//
// Padding is TensorFlow's "SAME", computed from the input size at run time: the weights come from
// TF-slim, where a stride-2 window on an even input is padded one pixel less before than after.
// Cadene hard-codes that case for the default input sizes (ZeroPad2d + crop, MaxPoolPad,
// AvgPoolPad, BranchSeparablesReduction); computing it gives the same numbers there and stays
// correct at every other size.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/types.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace fovea::nasnet {

namespace nn = torch::nn;

/// TF "SAME" padding of one spatial dimension: the output has ceil(size / stride) positions and
/// the odd pixel of padding, if any, goes after.
struct SamePadding {
    std::int64_t before = 0;
    std::int64_t after = 0;
};

inline SamePadding samePadding(std::int64_t size, std::int64_t kernel, std::int64_t stride)
{
    const std::int64_t outSize = (size + stride - 1) / stride;
    const std::int64_t total = std::max<std::int64_t>((outSize - 1) * stride + kernel - size, 0);
    return {total / 2, total - total / 2};
}

/// SAME padding of an N×C×H×W tensor for a square window.
struct SamePadding2d {
    SamePadding2d(const torch::Tensor& x, std::int64_t kernel, std::int64_t stride)
        : height(samePadding(x.size(2), kernel, stride))
        , width(samePadding(x.size(3), kernel, stride))
    {
    }
    /// Equal on both sides, so the operator's own `padding` argument can do it.
    bool symmetric() const { return height.before == height.after && width.before == width.after; }
    std::vector<std::int64_t> symmetricPadding() const { return {height.before, width.before}; }
    /// The (left, right, top, bottom) list of constant_pad_nd.
    std::vector<std::int64_t> padList() const
    {
        return {width.before, width.after, height.before, height.after};
    }

    SamePadding height;
    SamePadding width;
};

inline torch::Tensor maxPoolSame(const torch::Tensor& x, std::int64_t kernel, std::int64_t stride)
{
    const SamePadding2d pad(x, kernel, stride);
    if (pad.symmetric())
        return torch::max_pool2d(x, kernel, stride, pad.symmetricPadding());
    // TF never picks a padded value as the maximum.
    return torch::max_pool2d(
        torch::constant_pad_nd(x, pad.padList(), -std::numeric_limits<double>::infinity()), kernel,
        stride);
}

/// Average over the real pixels of each window only (TF SAME; count_include_pad=False).
inline torch::Tensor avgPoolSame(const torch::Tensor& x, std::int64_t kernel, std::int64_t stride)
{
    const SamePadding2d pad(x, kernel, stride);
    if (pad.symmetric())
        return torch::avg_pool2d(x, kernel, stride, pad.symmetricPadding(), /*ceil_mode=*/false,
                                 /*count_include_pad=*/false);
    // Asymmetric: window sums over zero padding, divided by how many real pixels each window saw.
    const auto windowSum = [&](const torch::Tensor& t) {
        return torch::avg_pool2d(torch::constant_pad_nd(t, pad.padList(), 0), kernel, stride, 0,
                                 /*ceil_mode=*/false, /*count_include_pad=*/true,
                                 /*divisor_override=*/1);
    };
    return windowSum(x) / windowSum(torch::ones({1, 1, x.size(2), x.size(3)}, x.options()));
}

/// Convolution with `conv`'s weight (created without padding or stride) under SAME padding.
inline torch::Tensor conv2dSame(const torch::Tensor& x, const nn::Conv2d& conv, std::int64_t stride)
{
    const std::int64_t kernel = conv->options.kernel_size()->at(0);
    const std::int64_t groups = conv->options.groups();
    const SamePadding2d pad(x, kernel, stride);
    const std::vector<std::int64_t> strides{stride, stride};
    const std::vector<std::int64_t> dilation{1, 1};
    if (pad.symmetric())
        return torch::conv2d(x, conv->weight, conv->bias, strides, pad.symmetricPadding(), dilation,
                             groups);
    const std::vector<std::int64_t> noPadding{0, 0};
    return torch::conv2d(torch::constant_pad_nd(x, pad.padList(), 0), conv->weight, conv->bias,
                         strides, noPadding, dilation, groups);
}

/// BatchNorm as in every NASNet port: eps 1e-3 (TF-slim), PyTorch momentum 0.1.
inline nn::BatchNorm2d batchNorm(std::int64_t channels)
{
    return nn::BatchNorm2d(nn::BatchNorm2dOptions(channels).eps(1e-3).momentum(0.1));
}

inline nn::Conv2d conv1x1(std::int64_t in, std::int64_t out)
{
    return nn::Conv2d(nn::Conv2dOptions(in, out, 1).bias(false));
}

/// ReLU → 1×1 convolution → BN, Cadene's `conv_1x1` / `conv_prev_1x1` (keys .conv, .bn).
inline nn::Sequential reluConvBn(std::int64_t in, std::int64_t out)
{
    return nn::Sequential(
        {{"relu", nn::ReLU()}, {"conv", conv1x1(in, out)}, {"bn", batchNorm(out)}});
}

/// Depthwise k×k (one filter per channel) followed by pointwise 1×1, both without bias.
class SeparableConv2dImpl : public nn::Module {
public:
    SeparableConv2dImpl(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride)
        : depthwise_conv2d(
              register_module("depthwise_conv2d",
                              nn::Conv2d(nn::Conv2dOptions(in, in, kernel).groups(in).bias(false))))
        , pointwise_conv2d(register_module("pointwise_conv2d", conv1x1(in, out)))
        , m_stride(stride)
    {
    }

    torch::Tensor forward(const torch::Tensor& x)
    {
        return pointwise_conv2d->forward(conv2dSame(x, depthwise_conv2d, m_stride));
    }

    nn::Conv2d depthwise_conv2d;
    nn::Conv2d pointwise_conv2d;

private:
    std::int64_t m_stride;
};
TORCH_MODULE(SeparableConv2d);

/// ReLU → separable k×k (stride) → BN → ReLU → separable k×k → BN (Cadene BranchSeparables).
/// The first separable keeps the input width, except in the first stem cell, whose branches on
/// the raw stem convolution go straight to `out` (BranchSeparablesStem).
class BranchSeparablesImpl : public nn::Module {
public:
    BranchSeparablesImpl(std::int64_t in, std::int64_t out, std::int64_t kernel,
                         std::int64_t stride, bool stemCell = false)
    {
        const std::int64_t mid = stemCell ? out : in;
        separable_1 = register_module("separable_1", SeparableConv2d(in, mid, kernel, stride));
        bn_sep_1 = register_module("bn_sep_1", batchNorm(mid));
        separable_2 = register_module("separable_2", SeparableConv2d(mid, out, kernel, 1));
        bn_sep_2 = register_module("bn_sep_2", batchNorm(out));
    }

    torch::Tensor forward(const torch::Tensor& x)
    {
        torch::Tensor y = bn_sep_1->forward(separable_1->forward(torch::relu(x))).relu_();
        return bn_sep_2->forward(separable_2->forward(y));
    }

    SeparableConv2d separable_1{nullptr};
    nn::BatchNorm2d bn_sep_1{nullptr};
    SeparableConv2d separable_2{nullptr};
    nn::BatchNorm2d bn_sep_2{nullptr};
};
TORCH_MODULE(BranchSeparables);

/// How a cell brings the previous cell's output (its second input) to `filters` channels at the
/// current resolution.
enum class PreviousInput {
    Raw,        ///< first stem cell: the stem convolution as it is, read by stem branches
    Factorized, ///< the previous input has twice the resolution: factorized reduction
    Projection, ///< same resolution: ReLU → 1×1 → BN (`conv_prev_1x1`)
};

/// What both cell kinds share: the adjustment of their two inputs. A cell is called with
/// (x = the latest output, prev = the one before); `conv_1x1` turns x into h, and prev becomes p.
class CellImpl : public nn::Module {
public:
    virtual torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& prev) = 0;

protected:
    /// Registers the adjustment modules in Cadene's order, so state dicts list keys alike.
    void registerInputs(std::int64_t prevChannels, std::int64_t channels, std::int64_t filters,
                        PreviousInput previous)
    {
        m_previous = previous;
        if (previous == PreviousInput::Projection)
            conv_prev_1x1 = register_module("conv_prev_1x1", reluConvBn(prevChannels, filters));
        conv_1x1 = register_module("conv_1x1", reluConvBn(channels, filters));
        if (previous == PreviousInput::Factorized) {
            // Factorized reduction: two stride-2 1×1 convolutions, one on the even pixels and one
            // shifted by a row and a column, so the halved map samples two grids instead of one.
            path_1 = register_module(
                "path_1", nn::Sequential({{"conv", conv1x1(prevChannels, filters / 2)}}));
            path_2 = register_module(
                "path_2", nn::Sequential({{"conv", conv1x1(prevChannels, filters / 2)}}));
            final_path_bn = register_module("final_path_bn", batchNorm(filters));
        }
    }

    torch::Tensor adjustCurrent(const torch::Tensor& x) { return conv_1x1->forward(x); }

    torch::Tensor adjustPrevious(const torch::Tensor& prev)
    {
        switch (m_previous) {
        case PreviousInput::Raw:
            return prev;
        case PreviousInput::Projection:
            return conv_prev_1x1->forward(prev);
        case PreviousInput::Factorized:
            break;
        }
        // Cadene: relu; path_1 = avgpool(1, stride 2) → conv; path_2 = pad right/bottom by one,
        // drop the first row and column, avgpool(1, stride 2) → conv; concat; BN.
        using torch::indexing::None;
        using torch::indexing::Slice;
        const torch::Tensor r = torch::relu(prev);
        const torch::Tensor even =
            r.index({Slice(), Slice(), Slice(None, None, 2), Slice(None, None, 2)});
        const torch::Tensor odd =
            torch::constant_pad_nd(r, {0, 1, 0, 1}, 0)
                .index({Slice(), Slice(), Slice(1, None, 2), Slice(1, None, 2)});
        return final_path_bn->forward(torch::cat({path_1->forward(even), path_2->forward(odd)}, 1));
    }

    BranchSeparables branch(const std::string& name, std::int64_t in, std::int64_t out,
                            std::int64_t kernel, std::int64_t stride, bool stemCell = false)
    {
        return register_module(name, BranchSeparables(in, out, kernel, stride, stemCell));
    }

    nn::Sequential conv_prev_1x1{nullptr};
    nn::Sequential conv_1x1{nullptr};
    nn::Sequential path_1{nullptr};
    nn::Sequential path_2{nullptr};
    nn::BatchNorm2d final_path_bn{nullptr};

private:
    PreviousInput m_previous = PreviousInput::Projection;
};

/// Normal cell (resolution kept): five sums of two operations on h and p; output
/// concat[p, x0..x4] with 6 × filters channels (Keras _normal_a_cell; Cadene NormalCell, and
/// FirstCell when p needs the factorized reduction).
class NormalCellImpl : public CellImpl {
public:
    NormalCellImpl(std::int64_t prevChannels, std::int64_t channels, std::int64_t filters,
                   PreviousInput previous)
    {
        registerInputs(prevChannels, channels, filters, previous);
        comb_iter_0_left = branch("comb_iter_0_left", filters, filters, 5, 1);
        comb_iter_0_right = branch("comb_iter_0_right", filters, filters, 3, 1);
        comb_iter_1_left = branch("comb_iter_1_left", filters, filters, 5, 1);
        comb_iter_1_right = branch("comb_iter_1_right", filters, filters, 3, 1);
        comb_iter_4_left = branch("comb_iter_4_left", filters, filters, 3, 1);
    }

    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& prev) override
    {
        const torch::Tensor p = adjustPrevious(prev);
        const torch::Tensor h = adjustCurrent(x);
        const torch::Tensor x0 = comb_iter_0_left->forward(h) + comb_iter_0_right->forward(p);
        const torch::Tensor x1 = comb_iter_1_left->forward(p) + comb_iter_1_right->forward(p);
        const torch::Tensor x2 = avgPoolSame(h, 3, 1) + p;
        const torch::Tensor pooledP = avgPoolSame(p, 3, 1);
        const torch::Tensor x3 = pooledP + pooledP; // the searched cell pools p twice
        const torch::Tensor x4 = comb_iter_4_left->forward(h) + h;
        return torch::cat({p, x0, x1, x2, x3, x4}, 1);
    }

    BranchSeparables comb_iter_0_left{nullptr}, comb_iter_0_right{nullptr};
    BranchSeparables comb_iter_1_left{nullptr}, comb_iter_1_right{nullptr};
    BranchSeparables comb_iter_4_left{nullptr};
};

/// Reduction cell (resolution halved by the stride-2 operations on h and p); output
/// concat[x1..x4] with 4 × filters channels (Keras _reduction_a_cell; Cadene CellStem0,
/// CellStem1, ReductionCell0/1).
class ReductionCellImpl : public CellImpl {
public:
    ReductionCellImpl(std::int64_t prevChannels, std::int64_t channels, std::int64_t filters,
                      PreviousInput previous)
    {
        registerInputs(prevChannels, channels, filters, previous);
        // In the first stem cell p is the raw stem convolution, so the p branches change width.
        const bool stem = previous == PreviousInput::Raw;
        const std::int64_t pChannels = stem ? prevChannels : filters;
        comb_iter_0_left = branch("comb_iter_0_left", filters, filters, 5, 2);
        comb_iter_0_right = branch("comb_iter_0_right", pChannels, filters, 7, 2, stem);
        comb_iter_1_right = branch("comb_iter_1_right", pChannels, filters, 7, 2, stem);
        comb_iter_2_right = branch("comb_iter_2_right", pChannels, filters, 5, 2, stem);
        comb_iter_4_left = branch("comb_iter_4_left", filters, filters, 3, 1);
    }

    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& prev) override
    {
        const torch::Tensor p = adjustPrevious(prev);
        const torch::Tensor h = adjustCurrent(x);
        const torch::Tensor x0 = comb_iter_0_left->forward(h) + comb_iter_0_right->forward(p);
        const torch::Tensor pooledH = maxPoolSame(h, 3, 2);
        const torch::Tensor x1 = pooledH + comb_iter_1_right->forward(p);
        const torch::Tensor x2 = avgPoolSame(h, 3, 2) + comb_iter_2_right->forward(p);
        const torch::Tensor x3 = avgPoolSame(x0, 3, 1) + x1;
        const torch::Tensor x4 = comb_iter_4_left->forward(x0) + pooledH;
        return torch::cat({x1, x2, x3, x4}, 1);
    }

    BranchSeparables comb_iter_0_left{nullptr}, comb_iter_0_right{nullptr};
    BranchSeparables comb_iter_1_right{nullptr}, comb_iter_2_right{nullptr};
    BranchSeparables comb_iter_4_left{nullptr};
};

} // namespace fovea::nasnet
