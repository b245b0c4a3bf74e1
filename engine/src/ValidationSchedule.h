#pragma once

#include "fovea/TrainingConfig.h"

namespace fovea {

// Which epochs end with validation under TrainingConfig::validateEveryEpochs.

/// Whether epoch `epoch` (1-based) of `epochs` ends with validation: every `every`-th, and the
/// last.
inline bool validatesAfter(int epoch, int epochs, int every)
{
    return epoch % every == 0 || epoch == epochs;
}

/// How many validations the epochs from `epoch` to `epochs` still hold (for the ETA).
inline int validationsFrom(int epoch, int epochs, int every)
{
    int count = 0;
    for (int e = epoch; e <= epochs; ++e)
        count += validatesAfter(e, epochs, every) ? 1 : 0;
    return count;
}

/// The ETA at epoch `epoch` of a run with `config`, `batchesLeft` batches of it to go: every
/// batch left at `secondsPerBatch`, every validation left at `validationSeconds`.
inline double remainingSeconds(const TrainingConfig& config, int epoch, int batchesLeft,
                               int batchesPerEpoch, double secondsPerBatch,
                               double validationSeconds)
{
    const double batches =
        double(batchesLeft) + double(config.epochs - epoch) * double(batchesPerEpoch);
    return batches * secondsPerBatch +
           validationSeconds *
               double(validationsFrom(epoch, config.epochs, config.validateEveryEpochs));
}

} // namespace fovea
