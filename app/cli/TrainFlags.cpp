#include "TrainFlags.h"

#include "NumberValidators.h"
#include "PreviewCommand.h"

namespace fovea {
namespace {

// CLI11 names the flag in its own messages; ranges that depend on other fields are left to
// TrainingConfig::validate(), which names the config key.
CLI::Validator nonNegative()
{
    return CLI::Validator(
        [](std::string& value) {
            return value.rfind('-', 0) == 0 ? std::string("must not be negative") : std::string();
        },
        "NONNEGATIVE");
}

// Like CLI::ExistingFile, but an empty value passes: `--weights ""` clears a config file's.
CLI::Validator existingFileOrEmpty()
{
    return CLI::Validator(
        [](std::string& value) { return value.empty() ? std::string() : CLI::ExistingFile(value); },
        "FILE");
}

} // namespace

template <typename T>
CLI::Option* TrainFlags::add(const std::string& names, T TrainingConfig::*field,
                             const std::string& help)
{
    CLI::Option* option = m_command.add_option(names, m_values.*field, help);
    m_overrides.emplace_back(
        option, [this, field](TrainingConfig& config) { config.*field = m_values.*field; });
    return option;
}

CLI::Option* TrainFlags::addSwitch(const std::string& name, bool TrainingConfig::*field,
                                   const std::string& help)
{
    // --name sets true, --no-name false: a config file's true can be turned off from the shell.
    CLI::Option* option =
        m_command.add_flag(name + ",!--no-" + name.substr(2), m_values.*field, help);
    m_overrides.emplace_back(
        option, [this, field](TrainingConfig& config) { config.*field = m_values.*field; });
    return option;
}

TrainFlags::TrainFlags(CLI::App& command)
    : m_command(command)
{
    using C = TrainingConfig;
    command
        .add_option("--config", m_configPath,
                    "JSON training config; flags given as well override its values")
        ->check(CLI::ExistingFile);
    add("--dataset", &C::dataset,
        "Dataset: IDX folder, image folder (class folders or train/ and val/) or CSV/TSV list");
    add("--arch", &C::architecture, "Architecture (see `fovea-cli models`)");
    add("--epochs", &C::epochs, "Epochs")->check(CLI::Number)->check(CLI::Range(1, 100000));
    add("--batch-size", &C::batchSize, "Batch size (2 or more: batch norm needs two pictures)")
        ->check(CLI::Number)
        ->check(CLI::Range(2, 65536));
    add("--lr", &C::learningRate, "Base learning rate: the peak or start of every schedule")
        ->check(CLI::Number)
        ->check(realRange(1e-9, 100.0));

    add("--optimizer", &C::optimizer, "Optimiser")->check(CLI::IsMember(C::optimizerNames()));
    add("--momentum", &C::momentum, "SGD and RMSprop momentum")
        ->check(CLI::Number)
        ->check(realRange(0.0, 0.999999));
    addSwitch("--nesterov", &C::nesterov, "SGD: Nesterov momentum");
    add("--rmsprop-alpha", &C::rmspropAlpha, "RMSprop squared-gradient decay (Inception: 0.9)");
    add("--rmsprop-eps", &C::rmspropEps, "RMSprop epsilon (Inception: 1.0)");
    add("--adam-beta1", &C::adamBeta1, "Adam/AdamW first-moment decay");
    add("--adam-beta2", &C::adamBeta2, "Adam/AdamW second-moment decay");
    add("--adam-eps", &C::adamEps, "Adam/AdamW epsilon");
    add("--weight-decay", &C::weightDecay, "Weight decay (decoupled for AdamW)")
        ->check(CLI::Number)
        ->check(realRange(0.0, 1.0));
    addSwitch("--decay-norm-bias", &C::decayNormAndBias,
              "Weight decay on biases and batch-norm parameters too");

    add("--schedule", &C::schedule, "Learning-rate schedule")
        ->check(CLI::IsMember(C::scheduleNames()));
    add("--warmup-epochs", &C::warmupEpochs, "cosine: linear warm-up epochs (fractions allowed)");
    add("--min-lr", &C::minLearningRate, "cosine: final rate; plateau: lowest rate");
    add("--step-epochs", &C::stepEpochs, "step: epochs between reductions");
    add("--milestones", &C::milestones, "multistep: epochs after which to reduce, e.g. 30,60,80")
        ->delimiter(',');
    add("--gamma", &C::gamma, "step, multistep, exponential: reduction factor");
    add("--one-cycle-pct-start", &C::oneCyclePctStart, "onecycle: fraction of the run rising");
    add("--one-cycle-div-factor", &C::oneCycleDivFactor, "onecycle: start at lr / this");
    add("--one-cycle-final-div-factor", &C::oneCycleFinalDivFactor,
        "onecycle: end at the start rate / this");
    add("--plateau-metric", &C::plateauMetric, "plateau: metric to watch")
        ->check(CLI::IsMember(C::monitorMetricNames()));
    add("--plateau-mode", &C::plateauMode, "plateau: min, max or auto (max for accuracy)")
        ->check(CLI::IsMember(C::plateauModeNames()));
    add("--plateau-factor", &C::plateauFactor, "plateau: multiply the rate by this");
    add("--plateau-patience", &C::plateauPatience, "plateau: epochs without improvement allowed");
    add("--plateau-cooldown", &C::plateauCooldown, "plateau: epochs to wait after a reduction");
    add("--plateau-threshold", &C::plateauThreshold, "plateau: least change that counts");
    add("--plateau-threshold-mode", &C::plateauThresholdMode, "plateau: rel or abs threshold")
        ->check(CLI::IsMember(C::plateauThresholdModeNames()));

    add("--label-smoothing", &C::labelSmoothing, "Cross-entropy label smoothing, in [0, 1)");
    add("--class-weights", &C::classWeights, "Loss weight per class, e.g. 1,2,1,1")->delimiter(',');

    add("--input-size", &C::inputSize, "Network input in pixels (0: the dataset's own size)")
        ->check(CLI::Number)
        ->check(CLI::Range(0, 4096));
    add("--seed", &C::seed, "Random seed (0 or more)")
        ->check(CLI::Number)
        ->check(nonNegative())
        ->check(fitsUnsigned64());
    add("--threads", &C::threads, "Compute threads (0: all cores)")
        ->check(CLI::Number)
        ->check(CLI::Range(0, 1024));
    addSwitch("--cpu-bf16", &C::cpuBfloat16,
              "CPU: train in bfloat16 autocast (about 2x faster on CPUs with AMX / AVX512-BF16)");
    add("--runs", &C::runsFolder, "Folder for run directories");
    add("--train-limit", &C::trainLimit, "Use only the first N training images (0: all)")
        ->check(CLI::Number)
        ->check(CLI::Range(std::int64_t(0), std::int64_t(1) << 40));
    add("--val-limit", &C::validationLimit, "Use only the first N validation images (0: all)")
        ->check(CLI::Number)
        ->check(CLI::Range(std::int64_t(0), std::int64_t(1) << 40));
    add("--validate-every", &C::validateEveryEpochs,
        "Validate after every N epochs and after the last (1: every epoch)")
        ->check(CLI::Range(1, 100000));
    addSwitch("--test-time-flip", &C::testTimeFlip,
              "Validate on each picture and its mirror image, probabilities averaged");
    add("--accumulate", &C::accumulateSteps,
        "Batches whose gradients add up before one optimiser step (effective batch: "
        "batch size x this)")
        ->check(CLI::Number)
        ->check(CLI::Range(1, 4096));
    add("--log-every", &C::logEverySteps,
        "One step row in metrics.csv per this many optimiser steps")
        ->check(CLI::Number)
        ->check(CLI::Range(1, 1000000));

    // The model and fine-tuning.
    add("--weights", &C::weights,
        "State dict to start from (torchvision key names; a head of another size starts fresh)")
        ->check(existingFileOrEmpty());
    add("--freeze-up-to", &C::freezeUpTo,
        "Freeze the stages up to and including this one (a wrong name lists the stages)");
    add("--unfreeze-after", &C::unfreezeAfterEpochs,
        "With --freeze-up-to: unfreeze the backbone after this many epochs (0: never)")
        ->check(CLI::Number)
        ->check(CLI::Range(0, 100000));
    add("--head-lr-multiplier", &C::headLrMultiplier,
        "The classifier head learns at the learning rate times this")
        ->check(CLI::Number)
        ->check(realRange(0.0, 1000.0));
    add("--head", &C::head, "Classifier head")->check(CLI::IsMember(C::headNames()));
    add("--head-dropout", &C::headDropout, "Dropout before the last layer of a non-default head")
        ->check(CLI::Number)
        ->check(realRange(0.0, 0.99));
    addSwitch("--aux-logits", &C::auxLogits,
              "GoogLeNet / Inception v3: train the auxiliary classifiers too");
    addSwitch("--compact-stem", &C::compactStem, "Small-image stem (for 28-64 px inputs)");

    // Stopping and never losing work.
    add("--early-stopping-patience", &C::earlyStoppingPatience,
        "Stop after this many epochs without improvement (0: never)")
        ->check(CLI::Number)
        ->check(CLI::Range(0, 100000));
    add("--early-stopping-metric", &C::earlyStoppingMetric,
        "Metric early stopping and the best checkpoint watch")
        ->check(CLI::IsMember(C::monitorMetricNames()));
    add("--early-stopping-min-delta", &C::earlyStoppingMinDelta,
        "Early stopping: smallest change that counts as improvement")
        ->check(CLI::Number)
        ->check(realRange(0.0, 1e9));
    add("--checkpoint-every", &C::checkpointEveryEpochs,
        "Numbered checkpoint every N epochs (0: last and best only)")
        ->check(CLI::Number)
        ->check(CLI::Range(0, 100000));
    add("--keep-checkpoints", &C::keepCheckpoints,
        "Numbered checkpoints kept; older ones are deleted")
        ->check(CLI::Number)
        ->check(CLI::Range(0, 100000));
    add("--nan-policy", &C::nanPolicy,
        "On a NaN/Inf loss or gradient: stop, or roll back to the last good checkpoint")
        ->check(CLI::IsMember(C::nanPolicyNames()));
    add("--nan-lr-factor", &C::nanLrFactor, "rollback: multiply the learning rate by this");

    // Device.
    add("--device", &C::device, "Compute device (auto: CUDA when this libtorch has it)")
        ->check(CLI::IsMember(C::deviceNames()));
    addSwitch("--mixed-precision", &C::mixedPrecision,
              "CUDA: float16 autocast with dynamic loss scaling");

    command.add_option(
        "--augment", m_augmentation, "Training augmentation: a preset (" + [] {
            std::string names;
            for (const std::string& name : AugmentationSpec::presetNames())
                names += (names.empty() ? "" : ", ") + name;
            return names;
        }() + ") or a JSON file of steps (see `fovea-cli augmentations`)");
    add("--val-fraction", &C::validationFraction,
        "Fraction of each class held out for validation when the dataset has no val part")
        ->check(CLI::Number)
        ->check(realRange(0.0, 0.9));
    add("--loader-workers", &C::loaderWorkers, "Decode/augment threads (0: all cores)")
        ->check(CLI::Number)
        ->check(CLI::Range(0, 1024));
    add("--prefetch", &C::prefetchBatches, "Batches the loader prepares ahead")
        ->check(CLI::Number)
        ->check(CLI::Range(1, 64));
    add("--dist-timeout", &C::distributedTimeoutSeconds,
        "Distributed runs (torchrun): seconds a rank waits for the others before it gives up")
        ->check(CLI::Number)
        ->check(realRange(1.0, 86400.0));
    add("--bucket-mb", &C::gradientBucketMegabytes,
        "Distributed runs: gradient all-reduce bucket size in MiB")
        ->check(CLI::Number)
        ->check(realRange(0.01, 1024.0));
}

TrainingConfig TrainFlags::applyTo(TrainingConfig base) const
{
    for (const auto& [option, copy] : m_overrides)
        if (option->count() > 0)
            copy(base);
    if (!m_augmentation.empty())
        base.augmentation = augmentationFromArgument(m_augmentation);
    return base;
}

} // namespace fovea
