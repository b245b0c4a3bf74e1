#pragma once

#include "fovea/ArchitectureInfo.h"
#include "fovea/Augmentation.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fovea {

/// One training run, as the GUI's project file and `fovea-cli train --config` both store it.
/// Round-trips through JSON; unknown keys and bad values are errors that name the key.
struct TrainingConfig {
    /// IDX folder (MNIST / Fashion-MNIST files), image folder (one folder per class, or
    /// train/ and val/ folders) or CSV/TSV list file
    std::string dataset;
    std::string architecture = "small-cnn"; ///< registry name
    int epochs = 5;
    int batchSize = 128;
    double learningRate = 0.05; ///< base rate: the peak or starting value of every schedule

    // Optimiser. Fields of the optimisers not chosen are ignored.
    std::string optimizer = "sgd"; ///< "sgd", "rmsprop", "adam" or "adamw"
    double momentum = 0.9;         ///< sgd and rmsprop momentum
    bool nesterov = false;         ///< sgd: Nesterov momentum (needs momentum above 0)
    double rmspropAlpha = 0.99; ///< rmsprop decay of the squared-gradient average (Inception: 0.9)
    double rmspropEps = 1e-8;   ///< rmsprop term added to the root (Inception: 1.0)
    double adamBeta1 = 0.9;     ///< adam/adamw first-moment decay
    double adamBeta2 = 0.999;   ///< adam/adamw second-moment decay
    double adamEps = 1e-8;      ///< adam/adamw term added to the denominator
    double weightDecay = 5e-4;  ///< L2 penalty; decoupled (as in the paper) for adamw
    bool decayNormAndBias = true; ///< false: no weight decay on 1-D tensors (biases, norm weights)

    // Learning-rate schedule, per optimiser step. Fields of the schedules not chosen are ignored.
    /// "constant", "step", "multistep", "exponential", "cosine", "onecycle" or "plateau"
    std::string schedule = "cosine";
    double warmupEpochs = 0.0;     ///< cosine: linear warm-up before the decay (fractions allowed)
    double minLearningRate = 0.0;  ///< cosine: the rate it decays towards; plateau: the floor
    int stepEpochs = 30;           ///< step: multiply by gamma every this many epochs
    std::vector<int> milestones;   ///< multistep: epochs after which to multiply by gamma
    double gamma = 0.1;            ///< step, multistep: factor; exponential: factor per epoch
    double oneCyclePctStart = 0.3; ///< onecycle: fraction of the run spent rising
    double oneCycleDivFactor = 25.0;          ///< onecycle: starts at learningRate / this
    double oneCycleFinalDivFactor = 1e4;      ///< onecycle: ends at the start rate / this
    std::string plateauMetric = "val_loss";   ///< plateau: val_loss, val_accuracy, train_loss, …
    std::string plateauMode = "auto";         ///< plateau: "min", "max", "auto" (max for accuracy)
    double plateauFactor = 0.1;               ///< plateau: multiply the rate by this on a plateau
    int plateauPatience = 10;                 ///< plateau: epochs without improvement tolerated
    int plateauCooldown = 0;                  ///< plateau: epochs to wait after a reduction
    double plateauThreshold = 1e-4;           ///< plateau: smallest change counted as improvement
    std::string plateauThresholdMode = "rel"; ///< plateau: "rel" (fraction of best) or "abs"

    // Loss: cross-entropy.
    double labelSmoothing = 0.0;      ///< PyTorch's label_smoothing, in [0, 1)
    std::vector<double> classWeights; ///< one weight per class; empty: all 1

    int inputSize = 0;                ///< network input in pixels; 0 = the dataset's own size
    std::uint64_t seed = 0;           ///< initialisation and data order
    int threads = 0;                  ///< compute threads; 0 = all cores
    std::string runsFolder = "runs";  ///< run directories are created below this
    std::int64_t trainLimit = 0;      ///< use only the first N training images; 0 = all
    std::int64_t validationLimit = 0; ///< use only the first N validation images; 0 = all
    int logEverySteps = 20;       ///< one `step` row in metrics.csv per this many optimiser steps
    bool compactStem = false;     ///< small-image stem (see ModelOptions::compactStem)
    std::string head = "default"; ///< "default", "fc" (VGG-style stack), "avg" or "max"
    double headDropout = 0.0;     ///< dropout before the last layer of a non-default head
    bool auxLogits = false;       ///< GoogLeNet / Inception v3 auxiliary classifiers
    std::string weights;          ///< state dict to start from (torchvision key names)
    std::string freezeUpTo;       ///< stage to freeze up to and including; empty: none

