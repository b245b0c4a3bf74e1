#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

#include <cstdint>
#include <memory>

namespace fovea {

/// Construction options every architecture understands.
struct ModelOptions {
    std::int64_t numClasses = 1000;
    /// For 28–64 px inputs: a stride-1 3×3 stem without the early max-pool, so small images are
    /// not reduced to nothing before the first stage.
    bool compactStem = false;
};

/// The surface every network in the registry offers: a module whose forward maps an N×3×H×W
/// batch to N×classes logits, with torchvision's state-dict key names.
class ClassifierNet : public torch::nn::Module {
public:
    virtual torch::Tensor forward(torch::Tensor input) = 0;
};

using ClassifierNetPtr = std::shared_ptr<ClassifierNet>;

} // namespace fovea
