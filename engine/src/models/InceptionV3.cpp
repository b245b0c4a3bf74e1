// torchvision's Inception v3 (torchvision/models/inception.py), read top to bottom: the five
// Inception block types (A: 35×35, B: reduction to 17×17, C: 17×17 with factorised 7×7,
// D: reduction to 8×8, E: 8×8 with expanded 1×3 / 3×1 outputs), the auxiliary classifier,
// then the network. Module names match torchvision so its state dicts
// (inception_v3_google-0cc3c7bd.pth, with or without AuxLogits) load unchanged.
#include "models/InceptionV3.h"

#include "models/BasicConv2d.h"
#include "models/RegisteredArchitecture.h"

#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>

namespace fovea {
namespace {

namespace nn = torch::nn;

/// torchvision's initialisation: truncated normal with std 0.1 for every convolution and
/// linear weight (AuxLogits.fc overrides it with 0.001); BatchNorm keeps libtorch's 1 / 0,
/// linear biases their default.
void initialiseWeights(nn::Module& module, double stddev = 0.1)
{
    const auto initialise = [stddev](nn::Module& m) {
        if (auto* conv = m.as<nn::Conv2d>())
            truncNormal_(conv->weight, stddev);
        else if (auto* linear = m.as<nn::Linear>())
            truncNormal_(linear->weight, stddev);
    };
    initialise(module);
    // modules(include_self = false): the network calls this from its constructor, before a
    // shared_ptr owns it.
    for (auto& child : module.modules(/*include_self=*/false))
        initialise(*child);
}

/// The factorised convolutions: 1×n and n×1, padded to keep the size.
BasicConv2d conv1xN(std::int64_t in, std::int64_t out, std::int64_t n)
{
    return BasicConv2d(in, out, torch::ExpandingArray<2>({1, n}), 1,
                       torch::ExpandingArray<2>({0, n / 2}));
}

BasicConv2d convNx1(std::int64_t in, std::int64_t out, std::int64_t n)
{
    return BasicConv2d(in, out, torch::ExpandingArray<2>({n, 1}), 1,
                       torch::ExpandingArray<2>({n / 2, 0}));
}

/// Torchvision's pooling branch: 3×3 average, stride 1, padding counted (F.avg_pool2d).
torch::Tensor averagePool3x3(const torch::Tensor& x)
{
    return torch::avg_pool2d(x, 3, 1, 1);
}

torch::Tensor maxPool3x3Stride2(const torch::Tensor& x)
{
    return torch::max_pool2d(x, 3, 2);
}

/// 35×35 block: 1×1 | 1×1→5×5 | 1×1→3×3→3×3 | avg-pool→1×1; 224 + poolFeatures channels.
class InceptionAImpl : public nn::Module {
public:
    InceptionAImpl(std::int64_t in, std::int64_t poolFeatures)
        : branch1x1(register_module("branch1x1", BasicConv2d(in, 64, 1)))
        , branch5x5_1(register_module("branch5x5_1", BasicConv2d(in, 48, 1)))
        , branch5x5_2(register_module("branch5x5_2", BasicConv2d(48, 64, 5, 1, 2)))
        , branch3x3dbl_1(register_module("branch3x3dbl_1", BasicConv2d(in, 64, 1)))
        , branch3x3dbl_2(register_module("branch3x3dbl_2", BasicConv2d(64, 96, 3, 1, 1)))
        , branch3x3dbl_3(register_module("branch3x3dbl_3", BasicConv2d(96, 96, 3, 1, 1)))
        , branch_pool(register_module("branch_pool", BasicConv2d(in, poolFeatures, 1)))
    {
    }

    torch::Tensor forward(const torch::Tensor& x)
    {
        torch::Tensor b5x5 = branch5x5_2->forward(branch5x5_1->forward(x));
        torch::Tensor b3x3dbl =
            branch3x3dbl_3->forward(branch3x3dbl_2->forward(branch3x3dbl_1->forward(x)));
        torch::Tensor pool = branch_pool->forward(averagePool3x3(x));
        return torch::cat({branch1x1->forward(x), b5x5, b3x3dbl, pool}, 1);
    }

