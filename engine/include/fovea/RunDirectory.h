#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fovea {

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
    std::optional<double> learningRate;
    double elapsedSeconds = 0.0;
};

/// runs/<timestamp>-<arch>/ with the resolved config.json and metrics.csv. Every write replaces
/// the file atomically, so a reader (or a crash) never sees half a file.
class RunDirectory {
public:
    /// Creates `<runsFolder>/<YYYYmmdd-HHMMSS>-<architecture>[-N]/`.
    static RunDirectory create(const std::string& runsFolder, const std::string& architecture);

    const std::string& path() const { return m_path; }
    void writeConfig(const std::string& configJson) const;
    void appendMetrics(const MetricsRow& row);
    /// Rewrites metrics.csv with every row so far.
    void flushMetrics() const;

    static const char* metricsHeader();

private:
    explicit RunDirectory(std::string path);
    std::string m_path;
    std::vector<MetricsRow> m_rows;
};

} // namespace fovea