    // Data pipeline.
    /// Per-sample (and batch-level) augmentation of the training images, in order. JSON: an
    /// array of steps, or a preset name ("inception", "vgg", …).
    AugmentationSpec augmentation;
    /// Overrides the architecture's preprocessing as a whole (JSON: an object whose missing keys
    /// take the architecture's values); unset: the architecture's, except that IDX data defaults
    /// to its own mean/std ("dataset") and to squashing into the input size.
    std::optional<Preprocessing> preprocessing;
    double validationFraction = 0.1; ///< split off the training images when there is no val part
    /// Validation and the final evaluation also classify each picture mirrored left to right and
    /// average the two probability vectors (test-time flip): twice the validation compute, for
    /// sets whose classes look the same mirrored.
    bool testTimeFlip = false;
    /// Validate after every this many epochs, and always after the last (Keras'
    /// validation_freq): the skipped epochs have no validation figures. Schedules and early
    /// stopping that watch a validation metric need 1.
    int validateEveryEpochs = 1;
    int loaderWorkers = 0;   ///< decode/augment threads; 0 = all cores
    int prefetchBatches = 2; ///< batches prepared ahead (bounds the loader's memory)

    // Steps, fine-tuning, stopping.
    /// Batches whose gradients add up before one optimiser step: the effective batch is
    /// batchSize × accumulateSteps (the seed's 256 on a small machine). Schedules count steps.
    int accumulateSteps = 1;
    double headLrMultiplier = 1.0; ///< the head (and aux heads) learn at learningRate × this
    /// With freezeUpTo: unfreeze the backbone after this many epochs; 0 keeps it frozen.
    int unfreezeAfterEpochs = 0;
    int earlyStoppingPatience = 0; ///< epochs without improvement before stopping; 0 = off
    std::string earlyStoppingMetric = "val_loss"; ///< as plateauMetric; max for accuracies
    double earlyStoppingMinDelta = 0.0;           ///< smallest change counted as improvement

    // Never lose work.
    int checkpointEveryEpochs = 1; ///< numbered checkpoint every N epochs (last/best always)
    int keepCheckpoints = 3;       ///< numbered checkpoints kept; older ones are deleted
    /// On a NaN/Inf loss or gradient: "stop" (an error naming the step) or "rollback" (back to
    /// the last good checkpoint with the learning rate times nanLrFactor, at most 3 times).
    std::string nanPolicy = "stop";
    double nanLrFactor = 0.5;

    // Device.
    std::string device = "auto"; ///< "auto" (CUDA when this libtorch has it), "cpu" or "cuda"
    bool mixedPrecision = true;  ///< CUDA only: autocast to float16 with dynamic loss scaling
    /// CPU only: training forward passes autocast to bfloat16 (convolutions and matrix products;
    /// weights, gradients and validation stay float32). About 2× faster where oneDNN has AMX or
    /// AVX512-BF16 units; emulated, and slower, elsewhere.
    bool cpuBfloat16 = false;

    // Data-parallel runs (several processes: see DistributedLaunch). batchSize is per process.
    /// How long a rank waits for the others (rendezvous, each collective) before it gives up
    /// with an error naming itself.
    double distributedTimeoutSeconds = 300.0;
    /// Gradient all-reduce bucket size (DistributedDataParallel's bucket_cap_mb).
    double gradientBucketMegabytes = 25.0;

    /// Throws Error(InvalidArgument) naming the first bad field and what is allowed.
    void validate() const;

    /// The values `optimizer` and `schedule` accept, in the order a menu lists them.
    static const std::vector<std::string>& optimizerNames();
    static const std::vector<std::string>& scheduleNames();
    /// The metrics early stopping and the plateau schedule can watch.
    static const std::vector<std::string>& monitorMetricNames();
    /// The values `head` and `device` accept.
    static const std::vector<std::string>& headNames();
    static const std::vector<std::string>& deviceNames();
    /// The values `nanPolicy`, `plateauMode` and `plateauThresholdMode` accept.
    static const std::vector<std::string>& nanPolicyNames();
    static const std::vector<std::string>& plateauModeNames();
    static const std::vector<std::string>& plateauThresholdModeNames();

    /// Checks only what learningRateCurve() reads, so a preview works before a dataset is set.
    void validateSchedule() const;

    /// Pretty-printed JSON with every field.
    std::string toJson() const;

    /// Parses JSON written by toJson() or by hand; missing keys keep their defaults. `source`
    /// names the file in error messages.
    static TrainingConfig fromJson(const std::string& json, const std::string& source = "config");

    bool operator==(const TrainingConfig& other) const;
    bool operator!=(const TrainingConfig& other) const { return !(*this == other); }
};

} // namespace fovea
