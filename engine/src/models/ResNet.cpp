// torchvision's ResNet family (torchvision/models/resnet.py), read top to bottom: the two block
// types, then the network. Module names match torchvision so its state dicts load unchanged.
#include "models/ResNet.h"

#include "models/RegisteredArchitecture.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/init.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/functional.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/pooling.h>

namespace fovea {
namespace {

namespace nn = torch::nn;

nn::Conv2d conv3x3(std::int64_t in, std::int64_t out, std::int64_t stride = 1,
                   std::int64_t groups = 1)
{
    return nn::Conv2d(
        nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).groups(groups).bias(false));
}

nn::Conv2d conv1x1(std::int64_t in, std::int64_t out, std::int64_t stride = 1)
{
    return nn::Conv2d(nn::Conv2dOptions(in, out, 1).stride(stride).bias(false));
}

} // namespace

// A 3×3, zero-padding-1, ungrouped convolution whose output is one pixel (layer4 of a ResNet with
// its ImageNet stem on inputs of 32 px or less: a 1×1 picture at stride 1, or 2×2 at stride 2) is
// computed without padding from only the taps that meet the picture, the centre one or the
// lower-right four: the padded convolution multiplies the others by zeros, 8/9 or 5/9 of its
// work. Same weights, same result up to float rounding, same gradients (the unused taps' are
// exactly zero either way). ResNet-18 trains 11% faster at 32 px (fovea-bench-train). A matrix
// product instead of the small convolution halved the speed: BLAS's own threads fought
// libtorch's OpenMP team for the two cores.
torch::Tensor convolveSkippingZeroTaps(nn::Conv2d& conv, const torch::Tensor& x)
{
    const auto& options = conv->options;
    const auto both = [](const torch::ExpandingArray<2>& pair, std::int64_t value) {
        return (*pair)[0] == value && (*pair)[1] == value;
    };
    const auto* padding = c10::get_if<torch::ExpandingArray<2>>(&options.padding());
    const std::int64_t height = x.size(2);
    const std::int64_t width = x.size(3);
    const std::int64_t stride = (*options.stride())[0];
    const bool onePixelOut = height >= 1 && width >= 1 && height <= stride && width <= stride &&
                             height <= 2 && width <= 2 &&
                             c10::get_if<torch::enumtype::kZeros>(&options.padding_mode()) &&
                             (*options.stride())[1] == stride && padding && both(*padding, 1) &&
                             both(options.kernel_size(), 3) && both(options.dilation(), 1) &&
                             options.groups() == 1 && !options.bias();
    if (!onePixelOut)
        return conv->forward(x);
    // Output (0, 0) sees input rows and columns -1..1; the picture's are taps 1..height: an
    // unpadded convolution with those taps alone (oneDNN, as every other convolution here).
    const torch::Tensor taps = conv->weight.narrow(2, 1, height).narrow(3, 1, width);
    return torch::conv2d(x, taps.contiguous(x.suggest_memory_format()));
}

namespace {

/// The projection shortcut, present when a block changes resolution or width.
nn::Sequential makeDownsample(std::int64_t in, std::int64_t out, std::int64_t stride)
{
    return nn::Sequential(conv1x1(in, out, stride), nn::BatchNorm2d(out));
}

/// Two 3×3 convolutions (ResNet-18/34).
class BasicBlockImpl : public nn::Module {
public:
    static constexpr std::int64_t kExpansion = 1;

    BasicBlockImpl(std::int64_t inPlanes, std::int64_t planes, std::int64_t stride,
                   const ResNetSpec&)
        : conv1(register_module("conv1", conv3x3(inPlanes, planes, stride)))
        , bn1(register_module("bn1", nn::BatchNorm2d(planes)))
        , conv2(register_module("conv2", conv3x3(planes, planes)))
        , bn2(register_module("bn2", nn::BatchNorm2d(planes)))
    {
        if (stride != 1 || inPlanes != planes)
            downsample = register_module("downsample", makeDownsample(inPlanes, planes, stride));
    }

    torch::Tensor forward(torch::Tensor x)
    {
        torch::Tensor identity = downsample ? downsample->forward(x) : x;
        torch::Tensor out = bn1->forward(convolveSkippingZeroTaps(conv1, x)).relu_();
        out = bn2->forward(convolveSkippingZeroTaps(conv2, out));
        return (out += identity).relu_();
    }

    nn::Conv2d conv1;
    nn::BatchNorm2d bn1;
    nn::Conv2d conv2;
    nn::BatchNorm2d bn2;
    nn::Sequential downsample{nullptr};
};
TORCH_MODULE(BasicBlock);

/// 1×1 reduce, 3×3 (strided, grouped), 1×1 expand ×4 (ResNet-50 and deeper, ResNeXt, Wide).
class BottleneckImpl : public nn::Module {
public:
    static constexpr std::int64_t kExpansion = 4;

    BottleneckImpl(std::int64_t inPlanes, std::int64_t planes, std::int64_t stride,
                   const ResNetSpec& spec)
    {
        const std::int64_t width = planes * spec.widthPerGroup / 64 * spec.groups;
        const std::int64_t outPlanes = planes * kExpansion;
        conv1 = register_module("conv1", conv1x1(inPlanes, width));
        bn1 = register_module("bn1", nn::BatchNorm2d(width));
        conv2 = register_module("conv2", conv3x3(width, width, stride, spec.groups));
        bn2 = register_module("bn2", nn::BatchNorm2d(width));
        conv3 = register_module("conv3", conv1x1(width, outPlanes));
        bn3 = register_module("bn3", nn::BatchNorm2d(outPlanes));
        if (stride != 1 || inPlanes != outPlanes)
            downsample = register_module("downsample", makeDownsample(inPlanes, outPlanes, stride));
    }

