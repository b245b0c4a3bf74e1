// The architecture registry: name → {facts, factory}. Filled by one explicit function on first
// use (static registrar objects would be dropped by the linker from a static library).
#include "fovea/ArchitectureRegistry.h"

#include "ModelFactory.h"
#include "fovea/Error.h"
#include "models/ResNet.h"
#include "models/SmallCnn.h"

#include <fmt/format.h>

#include <functional>

namespace fovea {
namespace {

using Factory = std::function<ClassifierNetPtr(const ModelOptions&)>;

struct Registry {
    std::vector<ArchitectureInfo> infos;
    std::vector<Factory> factories;

    void add(ArchitectureInfo info, Factory factory)
    {
        infos.push_back(std::move(info));
        factories.push_back(std::move(factory));
    }

    std::size_t indexOf(const std::string& name) const
    {
        for (std::size_t i = 0; i < infos.size(); ++i)
            if (infos[i].name == name)
                return i;
        throw Error(ErrorCode::UnknownArchitecture,
                    fmt::format("unknown architecture '{}'; known: {}", name, architectureNames()));
    }
};

Preprocessing imagenetTorch(float cropFraction = 0.875f)
{
    Preprocessing p;
    p.mode = "torch";
    p.cropFraction = cropFraction;
    return p;
}

void addResNet(Registry& registry, const char* name, ResNetSpec spec, std::int64_t parameters,
               double top1)
{
    ArchitectureInfo info;
    info.name = name;
    info.family = "ResNet";
    info.summary = "Residual blocks: identity skip connections let very deep stacks train.";
    info.defaultInputSize = 224;
    info.minInputSize = 32;
    info.parameterCount = parameters;
    info.classifierName = "fc";
    info.preprocessing = imagenetTorch();
    info.referenceTop1 = top1;
    registry.add(info, [spec](const ModelOptions& options) { return makeResNet(spec, options); });
}

void registerBuiltinArchitectures(Registry& registry)
{
    {
        ArchitectureInfo info;
        info.name = "small-cnn";
        info.family = "Small CNN";
        info.summary = "Three convolution stages and global pooling: trains on a CPU in minutes.";
        info.defaultInputSize = 28;
        info.minInputSize = 8;
        info.parameterCount = 222'472; // at 1000 classes; checked against the built model in tests
        info.classifierName = "classifier.2";
        info.preprocessing.mode = "dataset";
        info.preprocessing.cropFraction = 1.0f;
        registry.add(info, makeSmallCnn);
    }
    // Counts and acc@1 from torchvision's weight metadata (../shared/reference/architectures.md).
    addResNet(registry, "resnet18", {false, {2, 2, 2, 2}}, 11'689'512, 69.758);
    addResNet(registry, "resnet34", {false, {3, 4, 6, 3}}, 21'797'672, 73.314);
    addResNet(registry, "resnet50", {true, {3, 4, 6, 3}}, 25'557'032, 76.130);
    addResNet(registry, "resnet101", {true, {3, 4, 23, 3}}, 44'549'160, 77.374);
    addResNet(registry, "resnet152", {true, {3, 8, 36, 3}}, 60'192'808, 78.312);
    addResNet(registry, "resnext50_32x4d", {true, {3, 4, 6, 3}, 32, 4}, 25'028'904, 77.618);
    addResNet(registry, "wide_resnet50_2", {true, {3, 4, 6, 3}, 1, 128}, 68'883'240, 78.468);
}

const Registry& registry()
{
    static const Registry instance = [] {
        Registry r;
        registerBuiltinArchitectures(r);
        return r;
    }();
    return instance;
}

} // namespace

const std::vector<ArchitectureInfo>& architectures()
{
    return registry().infos;
}

const ArchitectureInfo& architecture(const std::string& name)
{
    const Registry& r = registry();
    return r.infos[r.indexOf(name)];
}

std::string architectureNames()
{
    std::string names;
    for (const auto& info : registry().infos)
        names += (names.empty() ? "" : ", ") + info.name;
    return names;
}

ClassifierNetPtr createModel(const std::string& name, const ModelOptions& options)
{
    const Registry& r = registry();
    return r.factories[r.indexOf(name)](options);
}

std::int64_t countTrainableParameters(const torch::nn::Module& model)
{
    std::int64_t count = 0;
    for (const auto& parameter : model.parameters())
        if (parameter.requires_grad())
            count += parameter.numel();
    return count;
}

} // namespace fovea
