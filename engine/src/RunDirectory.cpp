#include "fovea/RunDirectory.h"

#include "fovea/AtomicFile.h"
#include "fovea/CsvField.h"
#include "fovea/Error.h"
#include "fovea/FolderDataset.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

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

/// An exclusive flock() on <run>/.lock, released when the descriptor closes (with the last copy
/// of the RunDirectory, or when the process dies: a crashed run never leaves its folder locked).
std::shared_ptr<const int> lockRun(const std::string& path)
{
    const std::string file = (std::filesystem::path(path) / ".lock").string();
    // A lock that cannot be taken at all (a .lock of another user in a shared folder, NFS
    // without lockd, a file system without flock) leaves the run unguarded, as before locks:
    // only another holder refuses it.
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return nullptr;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd);
        if (error == EWOULDBLOCK)
            throw Error(ErrorCode::Io,
                        fmt::format("run directory '{}' is in use by another Fovea process (the "
                                    "run itself, or a resume of it): let it end, or stop it, "
                                    "before resuming",
                                    path));
        return nullptr;
    }
    return std::shared_ptr<const int>(new int(fd), [](const int* descriptor) {
        ::close(*descriptor);
        delete descriptor;
    });
}

} // namespace

RunDirectory::RunDirectory(std::string path)
    : m_path(std::move(path))
    , m_lock(lockRun(m_path))
{
}

MetricsRow MetricsRow::ofStep(int epoch, std::int64_t step, double trainLoss, double learningRate,
                              double elapsedSeconds)
{
    MetricsRow row;
    row.kind = "step";
    row.epoch = epoch;
    row.step = step;
    row.trainLoss = trainLoss;
    row.learningRate = learningRate;
    row.elapsedSeconds = elapsedSeconds;
    return row;
}

