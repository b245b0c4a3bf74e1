#pragma once

#include "SampleSource.h"

#include <array>
#include <cstddef>
#include <string>

namespace fovea::data {

/// A training set's own per-channel mean and standard deviation (RGB, on the [0, 1] scale): the
/// "dataset" normalisation mode.
struct ChannelStatistics {
    std::array<float, 3> mean{0.f, 0.f, 0.f};
    std::array<float, 3> std{1.f, 1.f, 1.f};
    std::size_t samplesUsed = 0;
};

/// Over the pixels of up to `maxSamples` samples spread evenly over `source` (all of them when
/// it holds fewer), as loaded (before any resize). Samples that fail to load are left out.
/// Throws Error(InvalidArgument) when none loads.
ChannelStatistics computeChannelStatistics(const SampleSource& source, std::size_t maxSamples);

/// The same, computed once per dataset and kept in `cacheFolder` (one small JSON file named by a
/// hash of the samples' descriptions and known sizes); a later run over the same files reads it
/// back. A cache that cannot be read or written is ignored: the figures are then computed.
ChannelStatistics cachedChannelStatistics(const SampleSource& source, std::size_t maxSamples,
                                          const std::string& cacheFolder);

/// $XDG_CACHE_HOME/fovea/statistics, or ~/.cache/fovea/statistics; empty when neither is set.
std::string defaultStatisticsCacheFolder();

} // namespace fovea::data
