#include "DataParallelTraining.h"

#include "RankSettings.h"
#include "TrainingCheckpoint.h"
#include "fovea/DistributedLaunch.h"
#include "fovea/Error.h"
#include "fovea/TrainingConfig.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>

namespace fovea {

DataParallelTraining::DataParallelTraining(const DistributedLaunch& launch,
                                           const TrainingConfig& config,
                                           const torch::Device& device, ClassifierNet& model)
    : m_model(model)
    , m_group(launch,
              std::chrono::milliseconds(std::llround(config.distributedTimeoutSeconds * 1000.0)),
              device)
    , m_bucketBytes(std::llround(config.gradientBucketMegabytes * 1024.0 * 1024.0))
{
}

std::vector<torch::Tensor> DataParallelTraining::trainableParameters() const
{
    std::vector<torch::Tensor> trainable;
    for (const torch::Tensor& parameter : m_model.parameters())
        if (parameter.requires_grad())
            trainable.push_back(parameter);
    return trainable;
}

void DataParallelTraining::requireSameSettings(const std::string& settings)
{
    const std::string main = m_group.broadcastTextFromMain(settings);
    const std::string difference =
        rank() == 0 ? std::string() : firstSettingDifference(settings, main);
    const bool anyDiffers = m_group.anyRank(!difference.empty());
    const std::string rule = fmt::format(
        "every rank of a distributed run must train with the same settings and dataset (only {} "
        "may differ)",
        fmt::join(perRankKeys(), ", "));
    if (!difference.empty())
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("{}: {}; {}", m_group.describe(), difference, rule));
    if (anyDiffers)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("{}: another rank's settings differ from these (its own message "
                                "names the setting); {}",
                                m_group.describe(), rule));
}

void DataParallelTraining::startFromMain()
{
    std::vector<torch::Tensor> state = m_model.parameters();
    m_buffers = m_model.buffers();
    state.insert(state.end(), m_buffers.begin(), m_buffers.end());
    m_group.broadcastFromMain(state);
    parametersChanged();
}

void DataParallelTraining::parametersChanged()
{
    m_synchroniser.reset(); // its autograd hooks go before the new one adds its own
    m_synchroniser =
        std::make_unique<GradientSynchroniser>(m_group, trainableParameters(), m_bucketBytes);
}

bool DataParallelTraining::agreeToStop(bool requestedHere)
{
    return m_group.anyRank(requestedHere);
}

void DataParallelTraining::beforeStep()
{
    if (!m_buffers.empty())
        m_group.broadcastFromMain(m_buffers);
}

void DataParallelTraining::beforeSharedForward()
{
    m_synchroniser->beforeForward();
}

void DataParallelTraining::afterSharedForward()
{
    m_synchroniser->expectBackward();
}

void DataParallelTraining::backward(const torch::Tensor& loss)
{
    try {
        loss.backward();
    } catch (const std::exception& error) {
        // The reducer's all-reduce runs inside backward: a lost rank surfaces here.
        m_group.fail(error, "averaging gradients in the backward pass");
    }
}

void DataParallelTraining::shareZeroGradients()
{
    beforeSharedForward();
    const std::vector<torch::Tensor> trainable = trainableParameters();
    torch::Tensor zero = torch::zeros({}, trainable.front().options());
    for (const torch::Tensor& parameter : trainable)
        zero = zero + parameter.sum() * 0.0;
    afterSharedForward();
    backward(zero);
}

void DataParallelTraining::sum(std::vector<double*> values)
{
    torch::Tensor packed = torch::empty({std::int64_t(values.size())}, torch::kDouble);
    for (std::size_t i = 0; i < values.size(); ++i)
        packed[std::int64_t(i)] = *values[i];
    m_group.allReduceSum(packed);
    for (std::size_t i = 0; i < values.size(); ++i)
        *values[i] = packed[std::int64_t(i)].item<double>();
}

void DataParallelTraining::sumEpochTotals(double& lossSum, std::int64_t& correct,
                                          std::int64_t& seen)
{
    double correctSum = double(correct);
    double seenSum = double(seen);
    sum({&lossSum, &correctSum, &seenSum});
    correct = std::llround(correctSum);
    seen = std::llround(seenSum);
}

void DataParallelTraining::sumStepLosses(double& lossSum, int& count, bool keep)
{
    double counts = double(count);
    sum({&lossSum, &counts});
    count = int(std::llround(counts));
    if (!keep) {
        lossSum = 0.0;
        count = 0;
    }
}

void DataParallelTraining::sumRunningTotals(TrainingProgress& progress)
{
    sumEpochTotals(progress.epochLossSum, progress.epochCorrect, progress.epochSeen);
    sumStepLosses(progress.stepLossSum, progress.stepLossCount, /*keep=*/true);
}

void DataParallelTraining::requireSupported(const TrainingConfig& config,
                                            const DistributedLaunch& launch)
{
    if (launch.active() && config.nanPolicy == "rollback")
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("nanPolicy \"rollback\" is not available in a distributed run "
                                "(world size {}): use \"stop\"",
                                launch.worldSize));
}

void DataParallelTraining::forgetRunningTotals(TrainingProgress& progress)
{
    progress.epochLossSum = 0.0;
    progress.epochCorrect = 0;
    progress.epochSeen = 0;
    progress.stepLossSum = 0.0;
    progress.stepLossCount = 0;
}

} // namespace fovea
