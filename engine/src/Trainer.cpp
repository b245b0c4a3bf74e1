// The training loop: data from the loaders, the optimiser steps (with gradient accumulation and
// dynamic loss scaling under CUDA autocast), the schedule, validation each epoch, early
// stopping, and the events front ends draw from.
#include "fovea/Trainer.h"

#include "AutocastGuard.h"
#include "CheckpointRotation.h"
#include "ClassificationLoss.h"
#include "ComputeDevice.h"
#include "DynamicLossScaler.h"
#include "Evaluation.h"
#include "MetricMonitor.h"
#include "ModelFactory.h"
#include "ModelFileWriter.h"
#include "ModelSetup.h"
#include "NumericalFailure.h"
#include "OptimizerFactory.h"
#include "ResumePoint.h"
#include "RunLogObserver.h"
#include "SkipReporter.h"
#include "StateDictIO.h"
#include "TrainingData.h"
#include "ValidationSchedule.h"
#include "data/BatchLoader.h"
#include "distributed/DataParallelTraining.h"
#include "distributed/RankSettings.h"
#include "fovea/ArchitectureRegistry.h"
#include "fovea/Error.h"
#include "fovea/EvaluationReport.h"
#include "fovea/LearningRateSchedule.h"
#include "fovea/ReduceLrOnPlateau.h"
#include "fovea/RunDirectory.h"
#include "fovea/Threads.h"

#include <torch/nn/functional/loss.h>
#include <torch/utils.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>

namespace fovea {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

} // namespace

Trainer Trainer::resuming(const std::string& runDirectory, TrainerOptions options)
{
    ResumePoint point = findResumePoint(runDirectory, options.distributed.isMain());
    Trainer trainer(std::move(point.config), options);
    trainer.m_resumeDirectory = runDirectory;
    trainer.m_resumeCheckpoint = std::move(point.checkpoint);
    trainer.m_resumeWarnings = std::move(point.skipped);
    trainer.m_options.writeRunDirectory = true;
    return trainer;
}

Trainer::Trainer(TrainingConfig config, TrainerOptions options)
    : m_config(std::move(config))
    , m_options(options)
{
}

RunResult Trainer::run(TrainingObserver& observer, const std::atomic<bool>& stopRequested)
{
    return runWith(observer, stopRequested, nullptr);
}

RunResult Trainer::run(TrainingObserver& observer, RunControl& control)
{
    return runWith(observer, control.stopFlag(), &control);
}

