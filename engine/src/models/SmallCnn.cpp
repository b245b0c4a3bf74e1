// Three conv-BN-ReLU stages (32, 64, 128 channels) with max-pooling between them, then global
// average pooling and one linear layer. Global pooling lets any input of 8 px or more work.
#include "models/SmallCnn.h"

#include "models/RegisteredArchitecture.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/pooling.h>

namespace fovea {
namespace {

namespace nn = torch::nn;

class SmallCnn : public ClassifierNet {
public:
    explicit SmallCnn(const ModelOptions& options)
        : m_head(options.head)
    {
        auto stage = [](nn::Sequential& seq, std::int64_t in, std::int64_t out) {
            seq->push_back(nn::Conv2d(nn::Conv2dOptions(in, out, 3).padding(1).bias(false)));
            seq->push_back(nn::BatchNorm2d(out));
            seq->push_back(nn::ReLU(nn::ReLUOptions(true)));
        };
        nn::Sequential features;
        stage(features, 3, 32);
        features->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(2)));
        stage(features, 32, 64);
        features->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(2)));
        stage(features, 64, kFeatureChannels);
        m_features = register_module("features", features);
        replaceHead(options.numClasses);
        for (auto& module : modules(/*include_self=*/false))
            if (auto* conv = module->as<nn::Conv2d>())
                nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
    }

protected:
    ModelOutput forwardLayers(torch::Tensor input) override
    {
        return {m_classifier->forward(tapFeatures(stage("features", m_features, input))), {}};
    }

public:
    void replaceHead(std::int64_t numClasses) override
    {
        // The default head is global average pooling, dropout 0.2 and one linear layer.
        HeadOptions head = m_head;
        if (head.kind == HeadOptions::Kind::Default) {
            head.kind = HeadOptions::Kind::GlobalAveragePool;
            head.dropout = 0.2;
        }
        nn::Sequential classifier = makeGenericHead(head, kFeatureChannels, numClasses);
        m_classifier = m_classifier ? replace_module("classifier", classifier)
                                    : register_module("classifier", classifier);
    }

    std::string headName() const override { return "classifier"; }

private:
    static constexpr std::int64_t kFeatureChannels = 128;
    HeadOptions m_head;
    nn::Sequential m_features{nullptr};
    nn::Sequential m_classifier{nullptr};
};

} // namespace

ClassifierNetPtr makeSmallCnn(const ModelOptions& options)
{
    return std::make_shared<SmallCnn>(options);
}

std::vector<RegisteredArchitecture> smallCnnArchitectures()
{
    ArchitectureInfo info;
    info.name = "small-cnn";
    info.family = "Small CNN";
    info.summary = "Three convolution stages and global pooling: trains on a CPU in minutes.";
    info.defaultInputSize = 28;
    info.minInputSize = 8;
    info.parameterCount = 222'472; // at 1000 classes; checked against the built model in tests
    info.classifierName = "classifier.3";
    info.preprocessing.mode = "dataset";
    info.preprocessing.cropFraction = 1.0f;
    return {{info, makeSmallCnn}};
}

} // namespace fovea
