#include "ModelSetup.h"

#include "ModelFactory.h"
#include "StateDictIO.h"

#include <fmt/format.h>

namespace fovea {
namespace {

HeadOptions::Kind headKind(const std::string& name)
{
    if (name == "fc")
        return HeadOptions::Kind::FullyConnected;
    if (name == "avg")
        return HeadOptions::Kind::GlobalAveragePool;
    if (name == "max")
        return HeadOptions::Kind::GlobalMaxPool;
    return HeadOptions::Kind::Default;
}

} // namespace

ModelOptions modelOptions(const TrainingConfig& config, std::int64_t numClasses)
{
    ModelOptions options;
    options.numClasses = numClasses;
    options.compactStem = config.compactStem;
    options.auxLogits = config.auxLogits;
    options.head.kind = headKind(config.head);
    options.head.dropout = config.headDropout;
    return options;
}

ClassifierNetPtr buildModel(const TrainingConfig& config, const ArchitectureInfo& info,
                            std::int64_t numClasses, TrainingObserver& observer)
{
    ClassifierNetPtr model = createModel(info.name, modelOptions(config, numClasses));
    if (!config.weights.empty()) {
        const WeightImportReport report =
            applyStateDict(*model, readStateDict(config.weights), config.weights);
        observer.onMessage(fmt::format("weights '{}': {} tensors loaded, {} skipped, {} "
                                       "re-initialised",
                                       config.weights, report.loaded.size(), report.skipped.size(),
                                       report.reinitialised.size()));
    }
    if (!config.freezeUpTo.empty())
        model->freezeUpTo(config.freezeUpTo);
    return model;
}

ModelFileInfo trainedModelInfo(const TrainingConfig& resolved, const std::string& architecture,
                               const std::vector<std::string>& classNames,
                               const Preprocessing& preprocessing)
{
    ModelFileInfo info;
    info.architecture = architecture;
    info.classNames = classNames;
    info.inputSize = resolved.inputSize;
    info.preprocessing = preprocessing;
    info.options = modelOptions(resolved, std::int64_t(classNames.size()));
    return info;
}

ParameterSplit splitParameters(ClassifierNet& model)
{
    ParameterSplit split;
    const std::string head = model.headName();
    for (const auto& item : model.named_parameters()) {
        const std::string& name = item.key();
        const bool isHead = name.rfind(head + ".", 0) == 0 || name.rfind("aux", 0) == 0 ||
                            name.rfind("AuxLogits.", 0) == 0;
        (isHead ? split.head : split.backbone).push_back(item.value());
        split.all.push_back(item.value());
    }
    return split;
}

} // namespace fovea
