#include "fovea/Trainer.h"

#include "ClassificationLoss.h"
#include "InMemoryDataset.h"
#include "ModelFactory.h"
#include "OptimizerFactory.h"
#include "StateDictIO.h"
#include "fovea/ArchitectureRegistry.h"
#include "fovea/Error.h"
#include "fovea/IdxDataset.h"
#include "fovea/LearningRateSchedule.h"
#include "fovea/ReduceLrOnPlateau.h"
#include "fovea/RunDirectory.h"
#include "fovea/Threads.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/nn/functional/loss.h>
#include <torch/utils.h>

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <optional>

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

Evaluation evaluate(ClassifierNet& model, const InMemoryDataset& data, int inputSize,
                    std::int64_t batchSize, double mean, double std)
{
    torch::NoGradGuard noGrad; // thread-local: created on the thread that evaluates
    model.eval();
    double lossSum = 0.0;
    std::int64_t correct = 0;
    for (std::int64_t begin = 0; begin < data.size(); begin += batchSize) {
        const std::int64_t end = std::min(begin + batchSize, data.size());
        const torch::Tensor indices = torch::arange(begin, end, torch::kInt64);
        const torch::Tensor logits = model.forward(data.batchImages(indices, inputSize, mean, std));
        const torch::Tensor targets = data.labels().slice(0, begin, end);
        // Plain cross-entropy, whatever the training criterion's smoothing and class weights, so
        // validation losses compare across runs.
        lossSum += torch::nn::functional::cross_entropy(
                       logits, targets,
                       torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                       .item<double>();
        correct += logits.argmax(1).eq(targets).sum().item<std::int64_t>();
    }
    model.train();
    return {lossSum / double(data.size()), double(correct) / double(data.size())};
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
    const IdxDataset source = loadIdxDataset(m_config.dataset);
    const InMemoryDataset train(source.train, m_config.trainLimit);
    const InMemoryDataset validation(source.test, m_config.validationLimit);

    TrainingConfig resolved = m_config;
    resolved.inputSize = m_config.inputSize > 0 ? m_config.inputSize : train.nativeSize();
    resolved.threads = at::get_num_threads();
    if (resolved.inputSize < info.minInputSize)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("input size {} px is below the minimum of {} px for '{}'",
                                resolved.inputSize, info.minInputSize, info.name));
    // IDX sets are grey-scale: normalise with the training set's own statistics.
    const auto [mean, std] = train.meanAndStd();

    const ClassificationLoss criterion(resolved,
                                       static_cast<std::int64_t>(source.classNames.size()));
    const ClassifierNetPtr model =
        buildModel(resolved, info, static_cast<std::int64_t>(source.classNames.size()), observer);
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

    // Drop the last partial batch (as the peer does): a batch of one breaks BatchNorm.
    const std::int64_t batchSize = std::min<std::int64_t>(resolved.batchSize, train.size());
    const int batchesPerEpoch = static_cast<int>(train.size() / batchSize);

    std::optional<RunDirectory> runDirectory;
    RunResult result;
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
    start.trainImages = train.size();
    start.validationImages = validation.size();
    start.inputSize = resolved.inputSize;
    start.classNames = source.classNames;
    observer.onRunStarted(start);

    std::int64_t step = 0;
    double stepLossSum = 0.0;
    int stepLossCount = 0;
    for (int epoch = 1; epoch <= resolved.epochs && !result.stopped; ++epoch) {
        // The data order depends on (seed, epoch) only, so a run can be replayed.
        const torch::Generator generator =
            at::detail::createCPUGenerator(resolved.seed * 1000003ull + std::uint64_t(epoch));
        const torch::Tensor order = torch::randperm(train.size(), generator, torch::kInt64);
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

            const torch::Tensor indices =
                order.slice(0, (batch - 1) * batchSize, batch * batchSize);
            const torch::Tensor inputs = train.batchImages(indices, resolved.inputSize, mean, std);
            const torch::Tensor targets = train.labels().index_select(0, indices);
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

            epochLossSum += lossValue * double(indices.size(0));
            epochCorrect += logits.argmax(1).eq(targets).sum().item<std::int64_t>();
            epochSeen += indices.size(0);
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
        if (result.stopped)
            break;

        const Evaluation evaluation = evaluate(*model, validation, resolved.inputSize,
                                               std::max<std::int64_t>(batchSize, 256), mean, std);
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
