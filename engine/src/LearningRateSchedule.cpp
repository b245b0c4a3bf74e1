#include "fovea/LearningRateSchedule.h"

#include "fovea/Error.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace fovea {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Cosine from `start` (pct 0) to `end` (pct 1), written as PyTorch's OneCycleLR writes it.
double annealCos(double start, double end, double pct)
{
    const double cosOut = std::cos(kPi * pct) + 1.0;
    return end + (start - end) / 2.0 * cosOut;
}

// PyTorch's OneCycleLR (two phases, cos annealing) at step `step` of `totalSteps`; the
// arithmetic follows its get_lr() so the curves agree to the last bits.
double oneCycle(const TrainingConfig& config, std::int64_t step, std::int64_t totalSteps)
{
    const double maxLr = config.learningRate;
    const double initialLr = maxLr / config.oneCycleDivFactor;
    const double minLr = initialLr / config.oneCycleFinalDivFactor;
    const double risingEnd = config.oneCyclePctStart * double(totalSteps) - 1.0;
    const double s = double(step);
    double start = 0.0;
    double end = risingEnd;
    double from = initialLr;
    double to = maxLr;
    if (!(s <= risingEnd)) {
        start = risingEnd;
        end = double(totalSteps - 1);
        from = maxLr;
        to = minLr;
    }
    // A phase of zero length (PyTorch divides by zero there) is already at its end.
    const double pct = end > start ? (s - start) / (end - start) : 1.0;
    return annealCos(from, to, pct);
}

// Linear warm-up into a cosine decay. The warm-up is PyTorch's LinearLR with start_factor
// 1 / (W + 1) over W steps: it never trains a step at rate 0, and reaches the peak exactly where
// CosineAnnealingLR(T_max = total - W, eta_min = minLearningRate) begins.
double cosine(const TrainingConfig& config, std::int64_t step, std::int64_t stepsPerEpoch,
              std::int64_t totalSteps)
{
    const auto warmupSteps = std::min<std::int64_t>(
        std::llround(config.warmupEpochs * double(stepsPerEpoch)), totalSteps);
    if (step < warmupSteps)
        return config.learningRate * double(step + 1) / double(warmupSteps + 1);
    const double peak = config.learningRate;
    const double floor = config.minLearningRate;
    const double t = double(step - warmupSteps);
    const double span = double(totalSteps - warmupSteps);
    // With no warm-up and no floor this is peak · ½(1 + cos(π·step/total)), the schedule
    // "cosine" always had, to the bit.
    return floor + (peak - floor) * 0.5 * (1.0 + std::cos(kPi * t / span));
}

void requireStepsPerEpoch(std::int64_t stepsPerEpoch)
{
    if (stepsPerEpoch < 1)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("steps per epoch must be at least 1, got {}", stepsPerEpoch));
}

// learningRateAt() for a config already validated.
double rateAt(const TrainingConfig& config, std::int64_t step, std::int64_t stepsPerEpoch)
{
    const std::int64_t totalSteps = std::int64_t(config.epochs) * stepsPerEpoch;
    step = std::clamp<std::int64_t>(step, 0, totalSteps - 1);
    const std::int64_t epoch = step / stepsPerEpoch; // 0-based: complete epochs behind
    const double base = config.learningRate;
    const std::string& name = config.schedule;
    if (name == "step")
        return base * std::pow(config.gamma, double(epoch / config.stepEpochs));
    if (name == "multistep") {
        int passed = 0;
        for (const int milestone : config.milestones)
            passed += epoch >= milestone ? 1 : 0;
        return base * std::pow(config.gamma, double(passed));
    }
    if (name == "exponential")
        return base * std::pow(config.gamma, double(epoch));
    if (name == "cosine")
        return cosine(config, step, stepsPerEpoch, totalSteps);
    if (name == "onecycle")
        return oneCycle(config, step, totalSteps);
    return base; // constant, and plateau before any reduction
}

} // namespace

double learningRateAt(const TrainingConfig& config, std::int64_t step, std::int64_t stepsPerEpoch)
{
    config.validateSchedule();
    requireStepsPerEpoch(stepsPerEpoch);
    return rateAt(config, step, stepsPerEpoch);
}

std::vector<double> learningRateCurve(const TrainingConfig& config, int stepsPerEpoch)
{
    config.validateSchedule(); // before sizing the vector from config.epochs
    requireStepsPerEpoch(stepsPerEpoch);
    const std::int64_t totalSteps = std::int64_t(config.epochs) * stepsPerEpoch;
    std::vector<double> curve;
    curve.reserve(std::size_t(totalSteps));
    for (std::int64_t step = 0; step < totalSteps; ++step)
        curve.push_back(rateAt(config, step, stepsPerEpoch));
    return curve;
}

} // namespace fovea
