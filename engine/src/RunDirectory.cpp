#include "fovea/RunDirectory.h"

#include "fovea/AtomicFile.h"
#include "fovea/Error.h"

#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <filesystem>

namespace fovea {
namespace {

std::string timestampNow()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm local{};
    localtime_r(&now, &local);
    char buffer[32];
    std::strftime(buffer, sizeof(buffer), "%Y%m%d-%H%M%S", &local);
    return buffer;
}

std::string cell(const std::optional<double>& value)
{
    return value ? fmt::format("{:.6g}", *value) : std::string();
}

} // namespace

RunDirectory::RunDirectory(std::string path)
    : m_path(std::move(path))
{
}

RunDirectory RunDirectory::create(const std::string& runsFolder, const std::string& architecture)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(runsFolder, ec);
    if (ec)
        throw Error(ErrorCode::Io,
                    fmt::format("cannot create runs folder '{}': {}", runsFolder, ec.message()));
    const std::string base = timestampNow() + "-" + architecture;
    // create_directory reports whether it made the folder, so two runs started in the same
    // second get distinct folders instead of sharing one.
    for (int attempt = 0; attempt < 1000; ++attempt) {
        const fs::path candidate =
            fs::path(runsFolder) / (attempt == 0 ? base : fmt::format("{}-{}", base, attempt + 1));
        if (fs::create_directory(candidate, ec))
            return RunDirectory(candidate.string());
        if (ec)
            throw Error(ErrorCode::Io, fmt::format("cannot create run folder '{}': {}",
                                                   candidate.string(), ec.message()));
    }
    throw Error(ErrorCode::Io,
                fmt::format("no free run folder name for '{}' in '{}'", base, runsFolder));
}

void RunDirectory::writeConfig(const std::string& configJson) const
{
    writeFileAtomically((std::filesystem::path(m_path) / "config.json").string(), configJson);
}

const char* RunDirectory::metricsHeader()
{
    return "kind,epoch,step,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,"
           "elapsed_s";
}

void RunDirectory::appendMetrics(const MetricsRow& row)
{
    m_rows.push_back(row);
}

void RunDirectory::flushMetrics() const
{
    std::string text = metricsHeader();
    text += '\n';
    for (const MetricsRow& row : m_rows)
        text +=
            fmt::format("{},{},{},{},{},{},{},{},{:.3f}\n", row.kind, row.epoch, row.step,
                        cell(row.trainLoss), cell(row.trainAccuracy), cell(row.validationLoss),
                        cell(row.validationAccuracy), cell(row.learningRate), row.elapsedSeconds);
    writeFileAtomically((std::filesystem::path(m_path) / "metrics.csv").string(), text);
}

} // namespace fovea
