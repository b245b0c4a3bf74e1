#pragma once

#include "models/ClassifierNet.h"

#include <torch/optim/optimizer.h>

#include <cstdint>
#include <map>
#include <string>

namespace fovea {

class ReduceLrOnPlateau;

/// Where the training loop stood when a checkpoint was taken: with these numbers, the model,
/// the optimiser, the plateau scheduler and the random generator, a resumed run takes the same
/// steps the uninterrupted one would have. Take checkpoints between optimiser steps only (never
/// halfway through gradient accumulation: gradients are not saved).
struct TrainingProgress {
    std::int64_t epoch = 0;        ///< last completed epoch, or the current one when mid-epoch
    std::int64_t batchInEpoch = 0; ///< batches of `epoch` already done; 0 at an epoch boundary
    std::int64_t step = 0;         ///< optimiser steps so far
    double epochLossSum = 0.0;     ///< the running sums of the epoch in progress
    std::int64_t epochCorrect = 0;
    std::int64_t epochSeen = 0;
    double stepLossSum = 0.0; ///< losses since the last `step` row of metrics.csv
    int stepLossCount = 0;
    double bestMetric = 0.0; ///< best value of the monitored metric; ±infinity before the first
    std::int64_t bestEpoch = 0;
    int epochsWithoutImprovement = 0;
    std::int64_t metricsRows = 0; ///< rows of metrics.csv written when saved

    bool operator==(const TrainingProgress& other) const;
    bool operator!=(const TrainingProgress& other) const { return !(*this == other); }
};

/// What a checkpoint holds besides the state it restores into the objects it is given.
struct TrainingCheckpoint {
    std::string configJson; ///< the resolved run config (TrainingConfig::toJson())
    TrainingProgress progress;
    /// Named numbers of other stateful parts of the loop (a loss scaler's scale, …), saved and
    /// given back as they are.
    std::map<std::string, double> extras;
};

/// The newest checkpoint format this build writes and reads; newer files are refused.
constexpr std::uint32_t kCheckpointFormatVersion = 1;

/// The bytes of a checkpoint file: the model's parameters and buffers, the optimiser's full
/// state and its parameter groups' options (learning rates included), the plateau scheduler's
/// state (when given), the default CPU generator's state (dropout draws from it), `progress`,
/// `configJson` and `extras`. A header with the format version, the payload's length and its
/// CRC-32 lets a reader tell a truncated or damaged file from a good one before parsing it.
std::string encodeCheckpoint(ClassifierNet& model, torch::optim::Optimizer& optimizer,
                             const ReduceLrOnPlateau* plateau, const TrainingProgress& progress,
                             const std::string& configJson,
                             const std::map<std::string, double>& extras = {});

/// encodeCheckpoint() written to `path` atomically: a crash, even mid-write, leaves the previous
/// file in place. Throws Error(Io) naming the path.
void saveCheckpoint(const std::string& path, ClassifierNet& model,
                    torch::optim::Optimizer& optimizer, const ReduceLrOnPlateau* plateau,
                    const TrainingProgress& progress, const std::string& configJson,
                    const std::map<std::string, double>& extras = {});

/// Restores a checkpoint into an existing `model` and `optimizer` built from its config (see
/// readCheckpointConfig()), and into `plateau` when given; also restores the default CPU
/// generator. Everything is checked before anything changes: the model's tensor names,
/// shapes and types, the optimiser's kind and parameter groups. Throws Error(NotFound) for a
/// missing file, Error(CorruptFile) for a truncated or damaged one, one of a newer format,
/// or one that does not fit (naming the key); every message names the file.
TrainingCheckpoint loadCheckpoint(const std::string& path, ClassifierNet& model,
                                  torch::optim::Optimizer& optimizer, ReduceLrOnPlateau* plateau);

/// The config, progress and extras of a checkpoint, restoring nothing; the file is fully
/// checked (header, checksum, archive), so a file this accepts is loadable by a matching model.
/// Throws as loadCheckpoint().
TrainingCheckpoint readCheckpoint(const std::string& path);

/// Only the config JSON, to rebuild the model and optimiser before loadCheckpoint().
std::string readCheckpointConfig(const std::string& path);

} // namespace fovea
