// A model file against a labelled dataset: the dataset is read as training reads it (IDX sets
// as they are, folders and lists scanned and split the same way), then one evaluation pass.
#include "fovea/DatasetEvaluation.h"

#include "Evaluation.h"
#include "ModelImpl.h"
#include "data/BatchLoader.h"
#include "data/FileSampleSource.h"
#include "data/ImageMat.h"
#include "data/MemorySampleSource.h"

#include "fovea/Error.h"
#include "fovea/IdxDataset.h"
#include "fovea/Threads.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>

namespace fovea {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kProgressInterval = std::chrono::milliseconds(100);

// The pictures of one part, with the class names the dataset declares.
struct DatasetPart {
    std::string layout;
    std::vector<std::string> classNames;
    std::shared_ptr<const data::SampleSource> source;
    std::vector<RejectedFile> rejected;
    bool cancelled = false;
};

DatasetPart readPart(const DatasetEvaluationOptions& options, const std::atomic<bool>* stop)
{
    DatasetPart part;
    const bool validation = options.part == "val";
    if (looksLikeIdxDataset(options.dataset)) {
        const IdxDataset idx = loadIdxDataset(options.dataset);
        part.layout = "IDX";
        part.classNames = idx.classNames;
        part.source = std::make_shared<data::MemorySampleSource>(validation ? idx.test : idx.train,
                                                                 0, validation ? "test" : "train");
        return part;
    }
    if (!std::filesystem::exists(options.dataset))
        throw Error(ErrorCode::NotFound,
                    fmt::format("dataset '{}' does not exist", options.dataset));
    DatasetScanOptions scanOptions;
    scanOptions.validationFraction = options.validationFraction;
    scanOptions.seed = options.seed;
    const FolderDataset scanned = scanDataset(options.dataset, scanOptions, {}, stop);
    part.rejected = scanned.rejected;
    if (scanned.cancelled) {
        part.cancelled = true;
        return part;
    }
    part.layout = datasetLayoutName(scanned.layout);
    part.classNames = scanned.classNames;
    if (scanned.classNames.empty())
        throw Error(ErrorCode::NotFound,
                    fmt::format("dataset '{}' holds no images: expected one folder per class "
                                "(or train/ and val/ folders of them), a CSV/TSV list, or IDX "
                                "files (train-images-idx3-ubyte …)",
                                options.dataset));
    if (validation && scanned.validation.empty())
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("dataset '{}' has no validation images: it has no val part and "
                                "the validation fraction is {}",
                                options.dataset, options.validationFraction));
    // One pass decodes each file once: nothing to gain from holding them in memory.
    part.source = std::make_shared<data::FileSampleSource>(
        scanned, validation ? data::DatasetPart::Validation : data::DatasetPart::Train);
    return part;
}

// Names what differs between the model's classes and the dataset's.
void requireSameClasses(const std::vector<std::string>& model,
                        const std::vector<std::string>& dataset, const std::string& source)
{
    if (model == dataset)
        return;
    const std::set<std::string> modelSet(model.begin(), model.end());
    const std::set<std::string> datasetSet(dataset.begin(), dataset.end());
    std::vector<std::string> onlyModel;
    std::vector<std::string> onlyDataset;
    std::set_difference(modelSet.begin(), modelSet.end(), datasetSet.begin(), datasetSet.end(),
                        std::back_inserter(onlyModel));
    std::set_difference(datasetSet.begin(), datasetSet.end(), modelSet.begin(), modelSet.end(),
                        std::back_inserter(onlyDataset));
    if (onlyModel.empty() && onlyDataset.empty())
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("dataset '{}' has the model's classes in another order: model "
                                "[{}], dataset [{}]",
                                source, fmt::join(model, ", "), fmt::join(dataset, ", ")));
    std::vector<std::string> parts;
    if (!onlyModel.empty())
        parts.push_back(fmt::format("only the model has [{}]", fmt::join(onlyModel, ", ")));
    if (!onlyDataset.empty())
        parts.push_back(fmt::format("only the dataset has [{}]", fmt::join(onlyDataset, ", ")));
    throw Error(ErrorCode::InvalidArgument,
                fmt::format("dataset '{}' does not have the model's classes: {}", source,
                            fmt::join(parts, "; ")));
}

} // namespace

