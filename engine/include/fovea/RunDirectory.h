#pragma once

#include "fovea/TrainingObserver.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fovea {

struct RejectedFile;

/// One row of metrics.csv. A `step` row fills trainLoss and learningRate; an `epoch` row fills
/// everything it knows. Unknown values are written as empty cells (NaN for pandas).
struct MetricsRow {
    std::string kind; ///< "step" or "epoch"
    int epoch = 0;
    std::int64_t step = 0;
    std::optional<double> trainLoss;
    std::optional<double> trainAccuracy;
    std::optional<double> validationLoss;
    std::optional<double> validationAccuracy;
    std::optional<double> validationTop5;
    std::optional<double> learningRate;
    double elapsedSeconds = 0.0;

    /// The "epoch" row of `summary` after `step` optimiser steps; an unvalidated epoch leaves
    /// the validation cells empty, as the step rows do.
    static MetricsRow ofEpoch(const EpochSummary& summary, std::int64_t step);
    /// A "step" row: the mean training loss since the last one, and the learning rate.
    static MetricsRow ofStep(int epoch, std::int64_t step, double trainLoss, double learningRate,
                             double elapsedSeconds);
};

/// runs/<timestamp>-<arch>/ with the resolved config.json and metrics.csv. Every write replaces
/// the file atomically, so a reader (or a crash) never sees half a file.
class RunDirectory {
public:
    /// Creates `<runsFolder>/<YYYYmmdd-HHMMSS>-<architecture>[-N]/`.
    static RunDirectory create(const std::string& runsFolder, const std::string& architecture);

    /// Reopens an existing run directory to continue it (resume): metrics.csv is read back and
    /// cut to its first `keepRows` rows, those a checkpoint had seen, so the rows written after
    /// it (by a run that went on and then stopped or crashed) are written again, identically.
    /// Throws Error(NotFound / CorruptFile) naming the file.
    ///
    /// Both hold an advisory lock on `<run>/.lock` while any copy of the object lives: a second
    /// process writing the same run (a resume while it still trains) throws Error(Io) naming
    /// the folder, instead of interleaving checkpoints and metrics. Where no lock can be taken
    /// at all (NFS without lockd, another user's .lock), the run goes on unguarded.
    static RunDirectory reopen(const std::string& path, std::size_t keepRows);
    /// Throws that Error(Io) now if another process holds `path`'s lock, so that a resume is
    /// refused before it scans its dataset rather than after; takes no lock itself.
    static void requireNotInUse(const std::string& path);

    const std::string& path() const { return m_path; }
    std::size_t metricsRows() const { return m_rows.size(); }
    /// The elapsed_s of the last metrics row (0 without rows): where a resumed run's clock goes
    /// on from.
    std::chrono::steady_clock::duration elapsed() const
    {
        return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(m_rows.empty() ? 0.0 : m_rows.back().elapsedSeconds));
    }
    /// Drops the rows after the first `rows` (a rollback to an earlier checkpoint).
    void truncateMetrics(std::size_t rows)
    {
        if (rows < m_rows.size())
            m_rows.resize(rows);
    }
    /// Adds a line to log.txt (timestamped; rewritten atomically with the metrics).
    void appendLog(const std::string& line);
    void writeConfig(const std::string& configJson) const;
    /// run.json: what the run found at its start (epochs, batches and optimiser steps per
    /// epoch, image counts, class names), so a viewer can place step rows on an epoch axis
    /// before the first epoch ends.
    void writeRunInfo(const RunStarted& started, int stepsPerEpoch) const;

    /// left-out.csv (`path,reason`, one row per file) when the dataset's scan left files out,
    /// all of them, where the log names the first few; removes a stale one when none were.
    /// Returns how many rows it wrote.
    std::size_t writeLeftOut(const std::vector<RejectedFile>& rejected) const;
    /// Reads `<path>/metrics.csv`, written by this process or another (fovea-cli). Throws
    /// Error(NotFound / CorruptFile) naming the file and line.
    static std::vector<MetricsRow> readMetrics(const std::string& path);
    void appendMetrics(const MetricsRow& row);
    /// Rewrites metrics.csv with every row so far.
    std::size_t flushMetrics() const; ///< returns how many rows the file now holds
    /// Logs why the run failed and writes the log and metrics out; never throws (the run's own
    /// error, being thrown, says more than a log that cannot be written).
    void recordFailure(const std::string& reason) noexcept;

    static const char* metricsHeader();

private:
    explicit RunDirectory(std::string path);
    std::string m_path;
    std::shared_ptr<const int>
        m_lock; ///< the locked descriptor of .lock, closed with the last copy
    std::vector<MetricsRow> m_rows;
    std::string m_log;
};

} // namespace fovea
