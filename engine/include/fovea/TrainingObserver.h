#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fovea {

/// Sent once, after the data is loaded and the model is built.
struct RunStarted {
    std::string runDirectory;
    std::string architecture;
    std::int64_t parameterCount = 0;
    int epochs = 0;
    int batchesPerEpoch = 0;
    std::int64_t trainImages = 0;
    std::int64_t validationImages = 0;
    int inputSize = 0;
    std::vector<std::string> classNames;
};

/// Sent during an epoch, throttled at the source (see TrainerOptions::progressIntervalMs).
struct BatchProgress {
    int epoch = 0; ///< 1-based
    int batch = 0; ///< 1-based, within the epoch
    int batchesPerEpoch = 0;
    std::int64_t step = 0; ///< batches since the run began
    double loss = 0.0;     ///< this batch's mean loss
    double learningRate = 0.0;
    double imagesPerSecond = 0.0; ///< over the epoch so far (pauses not counted)
    double elapsedSeconds = 0.0;  ///< since the run began (pauses not counted)
    /// Estimated time to the end of the run, validation included; negative while unknown.
    double etaSeconds = -1.0;
};

/// Sent after each completed epoch's validation.
struct EpochSummary {
    int epoch = 0;
    double trainLoss = 0.0;
    double trainAccuracy = 0.0; ///< fraction in [0, 1]
    double validationLoss = 0.0;
    double validationAccuracy = 0.0;
    double validationTop5 = 0.0; ///< top-k accuracy with k = min(5, classes)
    double learningRate = 0.0;   ///< at the end of the epoch
    double elapsedSeconds = 0.0;
    /// False for an epoch TrainingConfig::validateEveryEpochs skips: the validation figures are
    /// then NaN.
    bool validated = true;
};

/// What a run ended with.
struct RunResult {
    bool stopped = false;      ///< ended early by the stop token
    bool earlyStopped = false; ///< ended by early stopping (the monitored metric stalled)
    int rollbacks = 0;         ///< NaN rollbacks to the last good checkpoint (nanPolicy)
    std::string modelFile;     ///< the final model file in the run directory, when written
    int epochsCompleted = 0;
    std::int64_t stepsCompleted = 0;
    double finalValidationAccuracy = 0.0; ///< of the last validated epoch
    /// Samples left out because their file could not be decoded (each reported once through
    /// onMessage with its path and the reason); the run went on without them.
    std::int64_t skippedSamples = 0;
    std::string runDirectory;
};

/// How far an epoch's validation pass is (a large validation set takes a while).
struct ValidationProgress {
    int epoch = 0;
    std::int64_t done = 0;  ///< pictures evaluated (or skipped) so far, over all ranks
    std::int64_t total = 0; ///< the validation set's size
};

/// How the engine reports. Called on the training thread: an implementation that touches a GUI
/// must hop to its own thread (app/ does so with queued calls). Default methods ignore events.
class TrainingObserver {
public:
    virtual ~TrainingObserver() = default;
    virtual void onRunStarted(const RunStarted&) {}
    virtual void onBatch(const BatchProgress&) {}
    virtual void onEpoch(const EpochSummary&) {}
    /// After each batch of a validation pass (at the end of an epoch that validates).
    virtual void onValidation(const ValidationProgress&) {}
    virtual void onMessage(const std::string&) {}
};

} // namespace fovea
