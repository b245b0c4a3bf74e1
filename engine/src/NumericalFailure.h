#pragma once

#include "fovea/Error.h"

#include <fmt/format.h>

#include <cstdint>
#include <string>

namespace fovea {

/// The error a NaN or Inf in training stops the run with (TrainingConfig::nanPolicy "stop"):
/// `what` happened at optimiser step `step` (epoch, batch), with advice on the rate.
inline Error numericalFailure(const std::string& what, std::int64_t step, int epoch, int batch,
                              double learningRate)
{
    return Error(
        ErrorCode::NumericalFailure,
        fmt::format("{} at step {} (epoch {}, batch {}); try a lower learning rate than {}", what,
                    step, epoch, batch, learningRate));
}

} // namespace fovea
