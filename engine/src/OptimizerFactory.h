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

/// An optimiser whose parameter groups learn at the base rate times their own scale.
struct ScaledOptimizer {
    std::unique_ptr<torch::optim::Optimizer> optimizer;
    std::vector<double> groupScales; ///< one per parameter group, in order

    /// Sets each group's rate to learningRate × its scale.
    void setLearningRate(double learningRate);
};

/// As above, with the `head` parameters in groups of their own that learn at
/// config.headLrMultiplier times the rate: a freshly initialised head can learn faster than a
/// pretrained backbone it should not disturb.
ScaledOptimizer createOptimizer(const TrainingConfig& config,
                                const std::vector<torch::Tensor>& backbone,
                                const std::vector<torch::Tensor>& head);

/// Sets the rate of every parameter group, whatever the optimiser.
void setLearningRate(torch::optim::Optimizer& optimizer, double learningRate);

} // namespace fovea
