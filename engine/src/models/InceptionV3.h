#pragma once

#include "models/ClassifierNet.h"

namespace fovea {

/// Inception v3's dropout rate (torchvision's `dropout`). Setting it to 0 makes training-mode
/// forward passes deterministic, e.g. to compare them with torchvision.
struct InceptionV3Spec {
    double dropout = 0.5; ///< before `fc`
};

/// torchvision's Inception v3, with its state-dict key names.
ClassifierNetPtr makeInceptionV3(const ModelOptions& options, const InceptionV3Spec& spec = {});

} // namespace fovea
