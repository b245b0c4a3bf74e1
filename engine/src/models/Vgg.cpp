// torchvision's VGG family (torchvision/models/vgg.py), read top to bottom: the layer lists, the
// feature stack, then the network. Module names match torchvision so its state dicts load
// unchanged.
#include "models/RegisteredArchitecture.h"

#include <torch/nn/init.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/pooling.h>

#include <vector>

namespace fovea {
namespace {

namespace nn = torch::nn;

/// torchvision's 'M' in a layer list: a 2×2 max-pool. Every other entry is the width of a 3×3
/// convolution.
constexpr std::int64_t M = 0;

/// torchvision's cfgs "A", "B", "D" and "E" (VGG-11, -13, -16, -19).
const std::vector<std::int64_t> kVgg11{64, M, 128, M, 256, 256, M, 512, 512, M, 512, 512, M};
const std::vector<std::int64_t> kVgg13{64, 64,  M,   128, 128, M,   256, 256,
                                       M,  512, 512, M,   512, 512, M};
const std::vector<std::int64_t> kVgg16{64, 64,  M,   128, 128, M,   256, 256, 256,
                                       M,  512, 512, 512, M,   512, 512, 512, M};
const std::vector<std::int64_t> kVgg19{64,  64,  M,   128, 128, M,   256, 256, 256, 256, M,
                                       512, 512, 512, 512, M,   512, 512, 512, 512, M};

struct VggSpec {
    std::vector<std::int64_t> layers;
    bool batchNorm = false;
};

constexpr std::int64_t kFeatureChannels = 512;
constexpr std::int64_t kPoolSize = 7; ///< torchvision's avgpool = AdaptiveAvgPool2d((7, 7))
constexpr std::int64_t kHiddenUnits = 4096;
constexpr double kDropout = 0.5;

/// torchvision's make_layers: conv (with bias), [BatchNorm], ReLU per width; MaxPool per M. The
/// ReLU and pooling modules stay in the Sequential because they take up indices in the keys
/// (features.N). The compact stem puts an Identity in place of the first max-pool: no early
/// down-sampling (total stride 16 instead of 32, so 28 px still leaves a 1×1 map) and every key
/// stays where torchvision has it.
nn::Sequential makeFeatures(const VggSpec& spec, bool compactStem)
{
    nn::Sequential features;
    std::int64_t inChannels = 3;
    bool firstPool = true;
    for (std::int64_t width : spec.layers) {
        if (width == M) {
            if (compactStem && firstPool)
                features->push_back(nn::Identity());
            else
                features->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(2).stride(2)));
            firstPool = false;
            continue;
        }
        features->push_back(nn::Conv2d(nn::Conv2dOptions(inChannels, width, 3).padding(1)));
        if (spec.batchNorm)
            features->push_back(nn::BatchNorm2d(width));
        features->push_back(nn::ReLU(nn::ReLUOptions(true)));
        inChannels = width;
    }
    return features;
}

/// A Linear layer initialised as torchvision's init_weights does: N(0, 0.01), zero bias.
nn::Linear makeLinear(std::int64_t in, std::int64_t out)
{
    nn::Linear linear(in, out);
    nn::init::normal_(linear->weight, 0.0, 0.01);
    nn::init::zeros_(linear->bias);
    return linear;
}

/// torchvision's classifier: two 4096-unit layers with dropout, then the class layer
/// (classifier.0, .3, .6). `fc6` and `fc7` are reused when given, so that a new class count
/// replaces only the class layer and keeps the (pretrained) 4096-unit layers.
nn::Sequential makeClassifier(std::int64_t numClasses, nn::Linear fc6 = nullptr,
                              nn::Linear fc7 = nullptr)
{
    if (!fc6)
        fc6 = makeLinear(kFeatureChannels * kPoolSize * kPoolSize, kHiddenUnits);
    if (!fc7)
        fc7 = makeLinear(kHiddenUnits, kHiddenUnits);
    return nn::Sequential(fc6, nn::ReLU(nn::ReLUOptions(true)), nn::Dropout(kDropout), fc7,
                          nn::ReLU(nn::ReLUOptions(true)), nn::Dropout(kDropout),
                          makeLinear(kHiddenUnits, numClasses));
}

