#pragma once

#include "fovea/ModelOptions.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace fovea {

/// Main logits, plus auxiliary logits in training mode when the model has aux heads on.
struct ModelOutput {
    torch::Tensor logits;
    std::vector<torch::Tensor> auxLogits;
};

/// The surface every network in the registry offers: a module whose forward maps an N×3×H×W
/// batch to N×classes logits, with torchvision's (or Cadene/timm's) state-dict key names.
class ClassifierNet : public torch::nn::Module {
public:
    /// Logits, and in training mode the auxiliary logits of enabled aux heads. The input goes
    /// into the network's current memory layout first.
    ModelOutput forwardWithAux(torch::Tensor input);
    torch::Tensor forward(torch::Tensor input) { return forwardWithAux(std::move(input)).logits; }

    /// Where channels-last runs: never, or in both modes.
    enum class ChannelsLastUse { Never, Always };

    /// Chooses the layout (Auto: FOVEA_CHANNELS_LAST, else defaultChannelsLast()) and moves
    /// the convolution weights into it. createModel() calls it; state-dict import copies into
    /// the weights and keeps it, export writes contiguous tensors.
    void setLayout(MemoryLayout layout);
    /// True while the weights and activations are channels-last (NHWC).
    bool channelsLast() const;

    /// Replaces the head by a freshly initialised one of the same kind for `numClasses`.
    virtual void replaceHead(std::int64_t numClasses) = 0;

    /// State-dict prefix of the head ("fc", "classifier", "last_linear").
    virtual std::string headName() const = 0;

    /// Top-level stages, input to output (the names of the direct children, e.g. "conv1",
    /// "layer1"); freezing goes by these names.
    std::vector<std::string> stageNames() const;

    /// Turns off gradients for every parameter of the stages before and including `stage`, and
    /// turns them on for all later ones. Throws Error(InvalidArgument) listing the stages.
    void freezeUpTo(const std::string& stage);
    /// Turns gradients back on everywhere.
    void unfreezeAll();

    /// While one lives, forward passes on this thread (of any network) hand their last feature
    /// map (N×C×h×w, before the head pools it) to `tap`: Grad-CAM reads it and its gradient
    /// there. Thread-local, so other threads classifying with the same network are unaffected.
    class FeatureTapScope {
    public:
        explicit FeatureTapScope(std::function<void(const torch::Tensor&)> tap);
        ~FeatureTapScope();
        FeatureTapScope(const FeatureTapScope&) = delete;
        FeatureTapScope& operator=(const FeatureTapScope&) = delete;

    private:
        std::function<void(const torch::Tensor&)> m_tap;
        const std::function<void(const torch::Tensor&)>* m_previous;
    };

    /// While one lives, forward passes on this thread hand each top-level stage's output to
    /// `tap` with the stage's name (as stageNames() lists it): the layer summary's output
    /// shapes. Stages applied as functions (a pooling without a module) have no row.
    class StageTapScope {
    public:
        using Tap = std::function<void(const std::string&, const torch::Tensor&)>;
        explicit StageTapScope(Tap tap);
        ~StageTapScope();
        StageTapScope(const StageTapScope&) = delete;
        StageTapScope& operator=(const StageTapScope&) = delete;

    private:
        Tap m_tap;
        const Tap* m_previous;
    };

protected:
    /// Each family passes every top-level stage's output through here (see StageTapScope).
    static torch::Tensor tapStage(const std::string& name, torch::Tensor output);
    /// `module`'s forward on `input`, tapped as stage `name`.
    template <typename ModuleHolder>
    static torch::Tensor stage(const std::string& name, ModuleHolder& module, torch::Tensor input)
    {
        return tapStage(name, module->forward(std::move(input)));
    }

    /// The network's own forward pass, on an input already in the current layout.
    virtual ModelOutput forwardLayers(torch::Tensor input) = 0;

    /// The family's default use of channels-last (MemoryLayout::Auto), as measured by
    /// tests/bench/compare_architectures.sh: Always unless a family overrides it.
    virtual ChannelsLastUse defaultChannelsLast() const { return ChannelsLastUse::Always; }

    /// Each family passes its last feature map through here, just before its head.
    static torch::Tensor tapFeatures(torch::Tensor features);

    /// Registers the head called `name`, or replaces it: a Linear from `inFeatures` (into
    /// `linear`) for the default kind, makeGenericHead() (into `generic`) otherwise. Returns
    /// the new module, for families that initialise it their own way.
    torch::nn::Module& installHead(const std::string& name, const HeadOptions& options,
                                   std::int64_t inFeatures, std::int64_t numClasses,
                                   torch::nn::Linear& linear, torch::nn::Sequential& generic);

private:
    /// Moves every 4-D parameter into the layout channelsLast() names.
    void applyLayout();

    ChannelsLastUse m_channelsLast = ChannelsLastUse::Never;
};

using ClassifierNetPtr = std::shared_ptr<ClassifierNet>;

/// A head of a non-default kind for `inChannels` feature maps (see HeadOptions::Kind). Its
/// forward takes the N×C×h×w feature map.
torch::nn::Sequential makeGenericHead(const HeadOptions& options, std::int64_t inChannels,
                                      std::int64_t numClasses);

} // namespace fovea
