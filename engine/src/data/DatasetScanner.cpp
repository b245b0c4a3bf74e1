// scanDataset: find the layout, list candidate files (no file is opened yet), read their headers
// on a few threads, then assemble classes, splits and statistics.
#include "fovea/FolderDataset.h"

#include "DirectoryWalker.h"
#include "HeaderScanner.h"
#include "ListFileReader.h"
#include "ScanProgressReporter.h"

#include "fovea/Error.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>

namespace fovea {
namespace {

namespace fs = std::filesystem;
struct Candidate {
    std::string path;
    std::string className;
    bool validation = false;
};

const char* const kValidationNames[] = {"val", "valid", "validation"};

class DatasetScanner {
public:
    DatasetScanner(const std::string& source, const DatasetScanOptions& options,
                   const ScanProgressCallback& onProgress, const std::atomic<bool>* stop)
        : m_options(options)
        , m_stop(stop)
        , m_reporter(onProgress, options.progressIntervalMs)
        , m_walker(m_result.rejected, options.maxFolderDepth, stop)
    {
        m_result.source = source;
    }

    FolderDataset run()
    {
        std::error_code ec;
        const fs::file_status status = fs::status(m_result.source, ec);
        if (!fs::exists(status))
            throw Error(ErrorCode::NotFound,
                        fmt::format("dataset '{}' not found", m_result.source));
        if (fs::is_directory(status))
            listFolders(m_result.source);
        else if (fs::is_regular_file(status))
            listFromFiles();
        else
            throw Error(
                ErrorCode::InvalidArgument,
                fmt::format("dataset '{}' is neither a folder nor a list file", m_result.source));
        m_reporter.update(true);
        if (!stopped())
            readHeaders();
        m_result.cancelled = !m_assembled;
        m_reporter.progress.phase = ScanProgress::Phase::Done;
        m_reporter.progress.rejected = m_result.rejected.size();
        m_reporter.update(true);
        return std::move(m_result);
    }

private:
    bool stopped() const { return m_stop && m_stop->load(std::memory_order_relaxed); }

    void addCandidate(const std::string& path, const std::string& className, bool validation)
    {
        m_candidates.push_back({path, className, validation});
        ++m_reporter.progress.filesFound;
        m_reporter.progress.rejected = m_result.rejected.size();
        m_reporter.update();
    }

    void listFolders(const fs::path& root)
    {
        m_walker.enter(root);
        const auto entries = m_walker.entries(root);
        const auto trainDir = std::find_if(entries.begin(), entries.end(), [](const auto& entry) {
            return entry.kind == data::DirectoryWalker::Kind::Directory &&
                   entry.path.filename() == "train";
        });
        if (trainDir == entries.end()) {
            m_result.layout = DatasetLayout::FolderPerClass;
            listClassFolders(entries, false);
            return;
        }
        m_result.layout = DatasetLayout::TrainValFolders;
        const data::DirectoryWalker::Entry* valDir = nullptr;
        for (const char* name : kValidationNames)
            for (const auto& entry : entries)
                if (!valDir && entry.kind == data::DirectoryWalker::Kind::Directory &&
                    entry.path.filename() == name)
                    valDir = &entry;
        for (const auto& entry : entries) {
            if (&entry == &*trainDir || &entry == valDir ||
                entry.kind == data::DirectoryWalker::Kind::Rejected)
                continue;
            m_result.rejected.push_back(
                {entry.path.string(), entry.kind == data::DirectoryWalker::Kind::File
                                          ? "not inside the train or validation folder"
                                          : "ignored: with a 'train' folder only 'train' and "
                                            "'val' (or 'valid', 'validation') are read"});
        }
        if (m_walker.enter(trainDir->path))
            listClassFolders(m_walker.entries(trainDir->path), false);
        if (valDir && m_walker.enter(valDir->path)) {
            m_hasValidation = true;
            listClassFolders(m_walker.entries(valDir->path), true);
        }
    }

