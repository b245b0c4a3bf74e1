#pragma once

#include "fovea/Image.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace fovea {

/// One image file of a scanned dataset.
struct DatasetSample {
    std::string path; ///< as found: below the root folder, or the list file's folder
    int label = 0;    ///< index into FolderDataset::classNames
    int width = 0;    ///< upright size from the header (orientation applied)
    int height = 0;
};

/// A file or folder the scan left out, and why (a sentence naming no path; `path` holds it).
struct RejectedFile {
    std::string path;
    std::string reason;
};

/// Image sizes over the accepted samples (all zero when there are none).
struct ImageSizeStats {
    std::size_t count = 0;
    int minWidth = 0;
    int maxWidth = 0;
    int minHeight = 0;
    int maxHeight = 0;
    double meanWidth = 0.0;
    double meanHeight = 0.0;
};

/// Where the samples came from.
enum class DatasetLayout {
    FolderPerClass,  ///< root/<class>/…
    TrainValFolders, ///< root/train/<class>/… (and root/val/<class>/… when present)
    ListFile,        ///< CSV/TSV rows of path,label
};

/// The result of a scan: everything a front end shows before training, and the file lists the
/// loader reads. Samples are ordered by class, then by path, so two scans of the same tree agree.
struct FolderDataset {
    std::string source;
    DatasetLayout layout = DatasetLayout::FolderPerClass;
    std::vector<std::string> classNames; ///< sorted byte-wise, as torchvision's ImageFolder does
    std::vector<DatasetSample> train;
    std::vector<DatasetSample> validation;
    std::vector<std::size_t> trainCounts;      ///< per class
    std::vector<std::size_t> validationCounts; ///< per class
    /// True when `validation` was drawn from the training images (no val folder or list).
    bool validationIsSplit = false;
    ImageSizeStats sizes;
    std::vector<RejectedFile> rejected;
    /// True when the scan was stopped before it finished: samples, classes and counts are then
    /// empty (nothing half-scanned can be trained on); `rejected` holds what was found so far.
    bool cancelled = false;
};

/// How a scan reports while it runs.
struct ScanProgress {
    enum class Phase { Listing, ReadingHeaders, Done };
    Phase phase = Phase::Listing;
    std::size_t filesFound = 0;  ///< candidate files listed so far
    std::size_t headersRead = 0; ///< of filesFound (meaningful from ReadingHeaders on)
    std::size_t rejected = 0;    ///< found so far (unreadable headers count at Done)
};
using ScanProgressCallback = std::function<void(const ScanProgress&)>;

struct DatasetScanOptions {
    /// Fraction of each class moved to validation when the dataset has no validation part.
    double validationFraction = 0.0;
    std::uint64_t seed = 0; ///< for that split
    /// A second list file for validation (list datasets only); empty: none.
    std::string validationList;
    /// The header of each file is checked as decodeImage would check it (limit included).
    DecodeOptions decode;
    int threads = 0;              ///< header-reading threads; 0: all cores
    int progressIntervalMs = 100; ///< callbacks are at most this frequent (phase ends always)
    int maxFolderDepth = 64;      ///< deeper folders are rejected, as a last guard
};

/// Scans `source`: a folder (folder per class, or, when it holds a `train` folder, train/val
/// folders each holding one folder per class) or a CSV/TSV list file. Only image headers are
/// read, so a file cut short after its header passes here and is caught by decodeImage. Links
/// are followed, but a link loop, a link to a folder already scanned or a dangling link is listed
/// in `rejected`, never followed twice. Hidden files and folders (names starting with '.') are
/// skipped. `onProgress` is called on the calling thread; `stopRequested` is polled between
/// files. Throws Error(NotFound) when `source` does not exist and Error(InvalidArgument) for a
/// bad option.
FolderDataset scanDataset(const std::string& source, const DatasetScanOptions& options = {},
                          const ScanProgressCallback& onProgress = {},
                          const std::atomic<bool>* stopRequested = nullptr);

/// Indices of a stratified split: per class, round(count × fraction) samples (at most count − 1)
/// go to validation, drawn by a shuffle that depends only on `seed` and the order of `labels`.
struct SplitIndices {
    std::vector<std::size_t> train;      ///< ascending
    std::vector<std::size_t> validation; ///< ascending
};
SplitIndices stratifiedSplit(const std::vector<int>& labels, double fraction, std::uint64_t seed);

/// "folder-per-class", "train-val-folders" or "list-file".
const char* datasetLayoutName(DatasetLayout layout) noexcept;

/// "3 file(s) left out of '<dataset>':" and a line "  <path>: <reason>" for each of the first
/// `shown`, then "  … and N more": for a terminal and a run's log.txt.
std::string describeRejected(const std::vector<RejectedFile>& rejected, const std::string& dataset,
                             std::size_t shown = 10);

} // namespace fovea
