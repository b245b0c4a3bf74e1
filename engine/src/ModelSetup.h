#pragma once

#include "fovea/ArchitectureInfo.h"
#include "fovea/ModelFile.h"
#include "fovea/ModelOptions.h"
#include "fovea/TrainingConfig.h"
#include "fovea/TrainingObserver.h"
#include "models/ClassifierNet.h"

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace fovea {

// The network side of a run, shared by the trainer and the learning-rate finder so that both
// build exactly the same model from a config.

/// The model options a config asks for (head kind and dropout, compact stem, aux logits).
ModelOptions modelOptions(const TrainingConfig& config, std::int64_t numClasses);

/// The network a config asks for: options, starting weights, frozen stages. Reports the
/// weights import through `observer`.
ClassifierNetPtr buildModel(const TrainingConfig& config, const ArchitectureInfo& info,
                            std::int64_t numClasses, TrainingObserver& observer);

/// Every parameter, frozen ones included (they join the optimiser's groups so that unfreezing
/// needs no new optimiser; without a gradient they are left alone), split into the head's
/// (the classifier and the auxiliary heads) and the backbone's.
struct ParameterSplit {
    std::vector<torch::Tensor> backbone;
    std::vector<torch::Tensor> head;
    std::vector<torch::Tensor> all;
};

/// What the model file of a run with the resolved config `resolved` says of its network:
/// architecture `architecture`, `classNames`, `preprocessing` (resolved), input size and options.
ModelFileInfo trainedModelInfo(const TrainingConfig& resolved, const std::string& architecture,
                               const std::vector<std::string>& classNames,
                               const Preprocessing& preprocessing);

ParameterSplit splitParameters(ClassifierNet& model);

} // namespace fovea
