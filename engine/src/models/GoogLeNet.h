#pragma once

#include "models/ClassifierNet.h"

namespace fovea {

/// GoogLeNet's dropout rates (torchvision's `dropout` and `dropout_aux`). Setting both to 0
/// makes training-mode forward passes deterministic, e.g. to compare them with torchvision.
struct GoogLeNetSpec {
    double dropout = 0.2;    ///< before `fc`
    double auxDropout = 0.7; ///< inside each auxiliary classifier, after `fc1`
};

/// torchvision's GoogLeNet (Inception v1), with its state-dict key names.
ClassifierNetPtr makeGoogLeNet(const ModelOptions& options, const GoogLeNetSpec& spec = {});

} // namespace fovea
