#pragma once

#include "fovea/ArchitectureInfo.h"
#include "fovea/ModelOptions.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace fovea {

/// What importing a state dict did, key by key.
struct WeightImportReport {
    std::vector<std::string> loaded;        ///< copied from the file into the model
    std::vector<std::string> skipped;       ///< in the file but not used (a replaced head, aux
                                            ///< heads this model does not build)
    std::vector<std::string> reinitialised; ///< in the model but not taken from the file (a head
                                            ///< for another class count keeps its fresh init)
};

/// One top-level stage of a network, for a layer summary.
struct StageSummary {
    std::string name;            ///< e.g. "layer1" (freezing goes by these names)
    std::int64_t parameters = 0; ///< all of its parameters
    std::int64_t trainable = 0;  ///< those not frozen
    /// Its output for one image (C, H, W or features), as measureForward() saw it; empty when
    /// not measured or when the stage did not run (an aux head outside training).
    std::vector<std::int64_t> outputShape;
};

/// What one training-mode forward pass showed (Model::measureForward()).
struct ForwardFootprint {
    std::vector<StageSummary> stages; ///< with output shapes
    /// Bytes of the tensors the forward pass keeps for the backward pass, per image: the
    /// activation memory of a training step is about this times the batch size.
    std::int64_t activationBytesPerImage = 0;
};

/// A network from the registry, built with its options. The engine's tensors stay inside; this
/// handle is what front ends hold.
class Model {
public:
    /// Builds `architecture` (a registry name); throws Error(UnknownArchitecture) listing the
    /// known names.
    explicit Model(const std::string& architecture, const ModelOptions& options = {});
    ~Model();
    Model(Model&&) noexcept;
    Model& operator=(Model&&) noexcept;

    const ArchitectureInfo& info() const;
    const ModelOptions& options() const;
    /// Parameters that train (frozen ones excluded) or all of them.
    std::int64_t parameterCount(bool trainableOnly = true) const;

    /// Top-level stages, input to output ("conv1", "layer1", …, "fc").
    std::vector<std::string> stageNames() const;
    /// The same stages with their parameter counts.
    std::vector<StageSummary> stageSummary() const;
    /// Runs one training-mode forward pass (with gradients, as in training) on two blank
    /// images of `inputSize` pixels and reports each stage's output shape and the activation
    /// memory per image. Batch-norm statistics are restored afterwards; takes as long as a
    /// training step's forward pass. Throws Error(InvalidArgument) when the network does not
    /// accept that size.
    ForwardFootprint measureForward(int inputSize);
    /// Freezes every stage up to and including `stage`; throws Error listing the stages.
    void freezeUpTo(const std::string& stage);
    void unfreezeAll();
    /// Replaces the head by a fresh one for `numClasses`.
    void replaceHead(std::int64_t numClasses);

    /// Loads a state dict saved by Python (`torch.save(model.state_dict())` or of any dict of
    /// tensors, zip format, pickle protocol 2 as torch.save writes by default) or by
    /// exportWeights(). torchvision and Cadene/timm key names load unchanged. When the class
    /// count differs, the backbone loads and the head keeps its fresh initialisation. Unknown
    /// keys, missing keys and shape mismatches outside the head are errors that list them; a
    /// malformed file is an error naming it. On error the model is unchanged.
    WeightImportReport importWeights(const std::string& path);

    /// Writes the state dict (parameters and buffers, torchvision key names) so that Python's
    /// `torch.load` reads it and torchvision's `load_state_dict(strict=True)` accepts it.
    /// Written atomically.
    void exportWeights(const std::string& path) const;

    struct Impl;
    Impl& impl() const { return *m_impl; }

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace fovea