MetricsRow MetricsRow::ofEpoch(const EpochSummary& summary, std::int64_t step)
{
    MetricsRow row;
    row.kind = "epoch";
    row.epoch = summary.epoch;
    row.step = step;
    row.trainLoss = summary.trainLoss;
    row.trainAccuracy = summary.trainAccuracy;
    if (summary.validated) {
        row.validationLoss = summary.validationLoss;
        row.validationAccuracy = summary.validationAccuracy;
        row.validationTop5 = summary.validationTop5;
    }
    row.learningRate = summary.learningRate;
    row.elapsedSeconds = summary.elapsedSeconds;
    return row;
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

std::vector<MetricsRow> RunDirectory::readMetrics(const std::string& path)
{
    const std::string file = (std::filesystem::path(path) / "metrics.csv").string();
    const std::string text = readFile(file);
    std::vector<MetricsRow> rows;
    std::size_t lineNumber = 0;
    std::size_t begin = 0;
    while (begin < text.size()) {
        const std::size_t end = std::min(text.find('\n', begin), text.size());
        const std::string line = text.substr(begin, end - begin);
        begin = end + 1;
        if (lineNumber++ == 0) {
            if (line != metricsHeader())
                throw Error(ErrorCode::CorruptFile,
                            fmt::format("'{}' does not start with Fovea's metrics header", file));
            continue;
        }
        std::vector<std::string> cells;
        for (std::size_t from = 0;;) {
            const std::size_t comma = line.find(',', from);
            cells.push_back(
                line.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
            if (comma == std::string::npos)
                break;
            from = comma + 1;
        }
        if (cells.size() != 10)
            throw Error(ErrorCode::CorruptFile, fmt::format("'{}' line {}: {} cells, expected 10",
                                                            file, lineNumber, cells.size()));
        auto number = [&](const std::string& cell) -> std::optional<double> {
            if (cell.empty())
                return std::nullopt;
            // from_chars, not stod: a GUI runs under the user's locale (Qt sets it), where
            // stod would read "0.71" as 0 with a comma decimal separator.
            double value = 0.0;
            const char* end = cell.data() + cell.size();
            const auto [stopped, error] = std::from_chars(cell.data(), end, value);
            if (error != std::errc() || stopped != end)
                throw Error(
                    ErrorCode::CorruptFile,
                    fmt::format("'{}' line {}: '{}' is not a number", file, lineNumber, cell));
            return value;
        };
        MetricsRow row;
        row.kind = cells[0];
        row.epoch = int(number(cells[1]).value_or(0));
        row.step = std::int64_t(number(cells[2]).value_or(0));
        row.trainLoss = number(cells[3]);
        row.trainAccuracy = number(cells[4]);
        row.validationLoss = number(cells[5]);
        row.validationAccuracy = number(cells[6]);
        row.validationTop5 = number(cells[7]);
        row.learningRate = number(cells[8]);
        row.elapsedSeconds = number(cells[9]).value_or(0.0);
        rows.push_back(row);
    }
    return rows;
}

void RunDirectory::requireNotInUse(const std::string& path)
{
    lockRun(path); // released again at once
}

RunDirectory RunDirectory::reopen(const std::string& path, std::size_t keepRows)
{
    RunDirectory directory(path);
    directory.m_rows = readMetrics(path);
    if (directory.m_rows.size() < keepRows)
        throw Error(ErrorCode::CorruptFile,
                    fmt::format("'{}' holds {} rows, but the checkpoint had seen {}",
                                (std::filesystem::path(path) / "metrics.csv").string(),
                                directory.m_rows.size(), keepRows));
    directory.m_rows.resize(keepRows);
    // Locked now: what a crash left half-written (model.pt, metrics.csv, …) can go.
    removeAtomicWriteLeftovers(path);
    const std::filesystem::path log = std::filesystem::path(path) / "log.txt";
    if (std::filesystem::exists(log))
        directory.m_log = readFile(log.string());
    return directory;
}

void RunDirectory::writeConfig(const std::string& configJson) const
{
    writeFileAtomically((std::filesystem::path(m_path) / "config.json").string(), configJson);
}

std::size_t RunDirectory::writeLeftOut(const std::vector<RejectedFile>& rejected) const
{
    const std::filesystem::path file = std::filesystem::path(m_path) / "left-out.csv";
    if (rejected.empty()) {
        std::error_code ignored; // a resumed run whose dataset was mended since
        std::filesystem::remove(file, ignored);
        return 0;
    }
    std::string csv = "path,reason\n";
    for (const RejectedFile& left : rejected)
        csv += csvField(left.path) + "," + csvField(left.reason) + "\n";
    writeFileAtomically(file.string(), csv);
    return rejected.size();
}

void RunDirectory::writeRunInfo(const RunStarted& started, int stepsPerEpoch) const
{
    nlohmann::ordered_json run;
    run["architecture"] = started.architecture;
    run["epochs"] = started.epochs;
    run["batchesPerEpoch"] = started.batchesPerEpoch;
    run["stepsPerEpoch"] = stepsPerEpoch;
    run["trainImages"] = started.trainImages;
    run["validationImages"] = started.validationImages;
    run["parameterCount"] = started.parameterCount;
    run["classNames"] = started.classNames;
    writeFileAtomically((std::filesystem::path(m_path) / "run.json").string(), run.dump(2) + "\n");
}

const char* RunDirectory::metricsHeader()
{
    return "kind,epoch,step,train_loss,train_accuracy,val_loss,val_accuracy,val_top5,"
           "learning_rate,elapsed_s";
}

void RunDirectory::appendMetrics(const MetricsRow& row)
{
    m_rows.push_back(row);
}

void RunDirectory::recordFailure(const std::string& reason) noexcept
{
    try {
        appendLog(fmt::format("the run failed: {}", reason));
        flushMetrics();
    } catch (const std::exception&) {
    }
}

std::size_t RunDirectory::flushMetrics() const
{
    std::string text = metricsHeader();
    text += '\n';
    for (const MetricsRow& row : m_rows)
        text += fmt::format("{},{},{},{},{},{},{},{},{},{:.3f}\n", row.kind, row.epoch, row.step,
                            cell(row.trainLoss), cell(row.trainAccuracy), cell(row.validationLoss),
                            cell(row.validationAccuracy), cell(row.validationTop5),
                            cell(row.learningRate), row.elapsedSeconds);
    writeFileAtomically((std::filesystem::path(m_path) / "metrics.csv").string(), text);
    if (!m_log.empty())
        writeFileAtomically((std::filesystem::path(m_path) / "log.txt").string(), m_log);
    return m_rows.size();
}

void RunDirectory::appendLog(const std::string& line)
{
    m_log += timestampNow() + " " + line + "\n";
}

} // namespace fovea
