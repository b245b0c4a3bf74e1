#pragma once

#include "fovea/TrainingConfig.h"
#include "fovea/TrainingObserver.h"

#include <atomic>

namespace fovea {

/// How a run reports, as opposed to what it trains (TrainingConfig).
struct TrainerOptions {
    /// Minimum time between two onBatch events; 0 sends every batch. The last batch of an epoch
    /// is always sent.
    int progressIntervalMs = 100;
    /// Create runs/<timestamp>-<arch>/ with config.json and metrics.csv.
    bool writeRunDirectory = true;
};

/// Trains one configuration: its optimiser, learning-rate schedule and loss, validating each epoch.
class Trainer {
public:
    explicit Trainer(TrainingConfig config, TrainerOptions options = {});

    /// Runs to the end, or until `stopRequested` is seen (polled before every batch, so a stop
    /// takes effect within one batch). Throws Error for bad configs, unreadable data or a NaN
    /// loss; the run directory keeps whatever was written before.
    RunResult run(TrainingObserver& observer, const std::atomic<bool>& stopRequested);

private:
    TrainingConfig m_config;
    TrainerOptions m_options;
};

} // namespace fovea
