// The learning-rate range test: the trainer's set-up (data, model, optimiser, loss) with an
// exponentially growing rate in place of the schedule, and the loss curve it draws.
#include "fovea/LearningRateFinder.h"

#include "AutocastGuard.h"
#include "ClassificationLoss.h"
#include "ComputeDevice.h"
#include "DynamicLossScaler.h"
#include "ModelSetup.h"
#include "OptimizerFactory.h"
#include "SkipReporter.h"
#include "TrainingData.h"
#include "data/BatchLoader.h"
#include "fovea/ArchitectureRegistry.h"
#include "fovea/Error.h"
#include "fovea/Threads.h"

#include <torch/utils.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace fovea {
namespace {

void validateOptions(const LrFindOptions& options)
{
    auto bad = [](const char* name, double value, const char* allowed) {
        return Error(ErrorCode::InvalidArgument,
                     fmt::format("lr-find option '{}': {} is not allowed; it must be {}", name,
                                 value, allowed));
    };
    if (!(std::isfinite(options.startLr) && options.startLr > 0.0))
        throw bad("startLr", options.startLr, "positive and finite");
    if (!(std::isfinite(options.endLr) && options.endLr > options.startLr))
        throw bad("endLr", options.endLr, "finite and above startLr");
    if (options.steps < 2)
        throw bad("steps", options.steps, "at least 2");
    if (!(options.smoothing >= 0.0 && options.smoothing < 1.0))
        throw bad("smoothing", options.smoothing, "in [0, 1)");
    if (!(std::isfinite(options.divergeFactor) && options.divergeFactor > 1.0))
        throw bad("divergeFactor", options.divergeFactor, "finite and above 1");
}

/// fastai's "steep": the rate where the loss falls fastest per unit of log(lr). The first tenth
/// of the planned steps is left out (the bias-corrected average is still settling there) and so
/// are the last five points (a diverging tail); with too few points left the whole curve is used.
double steepestDescent(const std::vector<double>& rates, const std::vector<double>& losses,
                       int plannedSteps)
{
    const std::size_t n = rates.size();
    if (n == 0)
        return std::numeric_limits<double>::quiet_NaN();
    if (n == 1)
        return rates.front();
    std::size_t begin = std::size_t(plannedSteps / 10);
    std::size_t end = n >= 5 ? n - 5 : 0;
    if (end < begin + 2) {
        begin = 0;
        end = n;
    }
    std::size_t best = begin;
    double bestGradient = std::numeric_limits<double>::infinity();
    for (std::size_t i = begin; i + 1 < end; ++i) {
        const double gradient =
            (losses[i + 1] - losses[i]) / (std::log(rates[i + 1]) - std::log(rates[i]));
        if (gradient < bestGradient) {
            bestGradient = gradient;
            best = i;
        }
    }
    return rates[best];
}

} // namespace

