#include "fovea/Model.h"

#include "ModelFactory.h"
#include "ModelImpl.h"
#include "StateDictIO.h"
#include "fovea/ArchitectureRegistry.h"
#include "fovea/Error.h"

#include <c10/core/Allocator.h>
#include <c10/util/ThreadLocalDebugInfo.h>
#include <fmt/format.h>
#include <torch/torch.h>

#include <algorithm>

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

namespace {

/// Receives every CPU allocation and release made on this thread while installed as the
/// profiler's memory reporter (the hook PyTorch's own memory profiler uses): the peak of
/// what is held, counted from zero when installed.
class AllocationMeter final : public c10::MemoryReportingInfoBase {
public:
    void reportMemoryUsage(void*, std::int64_t size, std::int64_t, std::int64_t,
                           c10::Device) override
    {
        m_held += size; // releases arrive with a negative size
        m_peak = std::max(m_peak, m_held);
    }
    bool memoryProfilingEnabled() const override { return true; }
    std::int64_t held() const { return m_held; }

private:
    std::int64_t m_held = 0;
    std::int64_t m_peak = 0;
};

} // namespace

ForwardFootprint Model::measureForward(int inputSize)
{
    ClassifierNet& network = *m_impl->network;
    // The mode and the running statistics (which a training-mode pass moves) are put back
    // however the pass ends, a failure half-way included.
    struct Restore {
        ClassifierNet& network;
        bool wasTraining = network.is_training();
        std::vector<std::pair<torch::Tensor, torch::Tensor>> buffers;
        ~Restore()
        {
            network.train(wasTraining);
            torch::NoGradGuard noGrad;
            for (auto& [buffer, saved] : buffers)
                buffer.copy_(saved);
        }
    } restore{network};
    for (const torch::Tensor& buffer : network.buffers())
        restore.buffers.emplace_back(buffer, buffer.clone());

    ForwardFootprint footprint;
    footprint.stages = stageSummary();
    constexpr int kImages = 2; // batch norm needs more than one value per channel in training
    network.train(true);
    try {
        const torch::Tensor input = torch::zeros({kImages, 3, inputSize, inputSize});
        auto meter = std::make_shared<AllocationMeter>();
        {
            c10::DebugInfoGuard metering(c10::DebugInfoKind::PROFILER_STATE, meter);
            ClassifierNet::StageTapScope tap(
                [&footprint](const std::string& name, const torch::Tensor& output) {
                    for (StageSummary& stage : footprint.stages)
                        if (stage.name == name) {
                            stage.outputShape = output.sizes().vec();
                            stage.outputShape.erase(stage.outputShape.begin()); // per image
                        }
                });
            const ModelOutput output = network.forwardWithAux(input);
            // What is still held with the outputs alive is what backward() would need.
            footprint.activationBytesPerImage = meter->held() / kImages;
        }
    } catch (const c10::Error& error) {
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("{} does not accept {} px inputs: {}", m_impl->info->name,
                                inputSize, error.what_without_backtrace()));
    }
    return footprint;
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