class Vgg : public ClassifierNet {
public:
    Vgg(const VggSpec& spec, const ModelOptions& options)
        : m_head(options.head)
    {
        features = register_module("features", makeFeatures(spec, options.compactStem));
        // torchvision: Kaiming-normal (fan_out) convolutions with zero bias, unit BatchNorm
        // (libtorch's default).
        for (auto& module : features->modules(/*include_self=*/false)) {
            if (auto* conv = module->as<nn::Conv2d>()) {
                nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
                nn::init::zeros_(conv->bias);
            }
        }
        replaceHead(options.numClasses);
    }

protected:
    ModelOutput forwardLayers(torch::Tensor x) override
    {
        x = tapFeatures(stage("features", features, x));
        // The adaptive pool also scales a small map up to 7×7 (e.g. 1×1 at 32 px), so the
        // default head works at any input the features accept.
        if (m_head.kind == HeadOptions::Kind::Default)
            x = torch::adaptive_avg_pool2d(x, {kPoolSize, kPoolSize}).flatten(1);
        return {classifier->forward(x), {}};
    }

    /// With the default head only the class layer (classifier.6) is new: fine-tuning keeps
    /// the ~119 M pretrained parameters of fc6 and fc7. A generic head is replaced whole.
public:
    void replaceHead(std::int64_t numClasses) override
    {
        if (m_head.kind != HeadOptions::Kind::Default) {
            nn::Sequential head = makeGenericHead(m_head, kFeatureChannels, numClasses);
            classifier = classifier ? replace_module("classifier", head)
                                    : register_module("classifier", head);
        } else if (classifier) {
            classifier = replace_module(
                "classifier",
                makeClassifier(numClasses, nn::Linear(classifier->ptr<nn::LinearImpl>(0)),
                               nn::Linear(classifier->ptr<nn::LinearImpl>(3))));
        } else {
            classifier = register_module("classifier", makeClassifier(numClasses));
        }
    }

    std::string headName() const override
    {
        return m_head.kind == HeadOptions::Kind::Default ? "classifier.6" : "classifier";
    }

private:
    HeadOptions m_head;
    nn::Sequential features{nullptr};
    nn::Sequential classifier{nullptr};
};

RegisteredArchitecture vggEntry(const char* name, VggSpec spec, std::int64_t parameters,
                                double top1, KerasFigures keras = {})
{
    ArchitectureInfo info;
    info.name = name;
    info.family = "VGG";
    info.summary = "Depth from stacks of small 3×3 convolutions between max-pools, topped by "
                   "large fully connected layers.";
    info.defaultInputSize = 224;
    // Five 2×2 max-pools (floor): 32 px is the smallest input that still leaves a 1×1 map.
    info.minInputSize = 32;
    info.parameterCount = parameters;
    info.classifierName = "classifier.6";
    info.preprocessing = torchImageNetPreprocessing(); // resize 256, crop 224, bilinear
    info.referenceTop1 = top1;
    applyKerasFigures(info, keras);
    return {info, [spec](const ModelOptions& options) -> ClassifierNetPtr {
                return std::make_shared<Vgg>(spec, options);
            }};
}

} // namespace

std::vector<RegisteredArchitecture> vggArchitectures()
{
    // Counts and acc@1 from torchvision's weight metadata (shared/reference/architectures.md).
    return {
        vggEntry("vgg11", {kVgg11, false}, 132'863'336, 69.020),
        vggEntry("vgg11_bn", {kVgg11, true}, 132'868'840, 70.370),
        vggEntry("vgg13", {kVgg13, false}, 133'047'848, 69.928),
        vggEntry("vgg13_bn", {kVgg13, true}, 133'053'736, 71.586),
        vggEntry("vgg16", {kVgg16, false}, 138'357'544, 71.592, {71.3, 90.1, 69.5, 138'357'544}),
        vggEntry("vgg16_bn", {kVgg16, true}, 138'365'992, 73.360),
        vggEntry("vgg19", {kVgg19, false}, 143'667'240, 72.376, {71.3, 90.0, 84.8, 143'667'240}),
        vggEntry("vgg19_bn", {kVgg19, true}, 143'678'248, 74.218),
    };
}

} // namespace fovea