    torch::Tensor forward(torch::Tensor x)
    {
        torch::Tensor identity = downsample ? downsample->forward(x) : x;
        torch::Tensor out = bn1->forward(conv1->forward(x)).relu_();
        out = bn2->forward(convolveSkippingZeroTaps(conv2, out)).relu_();
        out = bn3->forward(conv3->forward(out));
        return (out += identity).relu_();
    }

    nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr};
    nn::BatchNorm2d bn1{nullptr}, bn2{nullptr}, bn3{nullptr};
    nn::Sequential downsample{nullptr};
};
TORCH_MODULE(Bottleneck);

class ResNet : public ClassifierNet {
public:
    ResNet(const ResNetSpec& spec, const ModelOptions& options)
        : m_head(options.head)
        , m_useMaxPool(!options.compactStem)
    {
        if (options.compactStem) {
            conv1 = register_module("conv1", conv3x3(3, 64));
        } else {
            conv1 = register_module(
                "conv1", nn::Conv2d(nn::Conv2dOptions(3, 64, 7).stride(2).padding(3).bias(false)));
        }
        bn1 = register_module("bn1", nn::BatchNorm2d(64));
        const std::int64_t expansion =
            spec.bottleneck ? BottleneckImpl::kExpansion : BasicBlockImpl::kExpansion;
        std::int64_t inPlanes = 64;
        const std::array<std::int64_t, 4> planes{64, 128, 256, 512};
        for (std::size_t stage = 0; stage < 4; ++stage) {
            nn::Sequential layer;
            for (int block = 0; block < spec.blocks[stage]; ++block) {
                const std::int64_t stride = (stage > 0 && block == 0) ? 2 : 1;
                if (spec.bottleneck)
                    layer->push_back(Bottleneck(inPlanes, planes[stage], stride, spec));
                else
                    layer->push_back(BasicBlock(inPlanes, planes[stage], stride, spec));
                inPlanes = planes[stage] * expansion;
            }
            m_layers[stage] = register_module("layer" + std::to_string(stage + 1), layer);
        }
        m_featureChannels = 512 * expansion;
        replaceHead(options.numClasses);

        // torchvision: Kaiming-normal (fan_out) convolutions, unit BatchNorm; fc keeps the
        // default Linear initialisation.
        for (auto& module : modules(/*include_self=*/false)) {
            if (auto* conv = module->as<nn::Conv2d>())
                nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
        }
    }

protected:
    ModelOutput forwardLayers(torch::Tensor x) override
    {
        x = stage("bn1", bn1, stage("conv1", conv1, x)).relu_();
        if (m_useMaxPool)
            x = torch::max_pool2d(x, 3, 2, 1);
        for (std::size_t i = 0; i < m_layers.size(); ++i)
            x = stage(kLayerNames[i], m_layers[i], x);
        x = tapFeatures(x);
        if (m_genericHead)
            return {m_genericHead->forward(x), {}};
        return {fc->forward(torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1)), {}};
    }

public:
    void replaceHead(std::int64_t numClasses) override
    {
        installHead("fc", m_head, m_featureChannels, numClasses, fc, m_genericHead);
    }

    std::string headName() const override { return "fc"; }

private:
    HeadOptions m_head;
    bool m_useMaxPool = true;
    std::int64_t m_featureChannels = 0;
    nn::Conv2d conv1{nullptr};
    nn::BatchNorm2d bn1{nullptr};
    std::array<nn::Sequential, 4> m_layers;
    static constexpr const char* kLayerNames[4] = {"layer1", "layer2", "layer3", "layer4"};
    nn::Linear fc{nullptr};
    nn::Sequential m_genericHead{nullptr};
};

} // namespace

ClassifierNetPtr makeResNet(const ResNetSpec& spec, const ModelOptions& options)
{
    return std::make_shared<ResNet>(spec, options);
}

namespace {

RegisteredArchitecture resNetEntry(const char* name, ResNetSpec spec, std::int64_t parameters,
                                   double top1, KerasFigures keras = {})
{
    ArchitectureInfo info;
    info.name = name;
    info.family = "ResNet";
    info.summary = "Skip connections: each block learns a residual on top of the identity, so "
                   "very deep stacks still train.";
    info.defaultInputSize = 224;
    info.minInputSize = 32;
    info.parameterCount = parameters;
    info.classifierName = "fc";
    info.preprocessing = torchImageNetPreprocessing();
    info.referenceTop1 = top1;
    applyKerasFigures(info, keras);
    return {info, [spec](const ModelOptions& options) { return makeResNet(spec, options); }};
}

} // namespace

std::vector<RegisteredArchitecture> resNetArchitectures()
{
    // Counts and acc@1 from torchvision's weight metadata (shared/reference/architectures.md).
    return {
        resNetEntry("resnet18", {false, {2, 2, 2, 2}}, 11'689'512, 69.758),
        resNetEntry("resnet34", {false, {3, 4, 6, 3}}, 21'797'672, 73.314),
        resNetEntry("resnet50", {true, {3, 4, 6, 3}}, 25'557'032, 76.130,
                    {74.9, 92.1, 58.2, 25'636'712}),
        resNetEntry("resnet101", {true, {3, 4, 23, 3}}, 44'549'160, 77.374,
                    {76.4, 92.8, 89.6, 44'707'176}),
        resNetEntry("resnet152", {true, {3, 8, 36, 3}}, 60'192'808, 78.312,
                    {76.6, 93.1, 127.4, 60'419'944}),
        resNetEntry("resnext50_32x4d", {true, {3, 4, 6, 3}, 32, 4}, 25'028'904, 77.618),
        resNetEntry("wide_resnet50_2", {true, {3, 4, 6, 3}, 1, 128}, 68'883'240, 78.468),
    };
}

} // namespace fovea