void DatasetEvaluationOptions::validate() const
{
    auto invalid = [](const char* field, const std::string& problem) {
        throw Error(ErrorCode::InvalidArgument, fmt::format("evaluation {}: {}", field, problem));
    };
    if (dataset.empty())
        invalid("dataset", "no dataset given");
    if (part != "val" && part != "train")
        invalid("part", fmt::format("'{}' is not one of val, train", part));
    if (!(validationFraction >= 0.0 && validationFraction < 1.0))
        invalid("validationFraction", fmt::format("{} is outside [0, 1)", validationFraction));
    if (batchSize < 1)
        invalid("batchSize", fmt::format("{} is below 1", batchSize));
    if (workers < 0)
        invalid("workers", fmt::format("{} is negative", workers));
    if (threads < 0)
        invalid("threads", fmt::format("{} is negative", threads));
}

DatasetEvaluation
evaluateDataset(Model& model, const std::vector<std::string>& classNames,
                const Preprocessing& preprocessing, int inputSize,
                const DatasetEvaluationOptions& options,
                const std::function<void(const DatasetEvaluationProgress&)>& onProgress,
                const std::atomic<bool>* stop)
{
    options.validate();
    if (static_cast<std::int64_t>(classNames.size()) != model.options().numClasses)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("{} class names for a model with {} outputs", classNames.size(),
                                model.options().numClasses));
    setComputeThreads(options.threads);

    DatasetEvaluation result;
    DatasetPart part = readPart(options, stop);
    result.rejected = std::move(part.rejected);
    if (part.cancelled) {
        result.stopped = true;
        return result;
    }
    result.layout = part.layout;
    requireSameClasses(classNames, part.classNames, options.dataset);
    if (part.source->size() == 0)
        throw Error(ErrorCode::NotFound,
                    fmt::format("dataset '{}' has no {} images", options.dataset, options.part));

    data::LoaderOptions loaderOptions;
    loaderOptions.batchSize = static_cast<int>(
        std::min<std::int64_t>(options.batchSize, std::int64_t(part.source->size())));
    loaderOptions.shuffle = false;
    loaderOptions.dropLast = false;
    loaderOptions.workers = options.workers;
    loaderOptions.numClasses = static_cast<int>(classNames.size());
    data::BatchLoader loader(part.source, data::SampleTransform({}, preprocessing, inputSize),
                             loaderOptions);

    DatasetEvaluationProgress progress;
    progress.batchesTotal = loader.batchesPerEpoch();
    Clock::time_point lastReport = Clock::now();
    auto onBatch = [&](const data::LoadedBatch& batch) {
        ++progress.batchesDone;
        progress.samplesDone += batch.size();
        for (const data::SkippedSample& skipped : batch.skipped)
            progress.skipped.push_back({skipped.path, skipped.reason});
        const Clock::time_point now = Clock::now();
        // Throttled at the source, but the last batch is always reported.
        if (onProgress && (now - lastReport >= kProgressInterval ||
                           progress.batchesDone == progress.batchesTotal)) {
            lastReport = now;
            onProgress(progress);
            progress.skipped.clear();
        }
    };
    result.pictures = DatasetPictures(part.source);
    result.report = evaluateModel(*model.impl().network, loader, 1, classNames, onBatch, stop,
                                  nullptr, &result.predictions, options.testTimeFlip);
    result.stopped = stop && stop->load() && progress.batchesDone < progress.batchesTotal;
    // Skipped files noted after the last report (a stop ends the pass between reports).
    if (onProgress && !progress.skipped.empty())
        onProgress(progress);
    return result;
}

DatasetPictures::DatasetPictures(std::shared_ptr<const data::SampleSource> source)
    : m_source(std::move(source))
{
}

std::size_t DatasetPictures::size() const
{
    return m_source ? m_source->size() : 0;
}

Image DatasetPictures::picture(std::size_t index) const
{
    if (index >= size())
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("picture {} of a part of {}", index, size()));
    return data::imageFromMat(m_source->loadRgb(index));
}

std::string DatasetPictures::describe(std::size_t index) const
{
    if (index >= size())
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("picture {} of a part of {}", index, size()));
    return m_source->describe(index);
}

} // namespace fovea
