#pragma once

#include "fovea/TrainingConfig.h"

#include <atomic>
#include <functional>
#include <vector>

namespace fovea {

/// The learning-rate range test (Smith 2015, "Cyclical Learning Rates for Training Neural
/// Networks", §3.3; fastai's lr_find): train briefly while the rate grows exponentially, and
/// read a good starting rate off the loss curve.
struct LrFindOptions {
    double startLr = 1e-7; ///< the first step's rate; positive
    double endLr = 10.0;   ///< the last step's rate; above startLr
    int steps = 100;       ///< optimiser steps (at least 2); the loader's epochs repeat as needed
    /// Exponential smoothing of the loss, bias-corrected as in Adam; in [0, 1), 0 = none.
    double smoothing = 0.98;
    /// Stop when the smoothed loss exceeds this factor times its best so far; above 1.
    double divergeFactor = 4.0;
};

/// The curve, one entry per optimiser step taken, in order.
struct LrFindResult {
    std::vector<double> learningRates;
    std::vector<double> losses;    ///< smoothed
    std::vector<double> rawLosses; ///< the step's mean training loss (over accumulated batches)
    /// Where the smoothed loss falls fastest against log(lr) (fastai's "steep"): the steepest
    /// forward difference, with the first steps/10 and the last 5 points left out when enough
    /// remain (the smoothing's start and the blow-up are no guide). NaN for an empty curve.
    double suggestedLr = 0.0;
    double minLossLr = 0.0; ///< the rate of the lowest smoothed loss; NaN for an empty curve
    /// The smoothed loss passed divergeFactor × its best, or the loss or gradients became NaN
    /// or infinite (that last step is then left out of the curve when its loss was not finite).
    bool diverged = false;
};

/// Runs the range test on a throwaway model built exactly as Trainer would build it from
/// `config` (data, preprocessing, augmentation, weights, frozen stages, head, optimiser with its
/// head multiplier, loss with aux heads, gradient accumulation, device): step i of n trains at
/// startLr × (endLr / startLr)^(i / (n − 1)). The config's own rate and schedule are not used,
/// and the backbone stays as frozen as in the first epoch. Writes no run directory.
/// `onStep(i, lr, smoothedLoss)` is called after each recorded step (i from 0); `stop` is polled
/// between steps and ends the test early with the curve so far. Throws Error(InvalidArgument)
/// naming the option for bad options, and what Trainer throws for a bad config or dataset.
LrFindResult
findLearningRate(const TrainingConfig& config, const LrFindOptions& options,
                 const std::function<void(int step, double lr, double loss)>& onStep = {},
                 const std::atomic<bool>* stop = nullptr);

} // namespace fovea
