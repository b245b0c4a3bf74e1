#pragma once

#include "models/ClassifierNet.h"

#include <string>

namespace fovea {

/// Builds the registered architecture `name`; throws Error(UnknownArchitecture) listing the
/// known names.
ClassifierNetPtr createModel(const std::string& name, const ModelOptions& options);

/// Trainable parameters of a built model (what the registry's parameterCount promises).
std::int64_t countTrainableParameters(const torch::nn::Module& model);

} // namespace fovea
