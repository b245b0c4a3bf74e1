// ResNet-9 after David Page's DAWNBench network ("How to train your ResNet", Myrtle.ai 2018), read
// top to bottom: a preparation convolution, three stages that each widen and halve the picture
// (the first and last with a residual pair of convolutions), global max pooling and one linear
// layer. Nine weight layers, no strided convolutions: the cheapest network here that still
// reaches ResNet accuracy on 28–32 px pictures, so it trains on a two-core CPU in minutes.
// Page's layers and widths; the head is the registry's global-max-pool head (a linear layer with
// a bias, where Page's has none and scales the logits by 0.125).
#include "models/RegisteredArchitecture.h"

#include <torch/nn/init.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/pooling.h>

#include <fmt/format.h>

namespace fovea {
namespace {

namespace nn = torch::nn;

/// Appends a 3×3 convolution, batch norm and ReLU, the network's only building block, to `seq`.
nn::Sequential& appendConvBnRelu(nn::Sequential& seq, std::int64_t in, std::int64_t out)
{
    seq->push_back(nn::Conv2d(nn::Conv2dOptions(in, out, 3).padding(1).bias(false)));
    seq->push_back(nn::BatchNorm2d(out));
    seq->push_back(nn::ReLU(nn::ReLUOptions(true)));
    return seq;
}

/// One stage: convolution to `out` channels and a 2×2 max pool ("conv"), then optionally two
/// more convolutions added back onto their input ("res").
class ResNet9StageImpl : public nn::Module {
public:
    ResNet9StageImpl(std::int64_t in, std::int64_t out, bool residual)
    {
        nn::Sequential conv;
        appendConvBnRelu(conv, in, out)->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(2)));
        m_conv = register_module("conv", conv);
        if (residual) {
            nn::Sequential res;
            appendConvBnRelu(res, out, out);
            m_residual = register_module("res", appendConvBnRelu(res, out, out));
        }
    }

    torch::Tensor forward(torch::Tensor x)
    {
        x = m_conv->forward(x);
        return m_residual ? x + m_residual->forward(x) : x;
    }

private:
    nn::Sequential m_conv{nullptr};
    nn::Sequential m_residual{nullptr};
};
TORCH_MODULE(ResNet9Stage);

class ResNet9 : public ClassifierNet {
public:
    ResNet9(std::int64_t width, const ModelOptions& options)
        : m_head(options.head)
        , m_featureChannels(8 * width)
    {
        nn::Sequential prep;
        m_prep = register_module("prep", appendConvBnRelu(prep, 3, width));
        m_layer1 = register_module("layer1", ResNet9Stage(width, 2 * width, true));
        m_layer2 = register_module("layer2", ResNet9Stage(2 * width, 4 * width, false));
        m_layer3 = register_module("layer3", ResNet9Stage(4 * width, 8 * width, true));
        replaceHead(options.numClasses);
        for (auto& module : modules(/*include_self=*/false))
            if (auto* conv = module->as<nn::Conv2d>())
                nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
    }

    void replaceHead(std::int64_t numClasses) override
    {
        // The default head is Page's: global max pooling and one linear layer.
        HeadOptions head = m_head;
        if (head.kind == HeadOptions::Kind::Default)
            head.kind = HeadOptions::Kind::GlobalMaxPool;
        nn::Sequential classifier = makeGenericHead(head, m_featureChannels, numClasses);
        m_classifier = m_classifier ? replace_module("classifier", classifier)
                                    : register_module("classifier", classifier);
    }

    std::string headName() const override { return "classifier"; }

protected:
    ModelOutput forwardLayers(torch::Tensor x) override
    {
        x = stage("prep", m_prep, x);
        x = stage("layer1", m_layer1, x);
        x = stage("layer2", m_layer2, x);
        x = stage("layer3", m_layer3, x);
        return {m_classifier->forward(tapFeatures(x)), {}};
    }

private:
    HeadOptions m_head;
    std::int64_t m_featureChannels;
    nn::Sequential m_prep{nullptr};
    ResNet9Stage m_layer1{nullptr};
    ResNet9Stage m_layer2{nullptr};
    ResNet9Stage m_layer3{nullptr};
    nn::Sequential m_classifier{nullptr};
};

RegisteredArchitecture resNet9Entry(const std::string& name, std::int64_t width,
                                    std::int64_t parameterCount, const std::string& summary)
{
    ArchitectureInfo info;
    info.name = name;
    info.family = "ResNet-9";
    info.summary = summary;
    info.defaultInputSize = 32;
    info.minInputSize = 8; // three 2× pools leave 1 px; global pooling takes any size after
    info.parameterCount = parameterCount;
    info.classifierName = "classifier.3";
    info.preprocessing.mode = "dataset";
    info.preprocessing.cropFraction = 1.0f;
    return {info, [width](const ModelOptions& options) -> ClassifierNetPtr {
                return std::make_shared<ResNet9>(width, options);
            }};
}

} // namespace

std::vector<RegisteredArchitecture> resNet9Architectures()
{
    // Parameter counts at 1000 classes; the registry test checks them against the built model.
    return {resNet9Entry("resnet9", 64, 7'081'000,
                         "ResNet-9 after Page's DAWNBench network (64–512 channels), for 28–64 px "
                         "pictures"),
            resNet9Entry("resnet9-w32", 32, 1'900'552,
                         "ResNet-9 at half the width (32–256 channels): the network of the "
                         "Fashion-MNIST recipe, configs/fashion-mnist-95.json"),
            resNet9Entry("resnet9-w16", 16, 540'664,
                         "ResNet-9 at a quarter of the width (16–128 channels): about 1 500 "
                         "Fashion-MNIST images/s of training on two CPU cores")};
}

} // namespace fovea
