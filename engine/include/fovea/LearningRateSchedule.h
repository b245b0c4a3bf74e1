#pragma once

#include "fovea/TrainingConfig.h"

#include <cstdint>
#include <vector>

namespace fovea {

/// The learning rate of optimiser step `step` (0-based) in a run of `config.epochs` epochs of
/// `stepsPerEpoch` steps, for every schedule but "plateau", whose reductions depend on validation
/// metrics (see ReduceLrOnPlateau); for it this gives the starting rate. Epoch-based schedules
/// (step, multistep, exponential) change at epoch boundaries, as PyTorch's schedulers stepped once
/// per epoch do; cosine and onecycle move every step. Steps past the end keep the last rate. Throws
/// Error(InvalidArgument) for a bad schedule field or `stepsPerEpoch` below 1.
double learningRateAt(const TrainingConfig& config, std::int64_t step, std::int64_t stepsPerEpoch);

/// learningRateAt() for every step of the run: epochs × stepsPerEpoch values, for a preview drawn
/// before training starts.
std::vector<double> learningRateCurve(const TrainingConfig& config, int stepsPerEpoch);

} // namespace fovea
