// From a config's "dataset" to sample sources: IDX files are small and held as they are; an
// image folder is scanned (headers only), split, and held in memory only when its decoded
// pictures fit a modest budget, else decoded by the loader's threads on every epoch.
#include "TrainingData.h"

#include "data/ChannelStatistics.h"
#include "data/FileSampleSource.h"
#include "data/MemorySampleSource.h"

#include "fovea/Error.h"
#include "fovea/IdxDataset.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>

namespace fovea {
namespace {

// Decoded pictures of both parts together are kept in memory below this: CIFAR-sized sets and
// a few thousand thumbnails, where decoding on every epoch would dominate a CPU run.
constexpr std::uint64_t kInMemoryBudgetBytes = std::uint64_t(512) << 20;
// The "dataset" mode's figures come from this many training pictures at most.
constexpr std::size_t kStatisticsSamples = 2000;

// `limit` samples spread evenly over the list (a scan sorts by class, so the first N would
// hold the first classes only).
std::vector<DatasetSample> spreadLimit(std::vector<DatasetSample> samples, std::int64_t limit)
{
    if (limit <= 0 || std::size_t(limit) >= samples.size())
        return samples;
    std::vector<DatasetSample> kept;
    kept.reserve(std::size_t(limit));
    for (std::size_t k = 0; k < std::size_t(limit); ++k)
        kept.push_back(samples[k * samples.size() / std::size_t(limit)]);
    return kept;
}

/// "; 3 file(s) were left out, e.g. a.png: not a picture", or "" when none were.
std::string leftOutNote(const FolderDataset& scanned)
{
    if (scanned.rejected.empty())
        return {};
    return fmt::format("; {} file(s) were left out, e.g. {}: {}", scanned.rejected.size(),
                       scanned.rejected.front().path, scanned.rejected.front().reason);
}

/// Throws what is wrong with a scan that cannot be trained on, naming the dataset, the cause
/// and the remedy; tells the observer what is merely odd.
void requireTrainable(const FolderDataset& scanned, const TrainingConfig& config,
                      TrainingObserver& observer)
{
    const std::string& dataset = config.dataset;
    // Nothing to train on is a data problem, not a command-line one: NotFound (exit 1).
    if (scanned.classNames.empty())
        throw Error(ErrorCode::NotFound,
                    fmt::format("dataset '{}' holds no images: expected one folder per class "
                                "(or train/ and val/ folders of them), a CSV/TSV list, or "
                                "IDX files (train-images-idx3-ubyte …){}",
                                dataset, leftOutNote(scanned)));
    if (scanned.classNames.size() < 2)
        throw Error(ErrorCode::NotFound,
                    fmt::format("dataset '{}' has only the class '{}'; training needs at "
                                "least 2 (one folder per class)",
                                dataset, scanned.classNames.front()));
    if (scanned.train.empty() && scanned.validation.empty())
        throw Error(ErrorCode::NotFound, fmt::format("dataset '{}' has no usable images{}", dataset,
                                                     leftOutNote(scanned)));
    // As torchvision's ImageFolder: a class without a single training image cannot be learnt.
    std::vector<std::string> empty;
    for (std::size_t c = 0; c < scanned.classNames.size(); ++c)
        if (c >= scanned.trainCounts.size() || scanned.trainCounts[c] == 0)
            empty.push_back(scanned.classNames[c]);
    if (!empty.empty())
        throw Error(ErrorCode::NotFound,
                    fmt::format("dataset '{}': class(es) '{}' have no training images{}; add "
                                "pictures, or remove the class (its folder or list rows)",
                                dataset, fmt::join(empty, "', '"), leftOutNote(scanned)));
    if (scanned.validation.empty()) {
        if (config.validationFraction <= 0.0) // nothing split off: a config matter (exit 2)
            throw Error(ErrorCode::InvalidArgument,
                        fmt::format("dataset '{}' has no validation images: add a val/ folder "
                                    "of pictures, or set validationFraction above 0",
                                    dataset));
        if (!scanned.validationIsSplit)
            throw Error(ErrorCode::NotFound,
                        fmt::format("dataset '{}' has a validation part (a val/ folder or "
                                    "list rows) without usable images{}; add pictures there, "
                                    "or remove it to split the training images",
                                    dataset, leftOutNote(scanned)));
        throw Error(ErrorCode::NotFound,
                    fmt::format("dataset '{}' is too small to hold out validationFraction {} of "
                                "each class ({} training images in {} classes; a class keeps "
                                "at least one): add images, or a val/ folder",
                                dataset, config.validationFraction, scanned.train.size(),
                                scanned.classNames.size()));
    }
    for (std::size_t c = 0; c < scanned.classNames.size(); ++c)
        if (c < scanned.validationCounts.size() && scanned.validationCounts[c] == 0)
            observer.onMessage(fmt::format("note: class '{}' has no validation images; its "
                                           "accuracy is not measured",
                                           scanned.classNames[c]));
}

} // namespace

TrainingData prepareTrainingData(const TrainingConfig& config, const ArchitectureInfo& info,
                                 TrainingObserver& observer, const std::atomic<bool>& stopRequested)
{
    TrainingData data;
    data.preprocessing = config.preprocessing.value_or(info.preprocessing);
    const bool idx = looksLikeIdxDataset(config.dataset);
    if (idx) {
        const IdxDataset source = loadIdxDataset(config.dataset);
        data.description = "IDX";
        data.classNames = source.classNames;
        data.train =
            std::make_shared<data::MemorySampleSource>(source.train, config.trainLimit, "train");
        data.validation =
            std::make_shared<data::MemorySampleSource>(source.test, config.validationLimit, "test");
        data.inputSize = config.inputSize > 0 ? config.inputSize : source.train.cols;
        if (!config.preprocessing) {
            // Grey digits and clothes are far from ImageNet's colour statistics, and 28 px
            // pictures have no border to crop away.
            data.preprocessing.mode = "dataset";
            data.preprocessing.resize = "squash";
        }
    } else {
        if (!std::filesystem::exists(config.dataset))
            throw Error(ErrorCode::NotFound,
                        fmt::format("dataset '{}' does not exist", config.dataset));
        DatasetScanOptions options;
        options.validationFraction = config.validationFraction;
        options.seed = config.seed;
        const FolderDataset scanned = scanDataset(
            config.dataset, options,
            [&observer](const ScanProgress& progress) {
                if (progress.phase == ScanProgress::Phase::Done)
                    observer.onMessage(fmt::format("scanned {} files", progress.filesFound));
            },
            &stopRequested);
        if (scanned.cancelled)
            return data;
        data.description = datasetLayoutName(scanned.layout);
        data.classNames = scanned.classNames;
        data.rejected = scanned.rejected;
        if (!data.rejected.empty())
            observer.onMessage(describeRejected(data.rejected, config.dataset));
        requireTrainable(scanned, config, observer);
        auto train =
            std::make_shared<data::FileSampleSource>(spreadLimit(scanned.train, config.trainLimit));
        auto validation = std::make_shared<data::FileSampleSource>(
            spreadLimit(scanned.validation, config.validationLimit));
        const auto trainBytes = data::MemorySampleSource::estimateBytes(*train);
        const auto validationBytes = data::MemorySampleSource::estimateBytes(*validation);
        if (trainBytes && validationBytes &&
            *trainBytes + *validationBytes <= kInMemoryBudgetBytes) {
            observer.onMessage(fmt::format("decoding {} small images once, kept in memory "
                                           "({:.0f} MiB)",
                                           train->size() + validation->size(),
                                           double(*trainBytes + *validationBytes) / (1 << 20)));
            data.train = std::make_shared<data::MemorySampleSource>(*train, kInMemoryBudgetBytes);
            data.validation =
                std::make_shared<data::MemorySampleSource>(*validation, kInMemoryBudgetBytes);
        } else {
            data.train = train;
            data.validation = validation;
        }
        data.inputSize = config.inputSize > 0 ? config.inputSize : info.defaultInputSize;
    }
    if (data.train->size() == 0)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("dataset '{}' has no training images", config.dataset));
    if (data.validation->size() == 0)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("dataset '{}' has no validation images", config.dataset));

    if (data.preprocessing.mode == "dataset") {
        // IDX sets are in memory and small: use every picture; folders a spread sample, cached.
        const data::ChannelStatistics statistics =
            idx ? data::computeChannelStatistics(*data.train, data.train->size())
                : data::cachedChannelStatistics(*data.train, kStatisticsSamples,
                                                data::defaultStatisticsCacheFolder());
        data.preprocessing.mean = statistics.mean;
        data.preprocessing.std = statistics.std;
    }
    return data;
}

