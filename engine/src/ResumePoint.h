#pragma once

#include "TrainingCheckpoint.h"
#include "fovea/TrainingConfig.h"
#include "fovea/TrainingObserver.h"

#include <string>
#include <vector>

namespace fovea {

/// `<run>/checkpoints`.
std::string checkpointFolder(const std::string& runDirectory);

/// Why a run whose checkpoint is `progress` trains no more ("all 5 epochs are trained", "early
/// stopping ended it after epoch 3"), or "" when it goes on.
std::string endOfRun(const TrainingProgress& progress, const TrainingConfig& config);

/// Where a stopped or crashed run continues from (Trainer::resuming).
struct ResumePoint {
    std::string checkpoint;           ///< the newest readable one
    TrainingConfig config;            ///< the run's, as that checkpoint holds it
    std::vector<std::string> skipped; ///< damaged checkpoints passed over, each with why
};

/// Finds the newest readable checkpoint of `runDirectory`. Throws Error(NotFound) naming the
/// folder (and why each checkpoint failed) when there is none, and Error(InvalidArgument) for a
/// finished run that has its model: nothing to resume. A finished run without its model (a
/// crash after the last checkpoint) is a resume point: the run then writes its outputs.
/// `mainProcess`: also throws RunDirectory's Error(Io) when another process has the run in use,
/// now rather than after the dataset scan (other ranks of a distributed run leave this to the
/// main one, whose lock they would race).
ResumePoint findResumePoint(const std::string& runDirectory, bool mainProcess = true);

/// Throws Error(InvalidArgument) when the dataset a run resumes on is not the one it began with,
/// as `<run>/run.json` recorded it: other class names, or other picture counts for training or
/// validation (an exact resume needs the same pictures in the same order). A run.json that is
/// missing or unreadable is not compared.
void requireSameDataset(const std::string& runDirectory, const std::string& dataset,
                        const RunStarted& now);

} // namespace fovea
