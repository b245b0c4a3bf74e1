#include "fovea/Trainer.h"

#include "ClassificationLoss.h"
#include "ModelFactory.h"
#include "OptimizerFactory.h"
#include "StateDictIO.h"
#include "TrainingData.h"
#include "data/BatchLoader.h"
#include "fovea/ArchitectureRegistry.h"
#include "fovea/Error.h"
#include "fovea/LearningRateSchedule.h"
#include "fovea/ReduceLrOnPlateau.h"
#include "fovea/RunDirectory.h"
#include "fovea/Threads.h"

#include <torch/nn/functional/loss.h>
#include <torch/utils.h>

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <optional>
#include <set>

namespace fovea {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Evaluation {
    double loss = 0.0;
    double accuracy = 0.0;
};

// The value of a metrics.csv column that reduce-on-plateau can watch.
double metricValue(const std::string& name, const EpochSummary& summary)
{
    if (name == "val_accuracy")
        return summary.validationAccuracy;
    if (name == "train_loss")
        return summary.trainLoss;
    if (name == "train_accuracy")
        return summary.trainAccuracy;
    return summary.validationLoss;
}

// Reports each file the loader skipped, once per run however many epochs meet it.
class SkipReporter {
public:
    explicit SkipReporter(TrainingObserver& observer)
        : m_observer(observer)
    {
    }
    void report(const data::LoadedBatch& batch)
    {
        for (const data::SkippedSample& skipped : batch.skipped)
            if (m_reported.insert(skipped.path).second)
                m_observer.onMessage(fmt::format("skipped {}: {}", skipped.path, skipped.reason));
    }
    std::int64_t count() const { return static_cast<std::int64_t>(m_reported.size()); }

private:
    TrainingObserver& m_observer;
    std::set<std::string> m_reported;
};

Evaluation evaluate(ClassifierNet& model, data::BatchLoader& loader, std::int64_t epoch,
                    SkipReporter& skips)
{
    torch::NoGradGuard noGrad; // thread-local: created on the thread that evaluates
    model.eval();
    double lossSum = 0.0;
    std::int64_t correct = 0;
    std::int64_t seen = 0;
    loader.startEpoch(epoch);
    while (std::optional<data::LoadedBatch> batch = loader.next()) {
        skips.report(*batch);
        if (batch->size() == 0)
            continue;
        const torch::Tensor logits = model.forward(batch->images);
        // Plain cross-entropy, whatever the training criterion's smoothing and class weights, so
        // validation losses compare across runs.
        lossSum += torch::nn::functional::cross_entropy(
                       logits, batch->labels,
                       torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                       .item<double>();
        correct += logits.argmax(1).eq(batch->labels).sum().item<std::int64_t>();
        seen += batch->size();
    }
    model.train();
    if (seen == 0)
        return {std::nan(""), 0.0};
    return {lossSum / double(seen), double(correct) / double(seen)};
}

HeadOptions::Kind headKind(const std::string& name)
{
    if (name == "fc")
        return HeadOptions::Kind::FullyConnected;
    if (name == "avg")
        return HeadOptions::Kind::GlobalAveragePool;
    if (name == "max")
        return HeadOptions::Kind::GlobalMaxPool;
    return HeadOptions::Kind::Default;
}

/// The network a config asks for: options, starting weights, frozen stages.
ClassifierNetPtr buildModel(const TrainingConfig& config, const ArchitectureInfo& info,
                            std::int64_t numClasses, TrainingObserver& observer)
{
    ModelOptions options;
    options.numClasses = numClasses;
    options.compactStem = config.compactStem;
    options.auxLogits = config.auxLogits;
    options.head.kind = headKind(config.head);
    options.head.dropout = config.headDropout;
    ClassifierNetPtr model = createModel(info.name, options);
    if (!config.weights.empty()) {
        const WeightImportReport report =
            applyStateDict(*model, readStateDict(config.weights), config.weights);
        observer.onMessage(fmt::format("weights '{}': {} tensors loaded, {} skipped, {} "
                                       "re-initialised",
                                       config.weights, report.loaded.size(), report.skipped.size(),
                                       report.reinitialised.size()));
    }
    if (!config.freezeUpTo.empty())
        model->freezeUpTo(config.freezeUpTo);
    return model;
}

} // namespace

Trainer::Trainer(TrainingConfig config, TrainerOptions options)
    : m_config(std::move(config))
    , m_options(options)
{
}

RunResult Trainer::run(TrainingObserver& observer, const std::atomic<bool>& stopRequested)
{
    m_config.validate();
    const Clock::time_point started = Clock::now();
    setComputeThreads(m_config.threads);
    torch::manual_seed(m_config.seed);
    const ArchitectureInfo& info = architecture(m_config.architecture);

    observer.onMessage(fmt::format("Loading {}", m_config.dataset));
    const TrainingData data = prepareTrainingData(m_config, info, observer, stopRequested);
    RunResult result;
    if (!data.train) { // the scan was stopped
        result.stopped = true;
        return result;
    }
    const auto numClasses = static_cast<std::int64_t>(data.classNames.size());

    TrainingConfig resolved = m_config;
    resolved.inputSize = data.inputSize;
    resolved.preprocessing = data.preprocessing;
    resolved.threads = at::get_num_threads();
    if (resolved.inputSize < info.minInputSize)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("input size {} px is below the minimum of {} px for '{}'",
                                resolved.inputSize, info.minInputSize, info.name));

