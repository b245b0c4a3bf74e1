// torchvision's GoogLeNet (torchvision/models/googlenet.py), read top to bottom: the Inception
// module, the auxiliary classifier, then the network. Module names match torchvision so its
// state dicts (googlenet-1378be20.pth, with or without aux1/aux2) load unchanged.
#include "models/GoogLeNet.h"

#include "models/BasicConv2d.h"
#include "models/RegisteredArchitecture.h"

#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/pooling.h>

namespace fovea {
namespace {

namespace nn = torch::nn;

/// torchvision's initialisation: truncated normal (std 0.01) for every convolution and linear
/// weight; BatchNorm keeps libtorch's 1 / 0, linear biases their default.
void initialiseWeights(nn::Module& module)
{
    const auto initialise = [](nn::Module& m) {
        if (auto* conv = m.as<nn::Conv2d>())
            truncNormal_(conv->weight, 0.01);
        else if (auto* linear = m.as<nn::Linear>())
            truncNormal_(linear->weight, 0.01);
    };
    initialise(module);
    // modules(include_self = false): the network calls this from its constructor, before a
    // shared_ptr owns it.
    for (auto& child : module.modules(/*include_self=*/false))
        initialise(*child);
}

/// Four parallel branches concatenated along channels: 1×1; 1×1 then 3×3; 1×1 then "5×5";
/// 3×3 max-pool then 1×1.
class InceptionImpl : public nn::Module {
public:
    InceptionImpl(std::int64_t in, std::int64_t ch1x1, std::int64_t ch3x3red, std::int64_t ch3x3,
                  std::int64_t ch5x5red, std::int64_t ch5x5, std::int64_t poolProj)
        : branch1(register_module("branch1", BasicConv2d(in, ch1x1, 1)))
        , branch2(register_module("branch2", nn::Sequential(BasicConv2d(in, ch3x3red, 1),
                                                            BasicConv2d(ch3x3red, ch3x3, 3, 1, 1))))
        // A 3×3 where the paper has 5×5: torchvision's known bug (vision issue #906), kept
        // because the ported weights are 3×3.
        , branch3(register_module("branch3", nn::Sequential(BasicConv2d(in, ch5x5red, 1),
                                                            BasicConv2d(ch5x5red, ch5x5, 3, 1, 1))))
        , branch4(register_module(
              "branch4",
              nn::Sequential(
                  nn::MaxPool2d(nn::MaxPool2dOptions(3).stride(1).padding(1).ceil_mode(true)),
                  BasicConv2d(in, poolProj, 1))))
    {
    }

    torch::Tensor forward(const torch::Tensor& x)
    {
        return torch::cat(
            {branch1->forward(x), branch2->forward(x), branch3->forward(x), branch4->forward(x)},
            1);
    }

    BasicConv2d branch1;
    nn::Sequential branch2, branch3, branch4;
};
TORCH_MODULE(Inception);

/// The auxiliary classifier on an intermediate map (training only): 4×4 average pool, 1×1
/// conv to 128, fc1 1024 + ReLU, dropout, fc2.
class InceptionAuxImpl : public nn::Module {
public:
    InceptionAuxImpl(std::int64_t in, std::int64_t numClasses, double dropoutRate)
        : conv(register_module("conv", BasicConv2d(in, 128, 1)))
        , fc1(register_module("fc1", nn::Linear(2048, 1024)))
        , fc2(register_module("fc2", nn::Linear(1024, numClasses)))
        , dropout(register_module("dropout", nn::Dropout(dropoutRate)))
    {
    }

    torch::Tensor forward(torch::Tensor x)
    {
        x = conv->forward(torch::adaptive_avg_pool2d(x, {4, 4})).flatten(1);
        x = fc1->forward(x).relu_();
        return fc2->forward(dropout->forward(x));
    }

    /// A fresh final layer for `numClasses`, initialised like the rest of the network.
    void replaceClassifier(std::int64_t numClasses)
    {
        fc2 = replace_module("fc2", nn::Linear(1024, numClasses));
        initialiseWeights(*fc2);
    }

    BasicConv2d conv;
    nn::Linear fc1, fc2;
    nn::Dropout dropout;
};
TORCH_MODULE(InceptionAux);

torch::Tensor maxPoolCeil(const torch::Tensor& x, std::int64_t kernel)
{
    return torch::max_pool2d(x, kernel, /*stride=*/2, /*padding=*/0, /*dilation=*/1,
                             /*ceil_mode=*/true);
}

class GoogLeNet : public ClassifierNet {
public:
    static constexpr std::int64_t kFeatureChannels = 1024;