LrFindResult findLearningRate(const TrainingConfig& config, const LrFindOptions& options,
                              const std::function<void(int step, double lr, double loss)>& onStep,
                              const std::atomic<bool>* stop)
{
    validateOptions(options);
    config.validate();
    const std::atomic<bool> neverStop{false};
    const std::atomic<bool>& stopRequested = stop ? *stop : neverStop;

    // The same global set-up as Trainer::run, so the curve belongs to the run it precedes.
    setComputeThreads(config.threads);
    torch::manual_seed(config.seed);
    const ArchitectureInfo& info = architecture(config.architecture);
    const torch::Device device = chooseDevice(config.device);
    const AutocastMode autocast = autocastMode(config, device.is_cuda());

    LrFindResult result;
    result.suggestedLr = std::numeric_limits<double>::quiet_NaN();
    result.minLossLr = std::numeric_limits<double>::quiet_NaN();
    TrainingObserver quiet; // the finder has no event stream; messages would go nowhere
    const TrainingData data = prepareTrainingData(config, info, quiet, stopRequested);
    if (!data.train) // the scan was stopped
        return result;
    const auto numClasses = static_cast<std::int64_t>(data.classNames.size());

    TrainingConfig resolved = config;
    resolved.inputSize = data.inputSize;
    resolved.preprocessing = data.preprocessing;
    checkInputSize(resolved, info);

    // The trainer's training loader: shuffled, last partial batch dropped, same seed.
    const data::LoaderOptions loaderOptions = trainingLoaderOptions(resolved, data);
    data::BatchLoader loader(
        data.train,
        data::SampleTransform(resolved.augmentation, data.preprocessing, resolved.inputSize),
        loaderOptions);
    SkipReporter skips(quiet);

    const int accumulate = resolved.accumulateSteps;
    const int stepsPerEpoch = optimiserStepsPerEpoch(resolved, loader.batchesPerEpoch());

    const ClassificationLoss criterion(resolved, numClasses);
    const ClassifierNetPtr model = buildModel(resolved, info, numClasses, quiet);
    model->to(device);
    model->train();
    const ParameterSplit parameters = splitParameters(*model);
    ScaledOptimizer optimizer = createOptimizer(resolved, parameters.backbone, parameters.head);
    DynamicLossScaler scaler(autocast == AutocastMode::CudaFloat16);

    const double logRatio = std::log(options.endLr / options.startLr);
    double average = 0.0; // the exponential moving average before bias correction
    double bestLoss = std::numeric_limits<double>::infinity();
    double beta = 1.0; // smoothing^(recorded points), for the bias correction
    std::int64_t epoch = 0;
    int stepInEpoch = stepsPerEpoch; // starts the first epoch at once
    for (int step = 0; step < options.steps; ++step) {
        if (stopRequested.load(std::memory_order_relaxed))
            break;
        if (stepInEpoch == stepsPerEpoch) { // short datasets: go round again
            loader.startEpoch(++epoch);
            stepInEpoch = 0;
        }
        ++stepInEpoch;
        const double learningRate =
            options.startLr * std::exp(logRatio * double(step) / double(options.steps - 1));
        optimizer.setLearningRate(learningRate);
        optimizer.optimizer->zero_grad();

        double lossSum = 0.0;
        int lossCount = 0;
        bool finite = true;
        for (int batch = 0; batch < accumulate && finite; ++batch) {
            std::optional<data::LoadedBatch> loaded = loader.next();
            if (!loaded)
                break;
            skips.report(*loaded);
            if (loaded->size() < 2) // BatchNorm cannot train on a single sample
                continue;
            const torch::Tensor inputs = loaded->images.to(device);
            const torch::Tensor targets =
                loaded->targets.defined() ? loaded->targets.to(device) : loaded->labels.to(device);
            ModelOutput output;
            {
                AutocastGuard autocastScope(autocast);
                output = model->forwardWithAux(inputs);
            }
            torch::Tensor loss = criterion(output.logits.to(torch::kFloat), targets);
            for (const torch::Tensor& aux : output.auxLogits)
                loss = loss + info.auxLossWeight * criterion(aux.to(torch::kFloat), targets);
            const double value = loss.item<double>();
            if (!std::isfinite(value)) {
                finite = false;
                break;
            }
            scaler.scaleLoss(loss / double(accumulate)).backward();
            lossSum += value;
            ++lossCount;
        }
        // A NaN loss ends the curve without a point: the rates before it are the result.
        if (!finite) {
            result.diverged = true;
            break;
        }
        if (lossCount == 0) // every picture of the step failed to load; no point to draw
            continue;

        const double raw = lossSum / double(lossCount);
        average = options.smoothing * average + (1.0 - options.smoothing) * raw;
        beta *= options.smoothing;
        const double smoothed = average / (1.0 - beta);
        result.learningRates.push_back(learningRate);
        result.rawLosses.push_back(raw);
        result.losses.push_back(smoothed);
        if (onStep)
            onStep(int(result.learningRates.size()) - 1, learningRate, smoothed);

        if (scaler.unscaleAndCheck(parameters.all)) {
            optimizer.optimizer->step();
            scaler.stepTaken();
        } else if (!scaler.enabled()) { // NaN/Inf gradients: the next loss would be NaN
            result.diverged = true;
            break;
        }
        bestLoss = std::min(bestLoss, smoothed);
        if (smoothed > options.divergeFactor * bestLoss) {
            result.diverged = true;
            break;
        }
    }

    if (!result.losses.empty()) {
        const auto lowest = std::min_element(result.losses.begin(), result.losses.end());
        result.minLossLr = result.learningRates[std::size_t(lowest - result.losses.begin())];
        result.suggestedLr = steepestDescent(result.learningRates, result.losses, options.steps);
    }
    return result;
}

} // namespace fovea
