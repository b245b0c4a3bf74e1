#pragma once

#include <CLI/CLI.hpp>

namespace fovea {

/// A real number in [low, high]; unlike CLI::Range, the message prints the bounds as written
/// (CLI::Range prints 1e-9 as 0.000000), and NaN is refused.
CLI::Validator realRange(double low, double high);

/// A whole number that fits 64 bits unsigned: CLI11 would clamp 99999999999999999999999 to the
/// largest value silently.
CLI::Validator fitsUnsigned64();

} // namespace fovea