    GoogLeNet(const ModelOptions& options, const GoogLeNetSpec& spec)
        : m_head(options.head)
        , m_compactStem(options.compactStem)
        , m_transformInput(options.transformInput)
    {
        // compactStem (28–64 px inputs): a stride-1 3×3 conv1 and no maxpool1/maxpool2, so
        // the first Inception stage sees the full image (32 px → 32, 16 and 8 px at stages
        // 3, 4 and 5 instead of 4, 2 and 1). Every other key is unchanged; conv1.conv.weight
        // becomes [64, 3, 3, 3].
        if (options.compactStem)
            conv1 = register_module("conv1", BasicConv2d(3, 64, 3, 1, 1));
        else
            conv1 = register_module("conv1", BasicConv2d(3, 64, 7, 2, 3));
        conv2 = register_module("conv2", BasicConv2d(64, 64, 1));
        conv3 = register_module("conv3", BasicConv2d(64, 192, 3, 1, 1));

        inception3a = register_module("inception3a", Inception(192, 64, 96, 128, 16, 32, 32));
        inception3b = register_module("inception3b", Inception(256, 128, 128, 192, 32, 96, 64));

        inception4a = register_module("inception4a", Inception(480, 192, 96, 208, 16, 48, 64));
        inception4b = register_module("inception4b", Inception(512, 160, 112, 224, 24, 64, 64));
        inception4c = register_module("inception4c", Inception(512, 128, 128, 256, 24, 64, 64));
        inception4d = register_module("inception4d", Inception(512, 112, 144, 288, 32, 64, 64));
        inception4e = register_module("inception4e", Inception(528, 256, 160, 320, 32, 128, 128));

        inception5a = register_module("inception5a", Inception(832, 256, 160, 320, 32, 128, 128));
        inception5b = register_module("inception5b", Inception(832, 384, 192, 384, 48, 128, 128));

        if (options.auxLogits) {
            aux1 = register_module("aux1", InceptionAux(512, options.numClasses, spec.auxDropout));
            aux2 = register_module("aux2", InceptionAux(528, options.numClasses, spec.auxDropout));
        }
        // Registered like torchvision's (not functional), so callers can reach its rate.
        if (m_head.kind == HeadOptions::Kind::Default)
            dropout = register_module("dropout", nn::Dropout(spec.dropout));
        buildHead(options.numClasses);
        initialiseWeights(*this);
    }

protected:
    ModelOutput forwardLayers(torch::Tensor x) override
    {
        if (m_transformInput)
            x = imageNetToTfScaling(x);
        x = stage("conv1", conv1, x);
        if (!m_compactStem)
            x = maxPoolCeil(x, 3);
        x = stage("conv3", conv3, stage("conv2", conv2, x));
        if (!m_compactStem)
            x = maxPoolCeil(x, 3);

        x = stage("inception3b", inception3b, stage("inception3a", inception3a, x));
        x = maxPoolCeil(x, 3);

        ModelOutput output;
        const bool withAux = aux1 && is_training();
        x = stage("inception4a", inception4a, x);
        // torchvision's GoogLeNetOutputs swaps the field names (aux_logits2 holds aux1's
        // output); its tuple order, and ours, is aux1 (after 4a), then aux2 (after 4d).
        if (withAux)
            output.auxLogits.push_back(stage("aux1", aux1, x));
        x = stage("inception4b", inception4b, x);
        x = stage("inception4d", inception4d, stage("inception4c", inception4c, x));
        if (withAux)
            output.auxLogits.push_back(stage("aux2", aux2, x));
        x = maxPoolCeil(stage("inception4e", inception4e, x), 2);

        x = tapFeatures(stage("inception5b", inception5b, stage("inception5a", inception5a, x)));
        if (m_genericHead) {
            output.logits = m_genericHead->forward(x);
        } else {
            x = torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
            output.logits = fc->forward(dropout->forward(x));
        }
        return output;
    }

public:
    /// Replaces `fc` and, when present, the final layers of both auxiliary classifiers, so
    /// the auxiliary logits keep the main head's class count.
    void replaceHead(std::int64_t numClasses) override
    {
        buildHead(numClasses);
        if (aux1) {
            aux1->replaceClassifier(numClasses);
            aux2->replaceClassifier(numClasses);
        }
    }

    std::string headName() const override { return "fc"; }

private:
    void buildHead(std::int64_t numClasses)
    {
        initialiseWeights(
            installHead("fc", m_head, kFeatureChannels, numClasses, fc, m_genericHead));
    }

    HeadOptions m_head;
    bool m_compactStem = false;
    bool m_transformInput = false;
    BasicConv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr};
    Inception inception3a{nullptr}, inception3b{nullptr};
    Inception inception4a{nullptr}, inception4b{nullptr}, inception4c{nullptr},
        inception4d{nullptr}, inception4e{nullptr};
    Inception inception5a{nullptr}, inception5b{nullptr};
    InceptionAux aux1{nullptr}, aux2{nullptr};
    nn::Dropout dropout{nullptr};
    nn::Linear fc{nullptr};
    nn::Sequential m_genericHead{nullptr};
};

} // namespace

ClassifierNetPtr makeGoogLeNet(const ModelOptions& options, const GoogLeNetSpec& spec)
{
    return std::make_shared<GoogLeNet>(options, spec);
}

std::vector<RegisteredArchitecture> googLeNetArchitectures()
{
    // Figures from torchvision's weight metadata (shared/reference/architectures.md §0, §3).
    // Keras Applications has no GoogLeNet. The ported weights expect transformInput = true
    // with this (ImageNet mean/std) preprocessing, as torchvision's builder sets it.
    ArchitectureInfo info;
    info.name = "googlenet";
    info.family = "GoogLeNet";
    info.summary = "Inception modules: parallel 1×1, 3×3, 5×5 convolution and 3×3 pooling "
                   "branches side by side, with 1×1 reductions and auxiliary classifiers.";
    info.defaultInputSize = 224;
    info.minInputSize = 15;          // torchvision's min_size; 14 px fails at maxpool3
    info.parameterCount = 6'624'904; // without aux1/aux2 (with them: 13,004,888)
    info.classifierName = "fc";
    info.auxLossWeight = 0.3; // per aux head, as in torchvision's reference training
    info.preprocessing = torchImageNetPreprocessing(0.875f, "bilinear");
    info.referenceTop1 = 69.778;
    return {{info, [](const ModelOptions& options) { return makeGoogLeNet(options); }}};
}

} // namespace fovea
