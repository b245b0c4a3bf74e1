#include "models/ClassifierNet.h"

#include "fovea/Error.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/pooling.h>
#include <torch/utils.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string_view>

namespace fovea {
namespace {

/// FOVEA_CHANNELS_LAST=0 or =1 sets the layout of every family, for comparisons; unset (or
/// any other value) leaves each family's default.
std::optional<bool> channelsLastFromEnvironment()
{
    const char* value = std::getenv("FOVEA_CHANNELS_LAST");
    if (value && std::string_view(value) == "0")
        return false;
    if (value && std::string_view(value) == "1")
        return true;
    return std::nullopt;
}

} // namespace

ModelOutput ClassifierNet::forwardWithAux(torch::Tensor input)
{
    // With channels-last weights oneDNN would pick NHWC anyway; converting the (small) input
    // here keeps the first layers from mixing layouts.
    if (channelsLast() && input.dim() == 4)
        input = input.contiguous(torch::MemoryFormat::ChannelsLast);
    ModelOutput output = forwardLayers(std::move(input));
    tapStage(headName(), output.logits); // every family's last stage is its head
    return output;
}

void ClassifierNet::setLayout(MemoryLayout layout)
{
    switch (layout) {
    case MemoryLayout::Auto:
        if (const std::optional<bool> forced = channelsLastFromEnvironment())
            m_channelsLast = *forced ? ChannelsLastUse::Always : ChannelsLastUse::Never;
        else
            m_channelsLast = defaultChannelsLast();
        break;
    case MemoryLayout::Contiguous:
        m_channelsLast = ChannelsLastUse::Never;
        break;
    case MemoryLayout::ChannelsLast:
        m_channelsLast = ChannelsLastUse::Always;
        break;
    }
    applyLayout();
}

bool ClassifierNet::channelsLast() const
{
    return m_channelsLast == ChannelsLastUse::Always;
}

namespace {

/// The tap of the innermost FeatureTapScope alive on this thread, or none.
thread_local const std::function<void(const torch::Tensor&)>* t_featureTap = nullptr;

} // namespace

ClassifierNet::FeatureTapScope::FeatureTapScope(std::function<void(const torch::Tensor&)> tap)
    : m_tap(std::move(tap))
    , m_previous(t_featureTap)
{
    t_featureTap = &m_tap;
}

ClassifierNet::FeatureTapScope::~FeatureTapScope()
{
    t_featureTap = m_previous;
}

namespace {

/// The tap of the innermost StageTapScope alive on this thread, or none.
thread_local const ClassifierNet::StageTapScope::Tap* t_stageTap = nullptr;

} // namespace

ClassifierNet::StageTapScope::StageTapScope(Tap tap)
    : m_tap(std::move(tap))
    , m_previous(t_stageTap)
{
    t_stageTap = &m_tap;
}

ClassifierNet::StageTapScope::~StageTapScope()
{
    t_stageTap = m_previous;
}

torch::Tensor ClassifierNet::tapStage(const std::string& name, torch::Tensor output)
{
    if (t_stageTap)
        (*t_stageTap)(name, output);
    return output;
}

torch::Tensor ClassifierNet::tapFeatures(torch::Tensor features)
{
    if (t_featureTap)
        (*t_featureTap)(features);
    return features;
}

void ClassifierNet::applyLayout()
{
    // oneDNN runs a convolution channels-last when its input or its weight is; biases, batch
    // norm and linear layers have no layout to change. set_data keeps each parameter's
    // identity, so optimisers holding it are unaffected.
    //
    // The strides are made exactly the canonical ones of the layout, not merely equivalent:
    // a 1×1 kernel is "contiguous" in both layouts whatever its strides, but its gradient comes
    // with the canonical strides, and c10d's gradient buckets (distributed runs) want the two
    // to match (otherwise a copy and a warning each step).
    const torch::MemoryFormat format =
        channelsLast() ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous;
    torch::NoGradGuard noGrad;
    for (auto& parameter : parameters()) {
        if (parameter.dim() != 4)
            continue;
        const torch::Tensor canonical =
            torch::empty(parameter.sizes(), parameter.options().memory_format(format));
        if (parameter.strides() != canonical.strides())
            parameter.set_data(canonical.copy_(parameter));
    }
}

std::vector<std::string> ClassifierNet::stageNames() const
{
    std::vector<std::string> names;
    for (const auto& child : named_children())
        names.push_back(child.key());
    return names;
}

void ClassifierNet::freezeUpTo(const std::string& stage)
{
    const std::vector<std::string> names = stageNames();
    const auto last = std::find(names.begin(), names.end(), stage);
    if (last == names.end())
        throw Error(ErrorCode::InvalidArgument, fmt::format("freeze: no stage '{}'; stages: {}",
                                                            stage, fmt::join(names, ", ")));
    bool frozen = true;
    for (const auto& child : named_children()) {
        for (auto& parameter : child.value()->parameters())
            parameter.set_requires_grad(!frozen);
        if (child.key() == stage)
            frozen = false;
    }
    // Parameters registered directly on the network (not in a child) count as the last stage.
    for (auto& parameter : named_parameters(/*recurse=*/false))
        parameter.value().set_requires_grad(true);
}

void ClassifierNet::unfreezeAll()
{
    for (auto& parameter : parameters())
        parameter.set_requires_grad(true);
}

torch::nn::Module& ClassifierNet::installHead(const std::string& name, const HeadOptions& options,
                                              std::int64_t inFeatures, std::int64_t numClasses,
                                              torch::nn::Linear& linear,
                                              torch::nn::Sequential& generic)
{
    if (options.kind == HeadOptions::Kind::Default) {
        torch::nn::Linear head(inFeatures, numClasses);
        linear = linear ? replace_module(name, head) : register_module(name, head);
        return *linear;
    }
    torch::nn::Sequential head = makeGenericHead(options, inFeatures, numClasses);
    generic = generic ? replace_module(name, head) : register_module(name, head);
    return *generic;
}

torch::nn::Sequential makeGenericHead(const HeadOptions& options, std::int64_t inChannels,
                                      std::int64_t numClasses)
{
    namespace nn = torch::nn;
    nn::Sequential head;
    switch (options.kind) {
    case HeadOptions::Kind::FullyConnected: {
        head->push_back(nn::AdaptiveAvgPool2d(
            nn::AdaptiveAvgPool2dOptions({options.poolSize, options.poolSize})));
        head->push_back(nn::Flatten());
        const std::int64_t flat = inChannels * options.poolSize * options.poolSize;
        head->push_back(nn::Linear(flat, options.hiddenUnits));
        head->push_back(nn::ReLU(nn::ReLUOptions(true)));
        head->push_back(nn::Dropout(options.dropout));
        head->push_back(nn::Linear(options.hiddenUnits, options.hiddenUnits));
        head->push_back(nn::ReLU(nn::ReLUOptions(true)));
        head->push_back(nn::Dropout(options.dropout));
        head->push_back(nn::Linear(options.hiddenUnits, numClasses));
        break;
    }
    case HeadOptions::Kind::GlobalMaxPool:
        head->push_back(nn::AdaptiveMaxPool2d(nn::AdaptiveMaxPool2dOptions(1)));
        head->push_back(nn::Flatten());
        head->push_back(nn::Dropout(options.dropout));
        head->push_back(nn::Linear(inChannels, numClasses));
        break;
    case HeadOptions::Kind::Default:
    case HeadOptions::Kind::GlobalAveragePool:
        head->push_back(nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions(1)));
        head->push_back(nn::Flatten());
        head->push_back(nn::Dropout(options.dropout));
        head->push_back(nn::Linear(inChannels, numClasses));
        break;
    }
    return head;
}

} // namespace fovea
