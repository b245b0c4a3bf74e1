#include "ResumePoint.h"

#include "CheckpointRotation.h"
#include "fovea/Error.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <optional>

namespace fovea {

std::string checkpointFolder(const std::string& runDirectory)
{
    return (std::filesystem::path(runDirectory) / "checkpoints").string();
}

std::string endOfRun(const TrainingProgress& progress, const TrainingConfig& config)
{
    if (progress.batchInEpoch != 0)
        return {};
    if (progress.epoch >= config.epochs)
        return fmt::format("all {} epochs are trained", config.epochs);
    // The loop stops early exactly when the patience is used up before the last epoch.
    if (config.earlyStoppingPatience > 0 &&
        progress.epochsWithoutImprovement >= config.earlyStoppingPatience)
        return fmt::format("early stopping ended it after epoch {}", progress.epoch);
    return {};
}

ResumePoint findResumePoint(const std::string& runDirectory)
{
    if (!std::filesystem::is_directory(runDirectory))
        throw Error(ErrorCode::NotFound,
                    fmt::format("run directory '{}' does not exist", runDirectory));
    const std::string folder = checkpointFolder(runDirectory);
    ResumePoint point;
    std::optional<CheckpointRotation::Found> latest;
    if (std::filesystem::is_directory(folder))
        latest = CheckpointRotation(folder, 0).latestRead(
            [&point](const std::string& warning) { point.skipped.push_back(warning); });
    if (!latest)
        throw Error(ErrorCode::NotFound,
                    fmt::format("run directory '{}' has no readable checkpoint to resume from{}{}",
                                runDirectory, point.skipped.empty() ? "" : ":\n  ",
                                fmt::join(point.skipped, "\n  ")));
    const TrainingCheckpoint& checkpoint = latest->checkpoint;
    point.config = TrainingConfig::fromJson(checkpoint.configJson, latest->path);
    point.checkpoint = latest->path;
    const std::string modelFile = (std::filesystem::path(runDirectory) / "model.pt").string();
    if (const std::string ended = endOfRun(checkpoint.progress, point.config);
        !ended.empty() && std::filesystem::exists(modelFile))
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("run directory '{}' is finished: {}, and its model is '{}'. "
                                "Nothing to resume; to train further, start a new run from its "
                                "weights (train --weights '{}')",
                                runDirectory, ended, modelFile, modelFile));
    return point;
}

} // namespace fovea
