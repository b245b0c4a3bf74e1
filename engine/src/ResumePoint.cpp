#include "ResumePoint.h"

#include "CheckpointRotation.h"
#include "JsonText.h"
#include "fovea/AtomicFile.h"
#include "fovea/Error.h"
#include "fovea/RunDirectory.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <optional>

namespace fovea {

std::string checkpointFolder(const std::string& runDirectory)
{
    return (std::filesystem::path(runDirectory) / "checkpoints").string();
}

namespace {

/// What to do about a folder without readable checkpoints: name a run when it is a runs
/// folder; start again when the run never got to its first checkpoint, or when all it wrote
/// are `damaged`.
std::string noCheckpointHint(const std::string& folder, bool damaged)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    std::string newestRun;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder, ec))
        if (fs::is_directory(checkpointFolder(entry.path().string()), ec) &&
            entry.path().string() > newestRun) // run folders begin with their start time
            newestRun = entry.path().string();
    if (!newestRun.empty())
        return fmt::format(". It holds runs: name one, such as '{}'", newestRun);
    const fs::path config = fs::path(folder) / "config.json";
    if (fs::is_regular_file(config, ec))
        return fmt::format(damaged ? ". Its checkpoints are all damaged: start it again with "
                                     "train --config '{}'"
                                   : ". It ended before its first checkpoint: start it again "
                                     "with train --config '{}'",
                           config.string());
    return {};
}

} // namespace

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

ResumePoint findResumePoint(const std::string& runDirectory, bool mainProcess)
{
    if (!std::filesystem::is_directory(runDirectory))
        throw Error(ErrorCode::NotFound, fmt::format(std::filesystem::exists(runDirectory)
                                                         ? "'{}' is a file, not a run directory"
                                                         : "run directory '{}' does not exist",
                                                     runDirectory));
    if (mainProcess)
        RunDirectory::requireNotInUse(runDirectory);
    const std::string folder = checkpointFolder(runDirectory);
    ResumePoint point;
    std::optional<CheckpointRotation::Found> latest;
    if (std::filesystem::is_directory(folder))
        latest = CheckpointRotation(folder, 0).latestRead(
            [&point](const std::string& warning) { point.skipped.push_back(warning); });
    if (!latest)
        throw Error(
            ErrorCode::NotFound,
            fmt::format("run directory '{}' has no readable checkpoint to resume from{}{}{}",
                        runDirectory, point.skipped.empty() ? "" : ":\n  ",
                        fmt::join(point.skipped, "\n  "),
                        noCheckpointHint(runDirectory, !point.skipped.empty())));
    const TrainingCheckpoint& checkpoint = latest->checkpoint;
    point.config = TrainingConfig::fromJson(checkpoint.configJson, latest->path);
    point.checkpoint = latest->path;
    const std::string modelFile = (std::filesystem::path(runDirectory) / "model.pt").string();
    if (const std::string ended = endOfRun(checkpoint.progress, point.config);
        !ended.empty() && std::filesystem::exists(modelFile))
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("run directory '{}' is finished: {}, and its model is '{}'. "
                                "Nothing to resume; to train further, start a new run from its "
                                "settings and weights (train --config '{}' --weights '{}')",
                                runDirectory, ended, modelFile,
                                (std::filesystem::path(runDirectory) / "config.json").string(),
                                modelFile));
    return point;
}

void requireSameDataset(const std::string& runDirectory, const std::string& dataset,
                        const RunStarted& now)
{
    const std::string runFile = (std::filesystem::path(runDirectory) / "run.json").string();
    nlohmann::json then;
    try {
        then = parseJsonText(readFile(runFile), runFile);
    } catch (const Error&) {
        return; // nothing recorded to compare with
    }
    std::vector<std::string> changes;
    auto compare = [&](const char* key, std::int64_t value, const char* what) {
        const auto it = then.find(key);
        if (it != then.end() && it->is_number_integer() && it->get<std::int64_t>() != value)
            changes.push_back(
                fmt::format("{} {} pictures now, {} then", value, what, it->get<std::int64_t>()));
    };
    compare("trainImages", now.trainImages, "training");
    compare("validationImages", now.validationImages, "validation");
    const auto classes = then.find("classNames");
    if (classes != then.end() && classes->is_array() && *classes != nlohmann::json(now.classNames))
        changes.push_back(fmt::format("classes {} now, {} then", jsonForMessage(now.classNames),
                                      jsonForMessage(*classes)));
    if (!changes.empty())
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("dataset '{}' is not the one run '{}' began with ({}); a resume "
                                "needs the same pictures. To go on with this data, start a new "
                                "run from the last checkpoint's weights instead",
                                dataset, runDirectory, fmt::join(changes, "; ")));
}

} // namespace fovea
