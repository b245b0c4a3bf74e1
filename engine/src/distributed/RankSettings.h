#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fovea {

struct TrainingConfig;

/// What the ranks of a data-parallel run must agree on, as JSON text: the resolved config less
/// the keys a rank may set for itself (where its files are, how it uses its own machine, the
/// weights only rank 0's copy of which is used), plus the dataset as this rank read it. Ranks
/// that differ would wait at different collectives (a validation one rank skips hangs the
/// others until the timeout) or silently train on overlapping shards or different models.
std::string rankSettings(const TrainingConfig& resolved, const std::vector<std::string>& classNames,
                         std::int64_t trainImages, std::int64_t validationImages);

/// Where a resumed run starts, in rankSettings()'s form: each rank loads the checkpoint itself,
/// and one that read an older file (a stale network share) would start elsewhere.
std::string resumePointSettings(std::int64_t epoch, std::int64_t batchInEpoch, std::int64_t step);

/// The keys rankSettings() leaves out, for messages.
const std::vector<std::string>& perRankKeys();

/// The first setting in which `mine` (rankSettings() here) differs from rank 0's, the dataset's
/// size and classes before the config's keys, worded as "validateEveryEpochs is 2 here but 5 on
/// rank 0" (a nested key as "preprocessing.mean"), or "" when they agree. Whole numbers (seeds,
/// counts) must be equal; fractional ones agree within a relative 1e-6, so that statistics
/// computed by another build of Fovea on another machine may differ in the last bits.
std::string firstSettingDifference(const std::string& mine, const std::string& main);

} // namespace fovea
