// Three conv-BN-ReLU stages (32, 64, 128 channels) with max-pooling between them, then global
// average pooling and one linear layer. Global pooling lets any input of 8 px or more work.
#include "models/SmallCnn.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/pooling.h>

namespace fovea {
namespace {

class SmallCnn : public ClassifierNet {
public:
    explicit SmallCnn(const ModelOptions& options)
    {
        namespace nn = torch::nn;
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
        stage(features, 64, 128);
        features->push_back(nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions(1)));
        m_features = register_module("features", features);
        m_classifier =
            register_module("classifier", nn::Sequential(nn::Flatten(), nn::Dropout(0.2),
                                                         nn::Linear(128, options.numClasses)));
        for (auto& module : modules(/*include_self=*/false))
            if (auto* conv = module->as<nn::Conv2d>())
                nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
    }

    torch::Tensor forward(torch::Tensor input) override
    {
        return m_classifier->forward(m_features->forward(input));
    }

private:
    torch::nn::Sequential m_features{nullptr};
    torch::nn::Sequential m_classifier{nullptr};
};

} // namespace

ClassifierNetPtr makeSmallCnn(const ModelOptions& options)
{
    return std::make_shared<SmallCnn>(options);
}

} // namespace fovea