    // Drop the last partial batch (as the peer does): a batch of one breaks BatchNorm.
    data::LoaderOptions trainOptions;
    trainOptions.batchSize =
        static_cast<int>(std::min<std::int64_t>(resolved.batchSize, data.train->size()));
    trainOptions.shuffle = true;
    trainOptions.dropLast = true;
    trainOptions.workers = resolved.loaderWorkers;
    trainOptions.prefetchBatches = resolved.prefetchBatches;
    trainOptions.seed = resolved.seed;
    trainOptions.numClasses = static_cast<int>(numClasses);
    data::BatchLoader trainLoader(
        data.train,
        data::SampleTransform(resolved.augmentation, data.preprocessing, resolved.inputSize),
        trainOptions);
    data::LoaderOptions validationOptions = trainOptions;
    validationOptions.shuffle = false;
    validationOptions.dropLast = false;
    // Small inputs evaluate fastest in large batches; large ones would hold too much memory.
    if (resolved.inputSize <= 64)
        validationOptions.batchSize = std::max(trainOptions.batchSize, 256);
    data::BatchLoader validationLoader(
        data.validation, data::SampleTransform({}, data.preprocessing, resolved.inputSize),
        validationOptions);
    SkipReporter skips(observer);

    const ClassificationLoss criterion(resolved, numClasses);
    const ClassifierNetPtr model = buildModel(resolved, info, numClasses, observer);
    model->train();
    std::vector<torch::Tensor> trainable;
    for (const torch::Tensor& parameter : model->parameters())
        if (parameter.requires_grad())
            trainable.push_back(parameter);
    const std::unique_ptr<torch::optim::Optimizer> optimizer = createOptimizer(resolved, trainable);
    // Only "plateau" needs state fed by validation; the other schedules are functions of the step.
    std::optional<ReduceLrOnPlateau> plateau;
    if (resolved.schedule == "plateau")
        plateau.emplace(resolved);

    const int batchesPerEpoch = static_cast<int>(trainLoader.batchesPerEpoch());

    std::optional<RunDirectory> runDirectory;
    if (m_options.writeRunDirectory) {
        runDirectory = RunDirectory::create(resolved.runsFolder, info.name);
        runDirectory->writeConfig(resolved.toJson());
        runDirectory->flushMetrics();
        result.runDirectory = runDirectory->path();
    }

    RunStarted start;
    start.runDirectory = result.runDirectory;
    start.architecture = info.name;
    start.parameterCount = countTrainableParameters(*model);
    start.epochs = resolved.epochs;
    start.batchesPerEpoch = batchesPerEpoch;
    start.trainImages = static_cast<std::int64_t>(data.train->size());
    start.validationImages = static_cast<std::int64_t>(data.validation->size());
    start.inputSize = resolved.inputSize;
    start.classNames = data.classNames;
    observer.onRunStarted(start);