    BasicConv2d branch1x1, branch5x5_1, branch5x5_2, branch3x3dbl_1, branch3x3dbl_2, branch3x3dbl_3,
        branch_pool;
};
TORCH_MODULE(InceptionA);

/// Grid reduction 35 → 17: strided 3×3 | 1×1→3×3→strided 3×3 | max-pool; 480 + in channels.
class InceptionBImpl : public nn::Module {
public:
    explicit InceptionBImpl(std::int64_t in)
        : branch3x3(register_module("branch3x3", BasicConv2d(in, 384, 3, 2)))
        , branch3x3dbl_1(register_module("branch3x3dbl_1", BasicConv2d(in, 64, 1)))
        , branch3x3dbl_2(register_module("branch3x3dbl_2", BasicConv2d(64, 96, 3, 1, 1)))
        , branch3x3dbl_3(register_module("branch3x3dbl_3", BasicConv2d(96, 96, 3, 2)))
    {
    }

    torch::Tensor forward(const torch::Tensor& x)
    {
        torch::Tensor b3x3dbl =
            branch3x3dbl_3->forward(branch3x3dbl_2->forward(branch3x3dbl_1->forward(x)));
        return torch::cat({branch3x3->forward(x), b3x3dbl, maxPool3x3Stride2(x)}, 1);
    }

    BasicConv2d branch3x3, branch3x3dbl_1, branch3x3dbl_2, branch3x3dbl_3;
};
TORCH_MODULE(InceptionB);

/// 17×17 block with 7×7 convolutions factorised into 1×7 and 7×1 (the double branch starts
/// with 7×1); `c7` channels inside the branches, 768 out.
class InceptionCImpl : public nn::Module {
public:
    InceptionCImpl(std::int64_t in, std::int64_t c7)
        : branch1x1(register_module("branch1x1", BasicConv2d(in, 192, 1)))
        , branch7x7_1(register_module("branch7x7_1", BasicConv2d(in, c7, 1)))
        , branch7x7_2(register_module("branch7x7_2", conv1xN(c7, c7, 7)))
        , branch7x7_3(register_module("branch7x7_3", convNx1(c7, 192, 7)))
        , branch7x7dbl_1(register_module("branch7x7dbl_1", BasicConv2d(in, c7, 1)))
        , branch7x7dbl_2(register_module("branch7x7dbl_2", convNx1(c7, c7, 7)))
        , branch7x7dbl_3(register_module("branch7x7dbl_3", conv1xN(c7, c7, 7)))
        , branch7x7dbl_4(register_module("branch7x7dbl_4", convNx1(c7, c7, 7)))
        , branch7x7dbl_5(register_module("branch7x7dbl_5", conv1xN(c7, 192, 7)))
        , branch_pool(register_module("branch_pool", BasicConv2d(in, 192, 1)))
    {
    }

    torch::Tensor forward(const torch::Tensor& x)
    {
        torch::Tensor b7x7 = branch7x7_3->forward(branch7x7_2->forward(branch7x7_1->forward(x)));
        torch::Tensor b7x7dbl = branch7x7dbl_1->forward(x);
        b7x7dbl = branch7x7dbl_3->forward(branch7x7dbl_2->forward(b7x7dbl));
        b7x7dbl = branch7x7dbl_5->forward(branch7x7dbl_4->forward(b7x7dbl));
        torch::Tensor pool = branch_pool->forward(averagePool3x3(x));
        return torch::cat({branch1x1->forward(x), b7x7, b7x7dbl, pool}, 1);
    }

    BasicConv2d branch1x1, branch7x7_1, branch7x7_2, branch7x7_3, branch7x7dbl_1, branch7x7dbl_2,
        branch7x7dbl_3, branch7x7dbl_4, branch7x7dbl_5, branch_pool;
};
TORCH_MODULE(InceptionC);

/// Grid reduction 17 → 8: 1×1→strided 3×3 | 1×1→1×7→7×1→strided 3×3 | max-pool;
/// 512 + in channels.
class InceptionDImpl : public nn::Module {
public:
    explicit InceptionDImpl(std::int64_t in)
        : branch3x3_1(register_module("branch3x3_1", BasicConv2d(in, 192, 1)))
        , branch3x3_2(register_module("branch3x3_2", BasicConv2d(192, 320, 3, 2)))
        , branch7x7x3_1(register_module("branch7x7x3_1", BasicConv2d(in, 192, 1)))
        , branch7x7x3_2(register_module("branch7x7x3_2", conv1xN(192, 192, 7)))
        , branch7x7x3_3(register_module("branch7x7x3_3", convNx1(192, 192, 7)))
        , branch7x7x3_4(register_module("branch7x7x3_4", BasicConv2d(192, 192, 3, 2)))
    {
    }

