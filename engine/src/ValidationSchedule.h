#pragma once

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

} // namespace fovea