    std::int64_t step = 0;
    double stepLossSum = 0.0;
    int stepLossCount = 0;
    for (int epoch = 1; epoch <= resolved.epochs && !result.stopped; ++epoch) {
        // The data order and every augmentation draw depend on (seed, epoch) only, so a run
        // can be replayed.
        trainLoader.startEpoch(epoch);
        const Clock::time_point epochStarted = Clock::now();
        Clock::time_point lastReport = epochStarted;
        double epochLossSum = 0.0;
        std::int64_t epochCorrect = 0;
        std::int64_t epochSeen = 0;
        double learningRate = resolved.learningRate;

        for (int batch = 1; batch <= batchesPerEpoch; ++batch) {
            if (stopRequested.load(std::memory_order_relaxed)) {
                result.stopped = true;
                break;
            }
            learningRate =
                plateau ? plateau->learningRate() : learningRateAt(resolved, step, batchesPerEpoch);
            setLearningRate(*optimizer, learningRate);

            std::optional<data::LoadedBatch> loaded = trainLoader.next();
            if (!loaded)
                break;
            skips.report(*loaded);
            // Skipped files shorten a batch; BatchNorm cannot train on a single sample.
            if (loaded->size() < 2)
                continue;
            const torch::Tensor& inputs = loaded->images;
            const torch::Tensor& labels = loaded->labels;
            // Mixup / cutmix give soft targets; accuracy is still counted against the labels.
            const torch::Tensor& targets = loaded->targets.defined() ? loaded->targets : labels;
            optimizer->zero_grad();
            const ModelOutput output = model->forwardWithAux(inputs);
            const torch::Tensor& logits = output.logits;
            torch::Tensor loss = criterion(logits, targets);
            // GoogLeNet / Inception v3: the auxiliary heads' losses, weighted as in their papers.
            for (const torch::Tensor& aux : output.auxLogits)
                loss = loss + info.auxLossWeight * criterion(aux, targets);
            const double lossValue = loss.item<double>();
            ++step;
            if (!std::isfinite(lossValue)) {
                if (runDirectory)
                    runDirectory->flushMetrics();
                throw Error(ErrorCode::NumericalFailure,
                            fmt::format("the training loss became {} at step {} (epoch {}, batch "
                                        "{}); try a lower learning rate than {}",
                                        lossValue, step, epoch, batch, learningRate));
            }
            loss.backward();
            optimizer->step();

            epochLossSum += lossValue * double(loaded->size());
            epochCorrect += logits.argmax(1).eq(labels).sum().item<std::int64_t>();
            epochSeen += loaded->size();
            stepLossSum += lossValue;
            ++stepLossCount;
            if (runDirectory && step % resolved.logEverySteps == 0) {
                MetricsRow row;
                row.kind = "step";
                row.epoch = epoch;
                row.step = step;
                row.trainLoss = stepLossSum / stepLossCount;
                row.learningRate = learningRate;
                row.elapsedSeconds = secondsSince(started);
                runDirectory->appendMetrics(row);
                stepLossSum = 0.0;
                stepLossCount = 0;
            }

            const Clock::time_point now = Clock::now();
            const bool due =
                m_options.progressIntervalMs <= 0 ||
                now - lastReport >= std::chrono::milliseconds(m_options.progressIntervalMs);
            if (due || batch == batchesPerEpoch) {
                lastReport = now;
                BatchProgress progress;
                progress.epoch = epoch;
                progress.batch = batch;
                progress.batchesPerEpoch = batchesPerEpoch;
                progress.step = step;
                progress.loss = lossValue;
                progress.learningRate = learningRate;
                progress.imagesPerSecond =
                    double(epochSeen) / std::max(1e-9, secondsSince(epochStarted));
                progress.elapsedSeconds = secondsSince(started);
                observer.onBatch(progress);
            }
        }
        result.stepsCompleted = step;
        result.skippedSamples = skips.count();
        if (result.stopped)
            break;
        if (epochSeen == 0)
            throw Error(ErrorCode::CorruptFile,
                        fmt::format("no training image of '{}' could be read in epoch {}; see "
                                    "the skipped files reported above",
                                    resolved.dataset, epoch));

        const Evaluation evaluation = evaluate(*model, validationLoader, epoch, skips);
        result.skippedSamples = skips.count();
        EpochSummary summary;
        summary.epoch = epoch;
        summary.trainLoss = epochLossSum / double(epochSeen);
        summary.trainAccuracy = double(epochCorrect) / double(epochSeen);
        summary.validationLoss = evaluation.loss;
        summary.validationAccuracy = evaluation.accuracy;
        summary.learningRate = learningRate;
        summary.elapsedSeconds = secondsSince(started);
        result.epochsCompleted = epoch;
        result.finalValidationAccuracy = evaluation.accuracy;
        if (runDirectory) {
            MetricsRow row;
            row.kind = "epoch";
            row.epoch = epoch;
            row.step = step;
            row.trainLoss = summary.trainLoss;
            row.trainAccuracy = summary.trainAccuracy;
            row.validationLoss = summary.validationLoss;
            row.validationAccuracy = summary.validationAccuracy;
            row.learningRate = learningRate;
            row.elapsedSeconds = summary.elapsedSeconds;
            runDirectory->appendMetrics(row);
            runDirectory->flushMetrics();
        }
        observer.onEpoch(summary);
        if (plateau) {
            const double before = plateau->learningRate();
            if (plateau->update(metricValue(plateau->metric(), summary)))
                observer.onMessage(fmt::format("epoch {}: {} stopped improving; learning rate {} "
                                               "-> {}",
                                               epoch, plateau->metric(), before,
                                               plateau->learningRate()));
        }
    }
    if (runDirectory)
        runDirectory->flushMetrics();
    return result;
}

} // namespace fovea