    torch::Tensor forward(const torch::Tensor& x)
    {
        torch::Tensor b3x3 = branch3x3_2->forward(branch3x3_1->forward(x));
        torch::Tensor b7x7x3 =
            branch7x7x3_3->forward(branch7x7x3_2->forward(branch7x7x3_1->forward(x)));
        b7x7x3 = branch7x7x3_4->forward(b7x7x3);
        return torch::cat({b3x3, b7x7x3, maxPool3x3Stride2(x)}, 1);
    }

    BasicConv2d branch3x3_1, branch3x3_2, branch7x7x3_1, branch7x7x3_2, branch7x7x3_3,
        branch7x7x3_4;
};
TORCH_MODULE(InceptionD);

/// 8×8 block whose 3×3 branches end in parallel 1×3 and 3×1 convolutions (widening instead
/// of deepening); 2048 out.
class InceptionEImpl : public nn::Module {
public:
    explicit InceptionEImpl(std::int64_t in)
        : branch1x1(register_module("branch1x1", BasicConv2d(in, 320, 1)))
        , branch3x3_1(register_module("branch3x3_1", BasicConv2d(in, 384, 1)))
        , branch3x3_2a(register_module("branch3x3_2a", conv1xN(384, 384, 3)))
        , branch3x3_2b(register_module("branch3x3_2b", convNx1(384, 384, 3)))
        , branch3x3dbl_1(register_module("branch3x3dbl_1", BasicConv2d(in, 448, 1)))
        , branch3x3dbl_2(register_module("branch3x3dbl_2", BasicConv2d(448, 384, 3, 1, 1)))
        , branch3x3dbl_3a(register_module("branch3x3dbl_3a", conv1xN(384, 384, 3)))
        , branch3x3dbl_3b(register_module("branch3x3dbl_3b", convNx1(384, 384, 3)))
        , branch_pool(register_module("branch_pool", BasicConv2d(in, 192, 1)))
    {
    }

    torch::Tensor forward(const torch::Tensor& x)
    {
        torch::Tensor b3x3 = branch3x3_1->forward(x);
        b3x3 = torch::cat({branch3x3_2a->forward(b3x3), branch3x3_2b->forward(b3x3)}, 1);
        torch::Tensor b3x3dbl = branch3x3dbl_2->forward(branch3x3dbl_1->forward(x));
        b3x3dbl =
            torch::cat({branch3x3dbl_3a->forward(b3x3dbl), branch3x3dbl_3b->forward(b3x3dbl)}, 1);
        torch::Tensor pool = branch_pool->forward(averagePool3x3(x));
        return torch::cat({branch1x1->forward(x), b3x3, b3x3dbl, pool}, 1);
    }

    BasicConv2d branch1x1, branch3x3_1, branch3x3_2a, branch3x3_2b, branch3x3dbl_1, branch3x3dbl_2,
        branch3x3dbl_3a, branch3x3dbl_3b, branch_pool;
};
TORCH_MODULE(InceptionE);

/// The auxiliary classifier on the 17×17 Mixed_6e map (training only): 5×5 average pool,
/// stride 3 (→ 5×5), 1×1 conv to 128, 5×5 conv to 768, global average, fc.
class InceptionAuxImpl : public nn::Module {
public:
    static constexpr double kClassifierStd = 0.001;

    InceptionAuxImpl(std::int64_t in, std::int64_t numClasses)
        : conv0(register_module("conv0", BasicConv2d(in, 128, 1)))
        , conv1(register_module("conv1", BasicConv2d(128, 768, 5)))
        , fc(register_module("fc", nn::Linear(768, numClasses)))
    {
    }

