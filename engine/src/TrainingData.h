#pragma once

#include "data/LoaderOptions.h"
#include "data/SampleSource.h"

#include "fovea/ArchitectureInfo.h"
#include "fovea/FolderDataset.h"
#include "fovea/TrainingConfig.h"
#include "fovea/TrainingObserver.h"

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace fovea {

/// The data side of a run, resolved from its config: where the pictures come from, the one
/// preprocessing every path uses, and the input size.
struct TrainingData {
    std::string description; ///< "IDX", "folder-per-class", … for messages
    std::vector<std::string> classNames;
    std::shared_ptr<const data::SampleSource> train;
    std::shared_ptr<const data::SampleSource> validation;
    /// The config's, or the architecture's; mode "dataset" carries the computed figures.
    Preprocessing preprocessing;
    int inputSize = 0;
    /// Files the dataset scan left out, with reasons (folder and list datasets).
    std::vector<RejectedFile> rejected;
};

/// Reads an IDX folder (kept in memory), or scans an image folder or list file (split with
/// config.validationFraction and config.seed when it has no validation part; decoded once and
/// kept in memory when the pictures are small). Applies trainLimit / validationLimit. Throws
/// Error naming the dataset when there is nothing to train or validate on. `stopRequested` is
/// polled while scanning; a cancelled scan throws nothing and returns empty sources.
TrainingData prepareTrainingData(const TrainingConfig& config, const ArchitectureInfo& info,
                                 TrainingObserver& observer,
                                 const std::atomic<bool>& stopRequested);

/// The training loader's options for a resolved config: shuffled by (seed, epoch), the last
/// partial batch dropped (a batch of one breaks BatchNorm), the config's workers, prefetch and
/// seed; shared by the trainer and the learning-rate finder so both see the same batches.
data::LoaderOptions trainingLoaderOptions(const TrainingConfig& resolved, const TrainingData& data);

/// The validation loader's options beside `training`'s: in order, every picture once (no
/// partial batch dropped, no shard padded), in larger batches for small inputs.
data::LoaderOptions validationLoaderOptions(const TrainingConfig& resolved,
                                            const data::LoaderOptions& training);

/// What onRunStarted() tells of a run of `resolved` on `data` besides its folder and network:
/// epochs, batches per epoch, picture counts, input size and class names.
RunStarted describeRun(const TrainingConfig& resolved, const TrainingData& data,
                       int batchesPerEpoch);

/// Optimiser steps per epoch: batchesPerEpoch / accumulateSteps (batches that cannot fill a
/// step are left out, as a partial batch is). Throws Error(InvalidArgument) naming the key when
/// a step would need more batches than an epoch has.
int optimiserStepsPerEpoch(const TrainingConfig& resolved, std::int64_t batchesPerEpoch);

/// Throws Error(InvalidArgument) naming both sizes when the resolved input is below the
/// architecture's minimum.
void checkInputSize(const TrainingConfig& resolved, const ArchitectureInfo& info);

} // namespace fovea
