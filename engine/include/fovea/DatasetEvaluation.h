#pragma once

#include "fovea/ArchitectureInfo.h"
#include "fovea/EvaluationReport.h"
#include "fovea/FolderDataset.h"
#include "fovea/Image.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace fovea {

class Model;
namespace data {
class SampleSource;
}

/// What the model said about one picture of the evaluated part.
struct SamplePrediction {
    std::int64_t index = 0;       ///< the picture's place in the part (DatasetPictures' index)
    int label = 0;                ///< its true class
    int predicted = 0;            ///< the most probable class
    float confidence = 0.0f;      ///< the probability of `predicted`
    float trueProbability = 0.0f; ///< the probability of `label`
    float loss = 0.0f;            ///< its cross-entropy, −log(trueProbability)
};

/// The pictures of an evaluated part, to show them beside their predictions. Cheap to copy
/// (shares the part); safe to use from any thread.
class DatasetPictures {
public:
    DatasetPictures() = default;
    explicit DatasetPictures(std::shared_ptr<const data::SampleSource> source);

    std::size_t size() const;
    /// The picture as stored (RGB8, its own size); errors as decoding the file.
    Image picture(std::size_t index) const;
    /// Where it comes from: a file path, or the IDX file and index.
    std::string describe(std::size_t index) const;

private:
    std::shared_ptr<const data::SampleSource> m_source;
};

/// Which labelled pictures to evaluate a model on, and how to load them.
struct DatasetEvaluationOptions {
    /// IDX folder, image folder (one folder per class, or train/ and val/ folders) or CSV/TSV
    /// list file: what TrainingConfig::dataset accepts.
    std::string dataset;
    /// "val" (an IDX set's test files, the val/ folder, or the split below) or "train".
    std::string part = "val";
    /// Fraction of each class split off as "val" when the dataset has no validation part, and
    /// the seed of that split: training's defaults, so the same pictures are held out.
    double validationFraction = 0.1;
    std::uint64_t seed = 0;
    int batchSize = 64;
    int workers = 0; ///< decode threads; 0: every core
    int threads = 0; ///< compute threads; 0: every core
    /// Also classify each picture mirrored left to right and average the two probability
    /// vectors (TrainingConfig::testTimeFlip); twice the compute.
    bool testTimeFlip = false;

    /// Throws Error(InvalidArgument) naming the first bad field.
    void validate() const;
};

/// Sent while evaluating, at most about 10 times a second (and after the last batch).
struct DatasetEvaluationProgress {
    std::int64_t batchesDone = 0;
    std::int64_t batchesTotal = 0;
    std::int64_t samplesDone = 0;
    /// Files that could not be decoded since the previous call; they are left out of the figures.
    std::vector<RejectedFile> skipped;
};

/// The outcome of evaluateDataset().
struct DatasetEvaluation {
    EvaluationReport report;
    std::string layout; ///< "IDX", "folder-per-class", "train-val-folders" or "list-file"
    /// Files the dataset scan left out (unreadable headers, not images …), with reasons.
    std::vector<RejectedFile> rejected;
    /// True when `stop` ended the pass early: the report then covers part of the set only.
    bool stopped = false;
    /// One per picture evaluated, in the part's order (files that could not be read left out).
    std::vector<SamplePrediction> predictions;
    DatasetPictures pictures;
};

/// Evaluates `model` on one part of a dataset, preprocessing every picture as `preprocessing`
/// (resolved: mode "dataset" carries its mean/std) at `inputSize` pixels with no augmentation —
/// the evaluation path training uses. `classNames` are the model's, in its output order; the
/// dataset's must be the same (Error(InvalidArgument) naming the classes only one side has, or
/// both orders when only the order differs). `onProgress` is called on the calling thread;
/// `stop` is polled while scanning and between batches.
/// Throws Error(NotFound) for a missing or empty dataset, Error(InvalidArgument) for bad options
/// or a dataset with no such part.
DatasetEvaluation
evaluateDataset(Model& model, const std::vector<std::string>& classNames,
                const Preprocessing& preprocessing, int inputSize,
                const DatasetEvaluationOptions& options,
                const std::function<void(const DatasetEvaluationProgress&)>& onProgress = {},
                const std::atomic<bool>* stop = nullptr);

} // namespace fovea