    torch::Tensor forward(torch::Tensor x)
    {
        // torchvision's fixed pool needs a map of at least 17×17 (299 px input) for conv1's
        // 5×5 kernel, and raises below that. Smaller maps (75–298 px, compactStem) are pooled
        // adaptively to 5×5 instead, so the aux head trains at any accepted input size;
        // where torchvision works, the result is identical.
        if (x.size(2) >= 17 && x.size(3) >= 17)
            x = torch::avg_pool2d(x, 5, 3);
        else
            x = torch::adaptive_avg_pool2d(x, {5, 5});
        x = conv1->forward(conv0->forward(x));
        return fc->forward(torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1));
    }

    /// A fresh final layer for `numClasses`, initialised like torchvision's.
    void replaceClassifier(std::int64_t numClasses)
    {
        fc = replace_module("fc", nn::Linear(768, numClasses));
        initialiseWeights(*fc, kClassifierStd);
    }

    BasicConv2d conv0, conv1;
    nn::Linear fc;
};
TORCH_MODULE(InceptionAux);

class InceptionV3 : public ClassifierNet {
public:
    static constexpr std::int64_t kFeatureChannels = 2048;

    InceptionV3(const ModelOptions& options, const InceptionV3Spec& spec)
        : m_head(options.head)
        , m_compactStem(options.compactStem)
        , m_transformInput(options.transformInput)
    {
        // compactStem (28–64 px inputs): Conv2d_1a_3x3 with stride 1 and no maxpool1 /
        // maxpool2, so the stem shrinks the image by 6 px instead of about 8× (32 px → 26, 12
        // and 5 px at the Mixed_5, 6 and 7 blocks, where 299 px gives 35, 17 and 8). Every key
        // and shape is unchanged, so torchvision's weights still load.
        Conv2d_1a_3x3 =
            register_module("Conv2d_1a_3x3", BasicConv2d(3, 32, 3, options.compactStem ? 1 : 2));
        Conv2d_2a_3x3 = register_module("Conv2d_2a_3x3", BasicConv2d(32, 32, 3));
        Conv2d_2b_3x3 = register_module("Conv2d_2b_3x3", BasicConv2d(32, 64, 3, 1, 1));
        Conv2d_3b_1x1 = register_module("Conv2d_3b_1x1", BasicConv2d(64, 80, 1));
        Conv2d_4a_3x3 = register_module("Conv2d_4a_3x3", BasicConv2d(80, 192, 3));
        Mixed_5b = register_module("Mixed_5b", InceptionA(192, 32));
        Mixed_5c = register_module("Mixed_5c", InceptionA(256, 64));
        Mixed_5d = register_module("Mixed_5d", InceptionA(288, 64));
        Mixed_6a = register_module("Mixed_6a", InceptionB(288));
        Mixed_6b = register_module("Mixed_6b", InceptionC(768, 128));
        Mixed_6c = register_module("Mixed_6c", InceptionC(768, 160));
        Mixed_6d = register_module("Mixed_6d", InceptionC(768, 160));
        Mixed_6e = register_module("Mixed_6e", InceptionC(768, 192));
        if (options.auxLogits)
            AuxLogits = register_module("AuxLogits", InceptionAux(768, options.numClasses));
        Mixed_7a = register_module("Mixed_7a", InceptionD(768));
        Mixed_7b = register_module("Mixed_7b", InceptionE(1280));
        Mixed_7c = register_module("Mixed_7c", InceptionE(2048));
        // Registered like torchvision's (not functional), so callers can reach its rate.
        if (m_head.kind == HeadOptions::Kind::Default)
            dropout = register_module("dropout", nn::Dropout(spec.dropout));
        buildHead(options.numClasses);

        initialiseWeights(*this);
        // torchvision also sets stddev 0.01 on AuxLogits.conv1, but on the BasicConv2d
        // wrapper, which its initialisation loop never looks at: that conv keeps 0.1.
        if (AuxLogits)
            initialiseWeights(*AuxLogits->fc, InceptionAuxImpl::kClassifierStd);
    }

protected:
    ModelOutput forwardLayers(torch::Tensor x) override
    {
        if (m_transformInput)
            x = imageNetToTfScaling(x);
        x = stage("Conv2d_1a_3x3", Conv2d_1a_3x3, x);
        x = stage("Conv2d_2a_3x3", Conv2d_2a_3x3, x);
        x = stage("Conv2d_2b_3x3", Conv2d_2b_3x3, x);
        if (!m_compactStem)
            x = maxPool3x3Stride2(x);
        x = stage("Conv2d_4a_3x3", Conv2d_4a_3x3, stage("Conv2d_3b_1x1", Conv2d_3b_1x1, x));
        if (!m_compactStem)
            x = maxPool3x3Stride2(x);
        x = stage("Mixed_5b", Mixed_5b, x);
        x = stage("Mixed_5d", Mixed_5d, stage("Mixed_5c", Mixed_5c, x));
        x = stage("Mixed_6a", Mixed_6a, x);
        x = stage("Mixed_6c", Mixed_6c, stage("Mixed_6b", Mixed_6b, x));
        x = stage("Mixed_6e", Mixed_6e, stage("Mixed_6d", Mixed_6d, x));

        ModelOutput output;
        if (AuxLogits && is_training())
            output.auxLogits.push_back(stage("AuxLogits", AuxLogits, x));
        x = stage("Mixed_7b", Mixed_7b, stage("Mixed_7a", Mixed_7a, x));
        x = tapFeatures(stage("Mixed_7c", Mixed_7c, x));
        if (m_genericHead) {
            output.logits = m_genericHead->forward(x);
        } else {
            x = torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
            output.logits = fc->forward(dropout->forward(x));
        }
        return output;
    }

public:
    /// Replaces `fc` and, when present, AuxLogits.fc, so the auxiliary logits keep the main
    /// head's class count.
    void replaceHead(std::int64_t numClasses) override
    {
        buildHead(numClasses);
        if (AuxLogits)
            AuxLogits->replaceClassifier(numClasses);
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
    BasicConv2d Conv2d_1a_3x3{nullptr}, Conv2d_2a_3x3{nullptr}, Conv2d_2b_3x3{nullptr},
        Conv2d_3b_1x1{nullptr}, Conv2d_4a_3x3{nullptr};
    InceptionA Mixed_5b{nullptr}, Mixed_5c{nullptr}, Mixed_5d{nullptr};
    InceptionB Mixed_6a{nullptr};
    InceptionC Mixed_6b{nullptr}, Mixed_6c{nullptr}, Mixed_6d{nullptr}, Mixed_6e{nullptr};
    InceptionAux AuxLogits{nullptr};
    InceptionD Mixed_7a{nullptr};
    InceptionE Mixed_7b{nullptr}, Mixed_7c{nullptr};
    nn::Dropout dropout{nullptr};
    nn::Linear fc{nullptr};
    nn::Sequential m_genericHead{nullptr};
};

} // namespace

ClassifierNetPtr makeInceptionV3(const ModelOptions& options, const InceptionV3Spec& spec)
{
    return std::make_shared<InceptionV3>(options, spec);
}

std::vector<RegisteredArchitecture> inceptionV3Architectures()
{
    // Figures from torchvision's weight metadata (shared/reference/architectures.md §0, §4).
    // The weights were ported from TensorFlow and expect (x - 0.5) / 0.5 input: this
    // preprocessing gives exactly that, so they need transformInput = false here
    // (torchvision's builder instead takes ImageNet mean/std input and turns
    // transform_input on).
    ArchitectureInfo info;
    info.name = "inception_v3";
    info.family = "Inception v3";
    info.summary = "Factorised convolutions: n×n split into 1×n and n×1 (5×5 into two 3×3), "
                   "parallel strided branches for grid reduction, an auxiliary classifier.";
    info.defaultInputSize = 299;
    info.minInputSize = 75;           // torchvision's min_size; 74 px leaves nothing for Mixed_7a
    info.parameterCount = 23'834'568; // without AuxLogits (with it: 27,161,264)
    info.classifierName = "fc";
    info.auxLossWeight = 0.4; // as in torchvision's reference training
    info.preprocessing.mode = "tf";
    info.preprocessing.mean = {0.5f, 0.5f, 0.5f};
    info.preprocessing.std = {0.5f, 0.5f, 0.5f};
    info.preprocessing.cropFraction = 299.0f / 342.0f; // resize 342, centre crop 299
    info.preprocessing.interpolation = "bilinear";
    info.referenceTop1 = 77.294;
    // Keras Applications (tools-survey §6); Keras' BN has no gamma, hence its count.
    applyKerasFigures(info, {77.9, 93.7, 42.2, 23'851'784});
    return {{info, [](const ModelOptions& options) { return makeInceptionV3(options); }}};
}

} // namespace fovea
