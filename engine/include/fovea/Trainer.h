#pragma once

#include "fovea/DistributedLaunch.h"
#include "fovea/RunControl.h"
#include "fovea/TrainingConfig.h"
#include "fovea/TrainingObserver.h"

#include <atomic>
#include <string>
#include <vector>

namespace fovea {

/// How a run reports, as opposed to what it trains (TrainingConfig).
struct TrainerOptions {
    /// Minimum time between two onBatch events; 0 sends every batch. The last batch of an epoch
    /// is always sent.
    int progressIntervalMs = 100;
    /// Create runs/<timestamp>-<arch>/ with config.json and metrics.csv.
    bool writeRunDirectory = true;
    /// This process's place in a data-parallel run (DistributedLaunch::fromEnvironment()). With
    /// several processes, each reads its shard of every epoch and trains on config.batchSize
    /// samples per step, gradients are averaged, and the figures reported are over all ranks;
    /// only rank 0 writes the run directory and checkpoints. A resumed run reads the checkpoint
    /// on every rank (the run directory must be reachable from every machine).
    DistributedLaunch distributed;
};

/// Trains one configuration: its optimiser, learning-rate schedule and loss, validating each epoch.
class Trainer {
public:
    explicit Trainer(TrainingConfig config, TrainerOptions options = {});

    /// Runs to the end, or until `stopRequested` is seen (polled before every batch, so a stop
    /// takes effect within one batch). Throws Error for bad configs, unreadable data or a NaN
    /// loss; the run directory keeps whatever was written before.
    RunResult run(TrainingObserver& observer, const std::atomic<bool>& stopRequested);

    /// A trainer that continues the run in `runDirectory` from its newest readable checkpoint
    /// (checkpoints/last.ckpt or the newest numbered one): model, optimiser, schedule, epoch,
    /// step, random state and data order, so the run writes the metrics.csv rows an
    /// uninterrupted run would have written (bitwise on the CPU with the same thread counts).
    /// Throws Error(NotFound) naming the folder, and why each checkpoint in it failed, when it
    /// has no readable checkpoint; damaged ones passed over are reported when the run starts.
    static Trainer resuming(const std::string& runDirectory, TrainerOptions options = {});

    /// The same, steered by `control`: stop, and pause / continue between batches (a paused
    /// run blocks without using the CPU; paused time counts neither in throughput nor in ETA).
    RunResult run(TrainingObserver& observer, RunControl& control);

private:
    RunResult runWith(TrainingObserver& observer, const std::atomic<bool>& stopRequested,
                      RunControl* control);

    TrainingConfig m_config;
    TrainerOptions m_options;
    std::string m_resumeDirectory; ///< set by resuming()
    std::string m_resumeCheckpoint;
    /// Damaged checkpoints resuming() passed over, told when the run starts.
    std::vector<std::string> m_resumeWarnings;
};

} // namespace fovea