    void listClassFolders(const std::vector<data::DirectoryWalker::Entry>& entries, bool validation)
    {
        // All class folders are entered before any is walked, so a link inside one class that
        // points at another class folder cannot take that folder's images.
        std::vector<const data::DirectoryWalker::Entry*> classFolders;
        for (const auto& entry : entries) {
            if (entry.kind == data::DirectoryWalker::Kind::File)
                m_result.rejected.push_back({entry.path.string(), "not inside a class folder"});
            else if (entry.kind == data::DirectoryWalker::Kind::Directory &&
                     m_walker.enter(entry.path))
                classFolders.push_back(&entry);
        }
        for (const auto* folder : classFolders) {
            if (stopped())
                return;
            const std::string className = folder->path.filename().string();
            if (!validation)
                m_classes.emplace(className, 0);
            m_walker.collectFiles(folder->path, [&](const std::string& file) {
                addCandidate(file, className, validation);
            });
        }
    }

    void listFromFiles()
    {
        m_result.layout = DatasetLayout::ListFile;
        for (const auto& entry : data::ListFileReader(m_result.source).read(m_result.rejected))
            addListEntry(entry, false);
        if (!m_options.validationList.empty()) {
            m_hasValidation = true;
            for (const auto& entry :
                 data::ListFileReader(m_options.validationList).read(m_result.rejected))
                addListEntry(entry, true);
        }
    }

    void addListEntry(const data::ListEntry& entry, bool validation)
    {
        if (!validation)
            m_classes.emplace(entry.label, 0);
        // The same checks as in a folder: a listed link may dangle, a listed path be a folder.
        std::vector<RejectedFile>& rejected = m_result.rejected;
        std::error_code ec;
        const fs::file_status status = fs::status(entry.path, ec);
        if (fs::is_regular_file(status))
            addCandidate(entry.path, entry.label, validation);
        else if (fs::is_symlink(fs::symlink_status(entry.path, ec)))
            rejected.push_back({entry.path, "dangling symbolic link or link loop"});
        else if (!fs::exists(status))
            rejected.push_back({entry.path, "listed file does not exist"});
        else
            rejected.push_back({entry.path, "not a regular file"});
    }

    void readHeaders()
    {
        m_reporter.progress.phase = ScanProgress::Phase::ReadingHeaders;
        m_reporter.update(true);
        std::vector<std::string> paths;
        paths.reserve(m_candidates.size());
        for (const Candidate& candidate : m_candidates)
            paths.push_back(candidate.path);
        const data::HeaderScanner scanner(m_options.decode, m_options.threads, m_stop);
        const auto results = scanner.scan(paths, [&](std::size_t done) {
            m_reporter.progress.headersRead = done;
            m_reporter.update();
        });
        if (stopped())
            return;
        assemble(results);
        m_assembled = true;
    }

    void assemble(const std::vector<data::HeaderResult>& results)
    {
        // Class names sorted byte-wise (std::map order), as torchvision's ImageFolder sorts.
        int next = 0;
        for (auto& [name, label] : m_classes) {
            label = next++;
            m_result.classNames.push_back(name);
        }
        for (std::size_t i = 0; i < m_candidates.size(); ++i) {
            const Candidate& candidate = m_candidates[i];
            const data::HeaderResult& header = results[i];
            const auto label = m_classes.find(candidate.className);
            if (label == m_classes.end()) {
                m_result.rejected.push_back(
                    {candidate.path, fmt::format("class '{}' has no training images folder or rows",
                                                 candidate.className)});
                continue;
            }
            if (!header.ok) {
                m_result.rejected.push_back({candidate.path, header.reason});
                continue;
            }
            DatasetSample sample{candidate.path, label->second, header.width, header.height};
            (candidate.validation ? m_result.validation : m_result.train).push_back(sample);
        }
        const auto byClassThenPath = [](const DatasetSample& a, const DatasetSample& b) {
            return a.label != b.label ? a.label < b.label : a.path < b.path;
        };
        std::stable_sort(m_result.train.begin(), m_result.train.end(), byClassThenPath);
        std::stable_sort(m_result.validation.begin(), m_result.validation.end(), byClassThenPath);
        if (!m_hasValidation && m_options.validationFraction > 0.0)
            splitValidation();
        countAndMeasure();
    }

