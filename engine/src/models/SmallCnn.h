#pragma once

#include "models/ClassifierNet.h"

namespace fovea {

/// A small CNN for 28–32 px images (MNIST, Fashion-MNIST, CIFAR): fast enough to train on a
/// laptop CPU in minutes.
ClassifierNetPtr makeSmallCnn(const ModelOptions& options);

} // namespace fovea