RunResult Trainer::runWith(TrainingObserver& outerObserver, const std::atomic<bool>& stopRequested,
                           RunControl* control)
{
    m_config.validate();
    Clock::time_point started = Clock::now();
    setComputeThreads(m_config.threads);
    torch::manual_seed(m_config.seed);
    const ArchitectureInfo& info = architecture(m_config.architecture);
    const torch::Device device = chooseDevice(m_config.device);
    const AutocastMode autocast = autocastMode(m_config, device.is_cuda());
    const bool resuming = !m_resumeCheckpoint.empty();
    const DistributedLaunch& launch = m_options.distributed;
    DataParallelTraining::requireSupported(m_config, launch);
    // Only rank 0 writes the run directory and the checkpoints.
    const bool writesRun = m_options.writeRunDirectory && launch.isMain();

    std::optional<RunDirectory> runDirectory;
    RunLogObserver observer(outerObserver, runDirectory);
    try {
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
        resolved.device = device.is_cuda() ? "cuda" : "cpu";
        checkInputSize(resolved, info);

        // Drop the last partial batch (as the peer does): a batch of one breaks BatchNorm.
        data::LoaderOptions trainOptions = trainingLoaderOptions(resolved, data);
        trainOptions.rank = launch.rank;
        trainOptions.worldSize = launch.worldSize;
        data::BatchLoader trainLoader(
            data.train,
            data::SampleTransform(resolved.augmentation, data.preprocessing, resolved.inputSize),
            trainOptions);
        data::BatchLoader validationLoader(
            data.validation, data::SampleTransform({}, data.preprocessing, resolved.inputSize),
            validationLoaderOptions(resolved, trainOptions));
        SkipReporter skips(observer);

        // An optimiser step takes `accumulate` batches.
        const int accumulate = resolved.accumulateSteps;
        const int stepsPerEpoch = optimiserStepsPerEpoch(resolved, trainLoader.batchesPerEpoch());
        const int batchesPerEpoch = stepsPerEpoch * accumulate;

        const ClassificationLoss criterion(resolved, numClasses);
        const ClassifierNetPtr model = buildModel(resolved, info, numClasses, observer);
        model->to(device);
        model->train();
        std::unique_ptr<DataParallelTraining> parallel;
        if (launch.active()) {
            observer.onMessage(fmt::format("rank {} of {}: joining {}:{}", launch.rank,
                                           launch.worldSize, launch.masterAddress,
                                           launch.masterPort));
            parallel = std::make_unique<DataParallelTraining>(launch, resolved, device, *model);
            parallel->requireSameSettings(rankSettings(resolved, data.classNames,
                                                       std::int64_t(data.train->size()),
                                                       std::int64_t(data.validation->size())));
        }
        const ParameterSplit parameters = splitParameters(*model);
        ScaledOptimizer optimizer = createOptimizer(resolved, parameters.backbone, parameters.head);
        DynamicLossScaler scaler(autocast == AutocastMode::CudaFloat16);
        // Only "plateau" needs state fed by validation; the other schedules are functions of the
        // step.
        std::optional<ReduceLrOnPlateau> plateau;
        if (resolved.schedule == "plateau")
            plateau.emplace(resolved);
        // The best checkpoint follows the early-stopping metric (val_loss unless configured).
        MetricMonitor best(resolved.earlyStoppingMetric, resolved.earlyStoppingMinDelta);

        // Where the loop starts: the beginning, or a checkpoint (resume, and NaN rollbacks).
        TrainingProgress progress;
        progress.bestMetric = best.best();
        std::optional<CheckpointRotation> checkpoints;
        RunStarted start = describeRun(resolved, data, batchesPerEpoch);
        if (resuming) {
            requireSameDataset(m_resumeDirectory, resolved.dataset, start);
            progress = loadCheckpoint(m_resumeCheckpoint, *model, *optimizer.optimizer,
                                      plateau ? &*plateau : nullptr)
                           .progress;
            if (parallel) // every rank read the checkpoint itself: all must start at one point
                parallel->requireSameSettings(
                    resumePointSettings(progress.epoch, progress.batchInEpoch, progress.step));
            if (launch.isMain()) {
                runDirectory =
                    RunDirectory::reopen(m_resumeDirectory, std::size_t(progress.metricsRows));
                started -= runDirectory->elapsed(); // elapsed_s goes on, not from zero
            } else {
                DataParallelTraining::forgetRunningTotals(progress); // rank 0 carries them
            }
            result.epochsCompleted = int(progress.epoch) - (progress.batchInEpoch > 0 ? 1 : 0);
            for (const std::string& warning : m_resumeWarnings)
                observer.onMessage(warning);
            observer.onMessage(fmt::format("resuming from {} (epoch {}, batch {}, step {})",
                                           m_resumeCheckpoint, progress.epoch,
                                           progress.batchInEpoch, progress.step));
        } else if (writesRun)
            runDirectory = RunDirectory::create(resolved.runsFolder, info.name);
        const std::string configJson = resolved.toJson();
        if (runDirectory) { // created or reopened, and locked
            result.runDirectory = runDirectory->path();
            runDirectory->flushMetrics();
            runDirectory->writeConfig(configJson); // a resumed run's too, should it be lost
            checkpoints.emplace(checkpointFolder(result.runDirectory), resolved.keepCheckpoints);
            checkpoints->removeTemporaries(); // locked, so no live process's
            // The log names the first ten files the scan left out; left-out.csv lists all.
            if (runDirectory->writeLeftOut(data.rejected) > 10)
                observer.onMessage(
                    fmt::format("all of them are listed in {}/left-out.csv", result.runDirectory));
        }
        // A resumed run that had ended (its outputs missing after a crash) trains no more.
        const std::string endedBefore = resuming ? endOfRun(progress, resolved) : std::string();
        if (parallel)
            parallel->startFromMain();

        start.runDirectory = result.runDirectory;
        start.architecture = info.name;
        start.parameterCount = countTrainableParameters(*model);
        if (runDirectory) // the step column counts optimiser steps
            runDirectory->writeRunInfo(start, std::max(1, batchesPerEpoch / accumulate));
        observer.onRunStarted(start);

        auto saveCheckpoint = [&](const TrainingProgress& state, bool isBest, bool numbered) {
            if (!checkpoints)
                return;
            // metrics.csv first: a kill between the two leaves rows a resume trims, never a
            // checkpoint counting rows the file lacks.
            TrainingProgress withRows = state;
            withRows.metricsRows = std::int64_t(runDirectory->flushMetrics());
            checkpoints->save(withRows, *model, *optimizer.optimizer, plateau ? &*plateau : nullptr,
                              configJson, isBest, {}, numbered);
        };

        // The starting state is a checkpoint too: a NaN in the first epoch can roll back to it,
        // and a run stopped before its first epoch ends resumes from it.
        if (!resuming)
            saveCheckpoint(progress, false, false);

        EvaluationReport lastReport;
        // The validation pass of `epoch`, every rank taking part; skipped files are reported.
        // None when a stop cut it short: a single process's pass stops between batches; the
        // ranks of a distributed run finish theirs together (their shards need not have as many
        // batches to agree on).
        auto validate = [&](int epoch) -> std::optional<EvaluationReport> {
            ValidationProgress seen{epoch, 0, std::int64_t(data.validation->size())};
            auto onBatch = [&](const data::LoadedBatch& b) { // every rank's shard is as far
                skips.report(b);
                seen.done += (b.size() + std::int64_t(b.skipped.size())) * launch.worldSize;
                observer.onValidation(seen);
            };
            EvaluationReport report = evaluateModel(
                *model, validationLoader, epoch, data.classNames, onBatch,
                parallel ? nullptr : &stopRequested, parallel ? &parallel->group() : nullptr,
                nullptr, resolved.testTimeFlip);
            if (!parallel && stopRequested.load() &&
                report.samples + report.skipped < std::int64_t(data.validation->size()))
                return std::nullopt;
            return report;
        };
        double validationSeconds = 0.0; // of the last validation, for the ETA
        bool frozen = !resolved.freezeUpTo.empty();
        for (;;) { // left by the end of the run; a NaN rollback goes round again
            try {
                best.restore(progress);
                std::int64_t step = progress.step;
                double stepLossSum = progress.stepLossSum;
                int stepLossCount = progress.stepLossCount;
                // What a checkpoint keeps of the loop at the end of `epoch` (mid-epoch, the
                // epoch's position and running sums are added).
                auto progressAt = [&](int epoch) {
                    TrainingProgress state;
                    state.epoch = epoch;
                    state.step = step;
                    state.stepLossSum = stepLossSum;
                    state.stepLossCount = stepLossCount;
                    best.saveTo(state);
                    return state;
                };
                const int firstEpoch =
                    int(progress.batchInEpoch > 0 ? progress.epoch : progress.epoch + 1);
                for (int epoch = firstEpoch;
                     endedBefore.empty() && epoch <= resolved.epochs && !result.stopped; ++epoch) {
                    if (frozen && resolved.unfreezeAfterEpochs > 0 &&
                        epoch > resolved.unfreezeAfterEpochs) {
                        model->unfreezeAll();
                        frozen = false;
                        if (parallel)
                            parallel->parametersChanged();
                        observer.onMessage(
                            fmt::format("epoch {}: the backbone is unfrozen", epoch));
                    }
                    // A resumed epoch continues where its checkpoint was taken; the data order and
                    // every augmentation draw depend on (seed, epoch) only.
                    const bool continuing = epoch == progress.epoch && progress.batchInEpoch > 0;
                    const int firstBatch = continuing ? int(progress.batchInEpoch) + 1 : 1;
                    trainLoader.startEpoch(epoch, firstBatch - 1);
                    Clock::time_point epochStarted = Clock::now();
                    Clock::time_point lastReportTime = epochStarted;
                    double epochLossSum = continuing ? progress.epochLossSum : 0.0;
                    std::int64_t epochCorrect = continuing ? progress.epochCorrect : 0;
                    std::int64_t epochSeen = continuing ? progress.epochSeen : 0;
                    std::int64_t seenThisSession = 0;
                    // Mid-epoch: the position and the epoch's running sums as well.
                    auto progressWithin = [&](int epoch, int batchesDone) {
                        TrainingProgress state = progressAt(epoch);
                        state.batchInEpoch = batchesDone;
                        state.epochLossSum = epochLossSum;
                        state.epochCorrect = epochCorrect;
                        state.epochSeen = epochSeen;
                        return state;
                    };
                    // The rate of the last step taken; each step sets its own. (A run stopped
                    // while validating resumes with every batch done: its epoch row shows this.)
                    double learningRate =
                        plateau ? plateau->learningRate()
                                : learningRateAt(resolved, std::max<std::int64_t>(0, step - 1),
                                                 stepsPerEpoch);

                    for (int batch = firstBatch; batch <= batchesPerEpoch; ++batch) {
                        const bool startsStep = (batch - 1) % accumulate == 0;
                        if (startsStep) {
                            // A pause moves the clocks on: throughput and ETA ignore it.
                            if (const Clock::duration paused =
                                    control ? control->waitWhilePaused() : Clock::duration();
                                paused.count() > 0) {
                                started += paused;
                                epochStarted += paused;
                                observer.onMessage(
                                    fmt::format("continued after a pause of {:.1f} s",
                                                std::chrono::duration<double>(paused).count()));
                            }
                            // Stops only between optimiser steps, so that what is saved is a state
                            // a resumed run can continue from exactly.
                            bool stopNow = stopRequested.load(std::memory_order_relaxed);
                            if (parallel)
                                stopNow = parallel->agreeToStop(stopNow);
                            if (stopNow) {
                                result.stopped = true;
                                TrainingProgress state = progressWithin(epoch, batch - 1);
                                if (parallel) // rank 0 saves the totals over all ranks
                                    parallel->sumRunningTotals(state);
                                if (state.batchInEpoch == 0) // nothing of this epoch is done yet
                                    state.epoch = epoch - 1;
                                saveCheckpoint(state, false, false);
                                break;
                            }
                            learningRate = plateau ? plateau->learningRate()
                                                   : learningRateAt(resolved, step, stepsPerEpoch);
                            optimizer.setLearningRate(learningRate);
                            // None rather than zero (as Python's set_to_none=True): the first
                            // backward then writes the gradients instead of adding to a zeroed
                            // copy — two passes over every parameter less, 5-10 % of a ResNet-18
                            // step at 32 px.
                            model->zero_grad(/*set_to_none=*/true);
                            if (parallel)
                                parallel->beforeStep();
                        }
                        // The last batch of a step shares the step's gradients over the ranks.
                        const bool sharesGradients = parallel && batch % accumulate == 0;

                        std::optional<data::LoadedBatch> loaded = trainLoader.next();
                        if (!loaded)
                            break;
                        skips.report(*loaded);
                        const torch::Tensor labels = loaded->labels.to(device);
                        // Skipped files shorten a batch; BatchNorm cannot train on a single sample.
                        const bool usable = loaded->size() >= 2;
                        double lossValue = 0.0;
                        if (usable) {
                            const torch::Tensor inputs = loaded->images.to(device);
                            // Mixup / cutmix give soft targets; accuracy is counted against labels.
                            const torch::Tensor targets =
                                loaded->targets.defined() ? loaded->targets.to(device) : labels;
                            ModelOutput output;
                            if (sharesGradients)
                                parallel->beforeSharedForward();
                            {
                                AutocastGuard autocastScope(autocast);
                                output = model->forwardWithAux(inputs);
                            }
                            if (sharesGradients)
                                parallel->afterSharedForward();
                            const torch::Tensor logits = output.logits.to(torch::kFloat);
                            torch::Tensor loss = criterion(logits, targets);
                            // GoogLeNet / Inception v3: the auxiliary heads' losses, weighted as in
                            // their papers.
                            for (const torch::Tensor& aux : output.auxLogits)
                                loss = loss + info.auxLossWeight *
                                                  criterion(aux.to(torch::kFloat), targets);
                            lossValue = loss.item<double>();
                            // A rank alone must not leave before its backward pass: the others
                            // would wait there. A NaN reaches every rank through the averaged
                            // gradients instead, and all stop at the check below.
                            if (!std::isfinite(lossValue) && !parallel)
                                throw numericalFailure(
                                    fmt::format("the training loss became {}", lossValue), step + 1,
                                    epoch, batch, learningRate);
                            // Each batch adds its share: the step sees the mean over its batches.
                            const torch::Tensor scaled =
                                scaler.scaleLoss(loss / double(accumulate));
                            if (parallel)
                                parallel->backward(scaled);
                            else
                                scaled.backward();
                            epochLossSum += lossValue * double(loaded->size());
                            epochCorrect += logits.argmax(1).eq(labels).sum().item<std::int64_t>();
                            epochSeen += loaded->size();
                            seenThisSession += loaded->size();
                            stepLossSum += lossValue;
                            ++stepLossCount;
                        } else if (sharesGradients) {
                            parallel->shareZeroGradients();
                        }

                        if (batch % accumulate == 0) {
                            ++step;
                            if (scaler.unscaleAndCheck(parameters.all)) {
                                optimizer.optimizer->step();
                                scaler.stepTaken();
                            } else if (!scaler.enabled()) {
                                throw numericalFailure("the gradients became NaN or infinite", step,
                                                       epoch, batch, learningRate);
                            } else {
                                observer.onMessage(
                                    fmt::format("step {}: float16 gradients "
                                                "overflowed; step skipped, loss scale "
                                                "now {}",
                                                step, scaler.scale()));
                            }
                            const bool logStep = step % resolved.logEverySteps == 0;
                            if (parallel && logStep) // the row shows the mean over all ranks
                                parallel->sumStepLosses(stepLossSum, stepLossCount,
                                                        /*keep=*/runDirectory.has_value());
                            if (runDirectory && logStep && stepLossCount > 0) {
                                runDirectory->appendMetrics(
                                    MetricsRow::ofStep(epoch, step, stepLossSum / stepLossCount,
                                                       learningRate, secondsSince(started)));
                                stepLossSum = 0.0;
                                stepLossCount = 0;
                            }
                        }

                        const Clock::time_point now = Clock::now();
                        const bool due = m_options.progressIntervalMs <= 0 ||
                                         now - lastReportTime >= std::chrono::milliseconds(
                                                                     m_options.progressIntervalMs);
                        if (due || batch == batchesPerEpoch) {
                            lastReportTime = now;
                            const double epochSeconds = std::max(1e-9, secondsSince(epochStarted));
                            const int batchesThisSession = batch - firstBatch + 1;
                            BatchProgress report;
                            report.epoch = epoch;
                            report.batch = batch;
                            report.batchesPerEpoch = batchesPerEpoch;
                            report.step = step;
                            report.loss = lossValue;
                            report.learningRate = learningRate;
                            // Every rank trains as fast: the run's throughput is the world's.
                            report.imagesPerSecond = double(seenThisSession) / epochSeconds *
                                                     double(parallel ? parallel->worldSize() : 1);
                            report.elapsedSeconds = secondsSince(started);
                            report.etaSeconds = remainingSeconds(
                                resolved, epoch, batchesPerEpoch - batch, batchesPerEpoch,
                                epochSeconds / double(batchesThisSession), validationSeconds);
                            observer.onBatch(report);
                        }
                    }
                    result.stepsCompleted = step;
                    result.skippedSamples = skips.count();
                    if (result.stopped)
                        break;
                    if (parallel)
                        parallel->sumEpochTotals(epochLossSum, epochCorrect, epochSeen);
                    if (epochSeen == 0)
                        throw Error(ErrorCode::CorruptFile,
                                    fmt::format("no training image of '{}' could be read in epoch "
                                                "{}; see the skipped files reported above",
                                                resolved.dataset, epoch));

                    EpochSummary summary;
                    summary.epoch = epoch;
                    summary.trainLoss = epochLossSum / double(epochSeen);
                    summary.trainAccuracy = double(epochCorrect) / double(epochSeen);
                    // The monitor behind best.ckpt and early stopping. One that watches a train_
                    // metric decides before validation, so an epoch that ends the run is validated
                    // even where validateEveryEpochs would skip it (a val_ metric under early
                    // stopping needs every epoch validated: TrainingConfig::validate).
                    // The state a stop during validation saves: trained, not yet judged.
                    const TrainingProgress trained = progressWithin(epoch, batchesPerEpoch);
                    bool isBest = false;
                    bool stall = false;
                    auto judgeEpoch = [&] {
                        isBest = best.update(summary);
                        stall = resolved.earlyStoppingPatience > 0 &&
                                best.epochsWithoutImprovement() >= resolved.earlyStoppingPatience &&
                                epoch < resolved.epochs;
                    };
                    if (!best.watchesValidation())
                        judgeEpoch();
                    summary.validated = stall || validatesAfter(epoch, resolved.epochs,
                                                                resolved.validateEveryEpochs);
                    if (summary.validated) {
                        const Clock::time_point validationStarted = Clock::now();
                        const std::optional<EvaluationReport> report = validate(epoch);
                        validationSeconds = secondsSince(validationStarted);
                        result.skippedSamples = skips.count();
                        if (report) {
                            lastReport = *report;
                        } else {
                            result.stopped = true;
                            saveCheckpoint(trained, false, false);
                            observer.onMessage(fmt::format("stopped while validating epoch {}; a "
                                                           "resumed run validates it first",
                                                           epoch));
                            break;
                        }
                    }
                    const double unvalidated = std::numeric_limits<double>::quiet_NaN();
                    summary.validationLoss = summary.validated ? lastReport.loss : unvalidated;
                    summary.validationAccuracy = summary.validated ? lastReport.top1 : unvalidated;
                    summary.validationTop5 = summary.validated ? lastReport.top5 : unvalidated;
                    summary.learningRate = learningRate;
                    summary.elapsedSeconds = secondsSince(started);
                    result.epochsCompleted = epoch;
                    if (summary.validated)
                        result.finalValidationAccuracy = lastReport.top1;
                    if (runDirectory)
                        runDirectory->appendMetrics(MetricsRow::ofEpoch(summary, step));
                    observer.onEpoch(summary);
                    if (plateau) {
                        const double before = plateau->learningRate();
                        if (plateau->update(MetricMonitor(plateau->metric(), 0.0).valueOf(summary)))
                            observer.onMessage(fmt::format(
                                "epoch {}: {} stopped improving; learning rate {} -> {}", epoch,
                                plateau->metric(), before, plateau->learningRate()));
                    }
                    // An epoch without validation neither improves a val_ metric nor stalls it.
                    if (best.watchesValidation() && summary.validated)
                        judgeEpoch();
                    const TrainingProgress state = progressAt(epoch);
                    const bool numbered = resolved.checkpointEveryEpochs > 0 &&
                                          epoch % resolved.checkpointEveryEpochs == 0;
                    // last.ckpt follows every epoch (a resume loses at most one); best.ckpt when
                    // the metric improved; the numbered ones every checkpointEveryEpochs.
                    saveCheckpoint(state, isBest, numbered);
                    progress = state;
                    if (stall) {
                        result.earlyStopped = true;
                        observer.onMessage(best.stallMessage(epoch));
                        break;
                    }
                }
                break;
            } catch (const Error& error) {
                if (runDirectory)
                    runDirectory->flushMetrics();
                const bool canRollBack = error.code() == ErrorCode::NumericalFailure &&
                                         resolved.nanPolicy == "rollback" && checkpoints &&
                                         std::filesystem::exists(checkpoints->lastPath()) &&
                                         result.rollbacks < 3;
                if (!canRollBack)
                    throw;
                ++result.rollbacks;
                resolved.learningRate *= resolved.nanLrFactor;
                progress = loadCheckpoint(checkpoints->lastPath(), *model, *optimizer.optimizer,
                                          plateau ? &*plateau : nullptr)
                               .progress;
                runDirectory->truncateMetrics(std::size_t(progress.metricsRows));
                observer.onMessage(fmt::format(
                    "{}; rolled back to the checkpoint of epoch {} (step "
                    "{}) with the learning rate lowered to {}",
                    error.what(), progress.epoch, progress.step, resolved.learningRate));
            }
        }

        if (!endedBefore.empty() && !result.stopped) { // Trainer::resuming: outputs missing
            const std::optional<EvaluationReport> report = validate(int(progress.epoch));
            result.stopped = !report; // the next resume validates again
            if (report) {
                lastReport = *report;
                result.finalValidationAccuracy = lastReport.top1;
                result.earlyStopped = progress.epoch < resolved.epochs;
                observer.onMessage(fmt::format("{} already; validated the last checkpoint for "
                                               "the final report and model",
                                               endedBefore));
            }
        }
        if (runDirectory) {
            if (result.epochsCompleted > 0 && !result.stopped) {
                model->to(torch::kCPU);
                result.modelFile = writeRunOutputs(
                    runDirectory->path(), *model,
                    trainedModelInfo(resolved, info.name, data.classNames, data.preprocessing),
                    lastReport, resolved.testTimeFlip);
                observer.onMessage(fmt::format("model written to {}", result.modelFile));
            }
            runDirectory->flushMetrics();
        }
        return result;
    } catch (const std::exception& error) {
        if (runDirectory) // the folder keeps why it ended, beside what it did until then
            runDirectory->recordFailure(error.what());
        throw;
    }
}

} // namespace fovea
