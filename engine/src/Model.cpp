#include "fovea/Model.h"

#include "ModelFactory.h"
#include "ModelImpl.h"
#include "StateDictIO.h"
#include "fovea/ArchitectureRegistry.h"

namespace fovea {

Model::Model(const std::string& architecture, const ModelOptions& options)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->info = &fovea::architecture(architecture);
    m_impl->options = options;
    m_impl->network = createModel(architecture, options);
}

Model::~Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

const ArchitectureInfo& Model::info() const
{
    return *m_impl->info;
}

const ModelOptions& Model::options() const
{
    return m_impl->options;
}

std::int64_t Model::parameterCount(bool trainableOnly) const
{
    std::int64_t count = 0;
    for (const auto& parameter : m_impl->network->parameters())
        if (!trainableOnly || parameter.requires_grad())
            count += parameter.numel();
    return count;
}

std::vector<std::string> Model::stageNames() const
{
    return m_impl->network->stageNames();
}

std::vector<StageSummary> Model::stageSummary() const
{
    std::vector<StageSummary> stages;
    for (const auto& child : m_impl->network->named_children()) {
        StageSummary stage;
        stage.name = child.key();
        for (const auto& parameter : child.value()->parameters()) {
            stage.parameters += parameter.numel();
            if (parameter.requires_grad())
                stage.trainable += parameter.numel();
        }
        stages.push_back(stage);
    }
    return stages;
}

void Model::freezeUpTo(const std::string& stage)
{
    m_impl->network->freezeUpTo(stage);
}

void Model::unfreezeAll()
{
    m_impl->network->unfreezeAll();
}

void Model::replaceHead(std::int64_t numClasses)
{
    m_impl->network->replaceHead(numClasses);
    m_impl->options.numClasses = numClasses;
}

WeightImportReport Model::importWeights(const std::string& path)
{
    return applyStateDict(*m_impl->network, readStateDict(path), path);
}

void Model::exportWeights(const std::string& path) const
{
    writeStateDict(path, stateDictOf(*m_impl->network));
}

} // namespace fovea
