// torchvision's MobileNetV2 (torchvision/models/mobilenetv2.py, width 1.0), read top to bottom:
// the conv-BN-ReLU6 unit, the inverted residual block, then the network. Module names match
// torchvision 0.14 so its state dicts load unchanged.
#include "models/RegisteredArchitecture.h"

#include <torch/nn/init.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>

#include <array>

namespace fovea {
namespace {

namespace nn = torch::nn;

/// torchvision's Conv2dNormActivation: bias-free convolution (".0"), BatchNorm (".1", eps 1e-5)
/// and ReLU6 (".2"), padded to keep the size at stride 1. A Sequential subclass with a plain
/// forward, because libtorch cannot nest a bare Sequential inside another.
class ConvBNReLU6Impl : public nn::SequentialImpl {
public:
    ConvBNReLU6Impl(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride = 1,
                    std::int64_t groups = 1)
    {
        push_back(nn::Conv2d(nn::Conv2dOptions(in, out, kernel)
                                 .stride(stride)
                                 .padding((kernel - 1) / 2)
                                 .groups(groups)
                                 .bias(false)));
        push_back(nn::BatchNorm2d(out));
        push_back(nn::ReLU6(nn::ReLU6Options(true)));
    }

    torch::Tensor forward(torch::Tensor x) { return nn::SequentialImpl::forward(x); }
};
TORCH_MODULE(ConvBNReLU6);

/// 1×1 expansion (skipped at ratio 1), 3×3 depthwise, then a linear 1×1 projection: the
/// bottleneck has no activation, so the narrow representation keeps its information. The
/// identity shortcut joins the narrow ends when the shape is unchanged.
class InvertedResidualImpl : public nn::Module {
public:
    InvertedResidualImpl(std::int64_t in, std::int64_t out, std::int64_t stride,
                         std::int64_t expandRatio)
        : m_useResidual(stride == 1 && in == out)
    {
        const std::int64_t hidden = in * expandRatio;
        nn::Sequential layers;
        if (expandRatio != 1)
            layers->push_back(ConvBNReLU6(in, hidden, 1));
        layers->push_back(ConvBNReLU6(hidden, hidden, 3, stride, hidden));
        layers->push_back(nn::Conv2d(nn::Conv2dOptions(hidden, out, 1).bias(false)));
        layers->push_back(nn::BatchNorm2d(out));
        conv = register_module("conv", layers);
    }

    torch::Tensor forward(torch::Tensor x)
    {
        return m_useResidual ? x + conv->forward(x) : conv->forward(x);
    }

    nn::Sequential conv{nullptr};

private:
    bool m_useResidual = false;
};
TORCH_MODULE(InvertedResidual);

/// One row of torchvision's inverted_residual_setting: expansion t, channels c, repeats n,
/// stride s of the first repeat.
struct StageSetting {
    std::int64_t expandRatio;
    std::int64_t channels;
    int repeats;
    std::int64_t stride;
};

constexpr std::array<StageSetting, 7> kStages{{
    {1, 16, 1, 1},
    {6, 24, 2, 2},
    {6, 32, 3, 2},
    {6, 64, 4, 2},
    {6, 96, 3, 1},
    {6, 160, 3, 2},
    {6, 320, 1, 1},
}};
constexpr std::int64_t kStemChannels = 32;
constexpr std::int64_t kLastChannels = 1280;
constexpr double kDropout = 0.2;

class MobileNetV2 : public ClassifierNet {
public:
    explicit MobileNetV2(const ModelOptions& options)
        : m_head(options.head)
    {
        // The compact stem (as in the usual CIFAR ports) makes the stem convolution
        // (features.0) and the first strided block (features.2) stride 1: total stride 8
        // instead of 32, like ResNet's compact stem, so 28–64 px inputs keep a 4–8 px map. The
        // strides do not change any key or shape.
        nn::Sequential layers;
        layers->push_back(ConvBNReLU6(3, kStemChannels, 3, options.compactStem ? 1 : 2));
        std::int64_t inChannels = kStemChannels;
        bool firstStridedStage = true;
        for (const StageSetting& stage : kStages) {
            std::int64_t stride = stage.stride;
            if (stride == 2 && firstStridedStage) {
                firstStridedStage = false;
                if (options.compactStem)
                    stride = 1;
            }
            for (int i = 0; i < stage.repeats; ++i) {
                layers->push_back(InvertedResidual(inChannels, stage.channels, i == 0 ? stride : 1,
                                                   stage.expandRatio));
                inChannels = stage.channels;
            }
        }
        layers->push_back(ConvBNReLU6(inChannels, kLastChannels, 1));
        features = register_module("features", layers);
        replaceHead(options.numClasses);

        // torchvision: Kaiming-normal (fan_out) convolutions, unit BatchNorm (libtorch's
        // default); the default head's Linear is initialised in replaceHead.
        for (auto& module : features->modules(/*include_self=*/false)) {
            if (auto* conv = module->as<nn::Conv2d>())
                nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
        }
    }

protected:
    ModelOutput forwardLayers(torch::Tensor x) override
    {
        x = tapFeatures(stage("features", features, x));
        if (m_head.kind == HeadOptions::Kind::Default)
            x = torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
        return {classifier->forward(x), {}};
    }

public:
    void replaceHead(std::int64_t numClasses) override
    {
        nn::Sequential head;
        if (m_head.kind == HeadOptions::Kind::Default) {
            // torchvision's classifier: Dropout(0.2) (".0"), Linear (".1") at N(0, 0.01).
            nn::Linear linear(kLastChannels, numClasses);
            nn::init::normal_(linear->weight, 0.0, 0.01);
            nn::init::zeros_(linear->bias);
            head = nn::Sequential(nn::Dropout(kDropout), linear);
        } else {
            head = makeGenericHead(m_head, kLastChannels, numClasses);
        }
        classifier =
            classifier ? replace_module("classifier", head) : register_module("classifier", head);
    }

    std::string headName() const override { return "classifier"; }

private:
    HeadOptions m_head;
    nn::Sequential features{nullptr};
    nn::Sequential classifier{nullptr};
};

} // namespace

std::vector<RegisteredArchitecture> mobileNetV2Architectures()
{
    ArchitectureInfo info;
    info.name = "mobilenet_v2";
    info.family = "MobileNetV2";
    info.summary = "Inverted residuals with linear bottlenecks: cheap depthwise 3×3 convolutions "
                   "between a 1×1 expansion and a linear 1×1 projection.";
    info.defaultInputSize = 224;
    // Total stride 32, as ResNet: 32 px leaves a 1×1 map. (The padded strided convolutions
    // never shrink a map to nothing, so smaller inputs run too, with ever less to see.)
    info.minInputSize = 32;
    info.parameterCount = 3'504'872; // torchvision meta num_params
    info.classifierName = "classifier.1";
    info.preprocessing = torchImageNetPreprocessing(); // resize 256, crop 224, bilinear
    info.referenceTop1 = 71.878;                       // IMAGENET1K_V1
    // Keras Applications (tools-survey §6); its total adds 2 × 17,056 BatchNorm statistics.
    applyKerasFigures(info, {71.3, 90.1, 25.9, 3'538'984});
    return {{info, [](const ModelOptions& options) -> ClassifierNetPtr {
                 return std::make_shared<MobileNetV2>(options);
             }}};
}

} // namespace fovea
