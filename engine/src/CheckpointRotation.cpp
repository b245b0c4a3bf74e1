#include "CheckpointRotation.h"

#include "fovea/AtomicFile.h"
#include "fovea/Error.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <tuple>

namespace fovea {
namespace {

namespace fs = std::filesystem;

const std::regex& epochFilePattern()
{
    static const std::regex pattern(R"(epoch-(\d+)\.ckpt)");
    return pattern;
}

// How far a checkpoint got. Steps order them; at equal steps an epoch boundary (after
// validation) comes after the last batch of that epoch.
std::tuple<std::int64_t, std::int64_t, std::int64_t> reach(const TrainingProgress& progress)
{
    const std::int64_t completedEpochs =
        progress.batchInEpoch == 0 ? progress.epoch : progress.epoch - 1;
    return {progress.step, completedEpochs, progress.batchInEpoch};
}

} // namespace

CheckpointRotation::CheckpointRotation(std::string folder, int keep)
    : m_folder(std::move(folder))
    , m_keep(keep)
{
    if (keep < 0)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("checkpoints to keep must be 0 or more, not {}", keep));
    std::error_code ec;
    fs::create_directories(m_folder, ec);
    if (ec)
        throw Error(ErrorCode::Io,
                    fmt::format("cannot create the folder '{}': {}", m_folder, ec.message()));
}

std::string CheckpointRotation::epochPath(std::int64_t epoch) const
{
    return (fs::path(m_folder) / fmt::format("epoch-{:04d}.ckpt", epoch)).string();
}

std::string CheckpointRotation::lastPath() const
{
    return (fs::path(m_folder) / "last.ckpt").string();
}

std::string CheckpointRotation::bestPath() const
{
    return (fs::path(m_folder) / "best.ckpt").string();
}

void CheckpointRotation::save(const TrainingProgress& progress, ClassifierNet& model,
                              torch::optim::Optimizer& optimizer, const ReduceLrOnPlateau* plateau,
                              const std::string& configJson, bool isBest,
                              const std::map<std::string, double>& extras, bool numbered)
{
    const std::string bytes =
        encodeCheckpoint(model, optimizer, plateau, progress, configJson, extras);
    // last.ckpt goes last: until it is replaced, the newer numbered file is what latest() finds.
    if (numbered && progress.batchInEpoch == 0 && m_keep > 0)
        writeFileAtomically(epochPath(progress.epoch), bytes);
    if (isBest)
        writeFileAtomically(bestPath(), bytes);
    writeFileAtomically(lastPath(), bytes);
    prune();
}

std::vector<std::pair<std::int64_t, std::string>> CheckpointRotation::epochCheckpoints() const
{
    std::vector<std::pair<std::int64_t, std::string>> found;
    std::error_code ec;
    for (const fs::directory_entry& entry : fs::directory_iterator(m_folder, ec)) {
        const std::string name = entry.path().filename().string();
        std::smatch match;
        if (!std::regex_match(name, match, epochFilePattern()))
            continue;
        // Beyond int64 is no epoch this code wrote; leave such a file alone.
        try {
            found.emplace_back(std::stoll(match[1].str()), entry.path().string());
        } catch (const std::out_of_range&) {
        }
    }
    std::sort(found.begin(), found.end());
    return found;
}

void CheckpointRotation::prune() const
{
    const auto numbered = epochCheckpoints();
    if (numbered.size() <= static_cast<std::size_t>(m_keep))
        return;
    const std::size_t excess = numbered.size() - static_cast<std::size_t>(m_keep);
    for (std::size_t i = 0; i < excess; ++i) {
        std::error_code ec;
        fs::remove(numbered[i].second, ec);
        if (ec)
            throw Error(ErrorCode::Io, fmt::format("cannot remove the old checkpoint '{}': {}",
                                                   numbered[i].second, ec.message()));
    }
}

std::optional<std::string>
CheckpointRotation::latest(const std::function<void(const std::string&)>& warn) const
{
    if (std::optional<Found> found = latestRead(warn))
        return std::move(found->path);
    return std::nullopt;
}

std::optional<CheckpointRotation::Found>
CheckpointRotation::latestRead(const std::function<void(const std::string&)>& warn) const
{
    std::vector<std::string> candidates;
    std::error_code ec;
    if (fs::exists(lastPath(), ec))
        candidates.push_back(lastPath());
    const auto numbered = epochCheckpoints();
    for (auto it = numbered.rbegin(); it != numbered.rend(); ++it)
        candidates.push_back(it->second);

    std::optional<Found> newest;
    for (const std::string& path : candidates) {
        try {
            TrainingCheckpoint candidate = readCheckpoint(path);
            // Strictly further: on a tie last.ckpt, listed first, wins.
            if (!newest || reach(candidate.progress) > reach(newest->checkpoint.progress))
                newest = Found{path, std::move(candidate)};
        } catch (const Error& error) {
            if (warn)
                warn(fmt::format("skipping checkpoint: {}", error.what()));
        }
    }
    return newest;
}

int CheckpointRotation::removeTemporaries() const
{
    return removeAtomicWriteLeftovers(m_folder, ".ckpt");
}

} // namespace fovea
