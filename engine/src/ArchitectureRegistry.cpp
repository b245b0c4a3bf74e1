// The architecture registry: name → {facts, factory}. Filled by one explicit function on first
// use (static registrar objects would be dropped by the linker from a static library).
#include "fovea/ArchitectureRegistry.h"

#include "ModelFactory.h"
#include "fovea/Error.h"
#include "models/RegisteredArchitecture.h"

#include <fmt/format.h>

namespace fovea {
namespace {

/// Every family, in the order `fovea-cli models` and the GUI list them.
std::vector<RegisteredArchitecture> registerBuiltinArchitectures()
{
    std::vector<RegisteredArchitecture> all;
    for (auto family : {smallCnnArchitectures, vggArchitectures, resNetArchitectures,
                        resNet9Architectures, googLeNetArchitectures, inceptionV3Architectures,
                        nasNetArchitectures, mobileNetV2Architectures}) {
        auto entries = family();
        all.insert(all.end(), std::make_move_iterator(entries.begin()),
                   std::make_move_iterator(entries.end()));
    }
    return all;
}

struct Registry {
    std::vector<ArchitectureInfo> infos;
    std::vector<std::function<ClassifierNetPtr(const ModelOptions&)>> factories;

    std::size_t indexOf(const std::string& name) const
    {
        for (std::size_t i = 0; i < infos.size(); ++i)
            if (infos[i].name == name)
                return i;
        throw Error(ErrorCode::UnknownArchitecture,
                    fmt::format("unknown architecture '{}'; known: {}", name, architectureNames()));
    }
};

const Registry& registry()
{
    static const Registry instance = [] {
        Registry r;
        for (auto& entry : registerBuiltinArchitectures()) {
            r.infos.push_back(std::move(entry.info));
            r.factories.push_back(std::move(entry.factory));
        }
        return r;
    }();
    return instance;
}

} // namespace

Preprocessing torchImageNetPreprocessing(float cropFraction, const char* interpolation)
{
    Preprocessing p;
    p.mode = "torch";
    p.cropFraction = cropFraction;
    p.interpolation = interpolation;
    return p;
}

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
    ClassifierNetPtr model = r.factories[r.indexOf(name)](options);
    model->setLayout(options.layout);
    return model;
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
