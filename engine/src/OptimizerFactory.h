#pragma once

#include "fovea/TrainingConfig.h"

#include <torch/optim/optimizer.h>

#include <memory>
#include <vector>

namespace fovea {

/// The optimiser `config.optimizer` names, over `parameters`, with its options from the config.
/// With decayNormAndBias false, 1-D tensors (biases, batch-norm weights and biases) go to a
/// second parameter group with weight decay 0: decaying them only pulls normalisation scales
/// towards zero (Goyal et al. 2017, "no bias decay").
std::unique_ptr<torch::optim::Optimizer>
createOptimizer(const TrainingConfig& config, const std::vector<torch::Tensor>& parameters);

/// Sets the rate of every parameter group, whatever the optimiser.
void setLearningRate(torch::optim::Optimizer& optimizer, double learningRate);

} // namespace fovea
