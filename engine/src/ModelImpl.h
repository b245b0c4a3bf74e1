#pragma once

#include "fovea/Model.h"
#include "models/ClassifierNet.h"

namespace fovea {

/// What a fovea::Model holds: the registry entry, its options and the torch module.
struct Model::Impl {
    const ArchitectureInfo* info = nullptr;
    ModelOptions options;
    ClassifierNetPtr network;
};

} // namespace fovea