    void splitValidation()
    {
        std::vector<int> labels;
        for (const DatasetSample& sample : m_result.train)
            labels.push_back(sample.label);
        const SplitIndices split =
            stratifiedSplit(labels, m_options.validationFraction, m_options.seed);
        std::vector<DatasetSample> train;
        for (std::size_t index : split.train)
            train.push_back(std::move(m_result.train[index]));
        for (std::size_t index : split.validation)
            m_result.validation.push_back(std::move(m_result.train[index]));
        m_result.train = std::move(train);
        m_result.validationIsSplit = true;
    }

    void countAndMeasure()
    {
        const std::size_t classes = m_result.classNames.size();
        m_result.trainCounts.assign(classes, 0);
        m_result.validationCounts.assign(classes, 0);
        ImageSizeStats& sizes = m_result.sizes;
        double widthSum = 0.0;
        double heightSum = 0.0;
        for (const auto* samples : {&m_result.train, &m_result.validation}) {
            for (const DatasetSample& sample : *samples) {
                auto& counts =
                    samples == &m_result.train ? m_result.trainCounts : m_result.validationCounts;
                ++counts[static_cast<std::size_t>(sample.label)];
                sizes.minWidth =
                    sizes.count ? std::min(sizes.minWidth, sample.width) : sample.width;
                sizes.maxWidth = std::max(sizes.maxWidth, sample.width);
                sizes.minHeight =
                    sizes.count ? std::min(sizes.minHeight, sample.height) : sample.height;
                sizes.maxHeight = std::max(sizes.maxHeight, sample.height);
                widthSum += sample.width;
                heightSum += sample.height;
                ++sizes.count;
            }
        }
        if (sizes.count > 0) {
            sizes.meanWidth = widthSum / double(sizes.count);
            sizes.meanHeight = heightSum / double(sizes.count);
        }
    }

    DatasetScanOptions m_options;
    const std::atomic<bool>* m_stop;
    FolderDataset m_result;
    data::ScanProgressReporter m_reporter;
    data::DirectoryWalker m_walker;
    std::vector<Candidate> m_candidates;
    std::map<std::string, int> m_classes; ///< name → label
    bool m_hasValidation = false;
    bool m_assembled = false; ///< false when stopped first: nothing is returned half-done
};

void validate(const DatasetScanOptions& options)
{
    if (!(options.validationFraction >= 0.0 && options.validationFraction < 1.0))
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("validationFraction {} must be at least 0 and below 1",
                                options.validationFraction));
    if (options.threads < 0)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("threads {} must be 0 (all cores) or more", options.threads));
    if (options.maxFolderDepth < 1)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("maxFolderDepth {} must be at least 1", options.maxFolderDepth));
}

} // namespace

FolderDataset scanDataset(const std::string& source, const DatasetScanOptions& options,
                          const ScanProgressCallback& onProgress,
                          const std::atomic<bool>* stopRequested)
{
    validate(options);
    return DatasetScanner(source, options, onProgress, stopRequested).run();
}

std::string describeRejected(const std::vector<RejectedFile>& rejected, const std::string& dataset,
                             std::size_t shown)
{
    std::string text = fmt::format("{} file(s) left out of '{}':", rejected.size(), dataset);
    for (std::size_t i = 0; i < std::min(shown, rejected.size()); ++i)
        text += fmt::format("\n  {}: {}", rejected[i].path, rejected[i].reason);
    if (rejected.size() > shown)
        text += fmt::format("\n  … and {} more", rejected.size() - shown);
    return text;
}

const char* datasetLayoutName(DatasetLayout layout) noexcept
{
    switch (layout) {
    case DatasetLayout::FolderPerClass:
        return "folder-per-class";
    case DatasetLayout::TrainValFolders:
        return "train-val-folders";
    case DatasetLayout::ListFile:
        return "list-file";
    }
    return "unknown";
}

} // namespace fovea
