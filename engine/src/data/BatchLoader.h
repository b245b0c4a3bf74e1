#pragma once

#include "LoaderOptions.h"
#include "SampleSource.h"
#include "SampleTransform.h"

#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fovea::data {

/// A sample the loader left out of its batch, and why.
struct SkippedSample {
    std::int64_t index = 0; ///< in the dataset
    std::string path;       ///< SampleSource::describe(index)
    std::string reason;     ///< the Error's message (it names the file too)
};

/// One batch, in the epoch's order.
struct LoadedBatch {
    std::int64_t epoch = 0;
    std::int64_t batchIndex = 0; ///< 0 … batchesPerEpoch() − 1
    torch::Tensor images;        ///< N × 3 × S × S float, normalised network input
    torch::Tensor labels;        ///< N int64
    /// N × numClasses float soft targets when the augmentation has batch-level steps (mixup,
    /// cutmix); undefined otherwise (use `labels`).
    torch::Tensor targets;
    std::vector<std::int64_t> indices; ///< the N samples' dataset indices
    /// Samples of this batch that failed to load: N is then smaller than the batch size (N may
    /// even be 0), and the rows hold only the samples that loaded, in order.
    std::vector<SkippedSample> skipped;

    std::int64_t size() const { return static_cast<std::int64_t>(indices.size()); }
};

/// Feeds training and evaluation: decodes, augments and normalises samples on its own pool of
/// threads straight into reusable batch tensors, and hands finished batches out in order.
///
/// Determinism: sample i of epoch e is drawn with SampleKey{seed, e, i} and lands in a fixed
/// row, and batch-level steps run in batch order, so every batch is bit-identical whatever the
/// worker count or the threads' timing.
///
/// Threads: startEpoch() and next() are called from one (consumer) thread; cancel() from any.
/// Memory: at most memoryBoundBytes() of batch tensors are held by the loader; batches the
/// consumer keeps are its own (their memory returns to the pool when their last tensor goes).
class BatchLoader {
public:
    /// Throws Error(InvalidArgument) for bad options (see LoaderOptions::validate) or when the
    /// augmentation has batch-level steps and options.numClasses is not positive.
    BatchLoader(std::shared_ptr<const SampleSource> source, SampleTransform transform,
                LoaderOptions options);
    /// Cancels and joins the workers.
    ~BatchLoader();
    BatchLoader(const BatchLoader&) = delete;
    BatchLoader& operator=(const BatchLoader&) = delete;

    /// This rank's samples per epoch (padded as DistributedSampler pads).
    std::int64_t samplesPerEpoch() const;
    std::int64_t batchesPerEpoch() const;
    /// The worker threads actually used: options.workers, 0 resolved to the core count, and
    /// capped at the cores (TBB starts no more threads than that).
    int workers() const;
    /// (prefetchBatches + in-flight batches) × batchSize × 3 × S² × 4.
    std::uint64_t memoryBoundBytes() const;

    /// The dataset indices this rank reads in `epoch`, in order, before batching.
    std::vector<std::int64_t> epochOrder(std::int64_t epoch) const;
    /// The same for any dataset size and options (no loader needed).
    static std::vector<std::int64_t> epochOrder(std::size_t datasetSize,
                                                const LoaderOptions& options, std::int64_t epoch);

    /// Starts producing `epoch`'s batches in the background, from batch `firstBatch` on (a
    /// resumed epoch: the batches before it are never decoded, the later ones are exactly those
    /// of an uninterrupted epoch); an epoch still running is abandoned. After cancel() this does
    /// nothing (next() keeps returning nullopt).
    void startEpoch(std::int64_t epoch, std::int64_t firstBatch = 0);

    /// The next batch, blocking until it is ready; nullopt at the end of the epoch, before any
    /// startEpoch(), and once cancel() was called. An unexpected failure in a worker (a bug,
    /// not a bad file) is rethrown here after the batches before it.
    std::optional<LoadedBatch> next();

    /// Stops for good, promptly: a next() blocked on another thread returns nullopt at once, and
    /// each worker finishes at most the sample it is on. Thread-safe, idempotent.
    void cancel();
    bool cancelled() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace fovea::data