data::LoaderOptions trainingLoaderOptions(const TrainingConfig& resolved, const TrainingData& data)
{
    data::LoaderOptions options;
    options.batchSize =
        static_cast<int>(std::min<std::int64_t>(resolved.batchSize, data.train->size()));
    options.shuffle = true;
    options.dropLast = true;
    options.workers = resolved.loaderWorkers;
    options.prefetchBatches = resolved.prefetchBatches;
    options.seed = resolved.seed;
    options.numClasses = static_cast<int>(data.classNames.size());
    return options;
}

data::LoaderOptions validationLoaderOptions(const TrainingConfig& resolved,
                                            const data::LoaderOptions& training)
{
    data::LoaderOptions options = training;
    options.shuffle = false;
    options.dropLast = false;
    options.padShards = false; // each validation image counted once over the ranks
    // Small inputs evaluate fastest in large batches; large ones would hold too much memory.
    if (resolved.inputSize <= 64)
        options.batchSize = std::max(training.batchSize, 256);
    return options;
}

RunStarted describeRun(const TrainingConfig& resolved, const TrainingData& data,
                       int batchesPerEpoch)
{
    RunStarted start;
    start.epochs = resolved.epochs;
    start.batchesPerEpoch = batchesPerEpoch;
    start.trainImages = static_cast<std::int64_t>(data.train->size());
    start.validationImages = static_cast<std::int64_t>(data.validation->size());
    start.inputSize = resolved.inputSize;
    start.classNames = data.classNames;
    return start;
}

int optimiserStepsPerEpoch(const TrainingConfig& resolved, std::int64_t batchesPerEpoch)
{
    if (batchesPerEpoch < resolved.accumulateSteps)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("config key 'accumulateSteps': {} is more than the {} batches of "
                                "an epoch",
                                resolved.accumulateSteps, batchesPerEpoch));
    return static_cast<int>(batchesPerEpoch / resolved.accumulateSteps);
}

void checkInputSize(const TrainingConfig& resolved, const ArchitectureInfo& info)
{
    if (resolved.inputSize < info.minInputSize)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("input size {} px is below the minimum of {} px for '{}'",
                                resolved.inputSize, info.minInputSize, info.name));
}

} // namespace fovea
