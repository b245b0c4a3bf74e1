#pragma once

// The one clock the benchmark programs time with.
#include <chrono>

namespace fovea::bench {

using Clock = std::chrono::steady_clock;

inline double millisecondsSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

} // namespace fovea::bench
