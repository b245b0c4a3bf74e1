#pragma once

#include "TrainingCheckpoint.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fovea {

/// The checkpoints of one run, in its `checkpoints/` folder:
///   epoch-0007.ckpt  one per completed epoch, the newest `keep` of them kept;
///   last.ckpt        the newest state, epoch boundary or not (what a resume starts from);
///   best.ckpt        the state at the best value of the monitored metric so far.
/// last.ckpt and best.ckpt are separate files, so pruning numbered files never loses them.
class CheckpointRotation {
public:
    /// `keep` ≥ 0 numbered checkpoints are kept (0: only last.ckpt and best.ckpt). The folder is
    /// created when missing. Throws Error(InvalidArgument) for a negative `keep`, Error(Io) when
    /// the folder cannot be created.
    CheckpointRotation(std::string folder, int keep);

    const std::string& folder() const { return m_folder; }
    int keep() const { return m_keep; }
    std::string epochPath(std::int64_t epoch) const;
    std::string lastPath() const;
    std::string bestPath() const;

    /// Encodes the state once and writes it, each file atomically: to epoch-NNNN.ckpt when
    /// `numbered`, `progress` is at an epoch boundary (batchInEpoch 0) and keep > 0, to best.ckpt
    /// when `isBest`, and then to last.ckpt; then removes the oldest numbered files beyond `keep`.
    /// Throws Error(Io) naming the file that could not be written.
    void save(const TrainingProgress& progress, ClassifierNet& model,
              torch::optim::Optimizer& optimizer, const ReduceLrOnPlateau* plateau,
              const std::string& configJson, bool isBest,
              const std::map<std::string, double>& extras = {}, bool numbered = true);

    /// The numbered checkpoints on disk, oldest first, as (epoch, path).
    std::vector<std::pair<std::int64_t, std::string>> epochCheckpoints() const;

    /// The checkpoint to resume from: of last.ckpt and the numbered files, the readable one that
    /// got furthest (a crash between writing a numbered file and last.ckpt leaves the numbered
    /// one newer). Each unreadable file is reported through `warn` (its error message) and
    /// skipped. Nothing when no file is readable.
    std::optional<std::string>
    latest(const std::function<void(const std::string&)>& warn = {}) const;

    /// latest() with what the file holds besides tensors (config, progress), read once.
    struct Found {
        std::string path;
        TrainingCheckpoint checkpoint;
    };
    std::optional<Found> latestRead(const std::function<void(const std::string&)>& warn = {}) const;

    /// Deletes temporary files that a crash mid-write left behind (`*.ckpt.tmp-*`); returns how
    /// many. Call it when no other process writes into the folder.
    int removeTemporaries() const;

private:
    void prune() const;

    std::string m_folder;
    int m_keep;
};

} // namespace fovea
