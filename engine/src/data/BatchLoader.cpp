// The loader's threads: a driver thread per epoch runs a three-stage TBB pipeline inside the
// loader's own arena (so its thread count is ours and torch's intra-op pool is left alone):
//   1. in order: cut the next batch from the epoch's order and take a buffer from the pool;
//   2. in parallel: decode and transform each sample straight into its row (nested
//      parallel_for, so idle threads help with the batch in hand);
//   3. in order: close the gaps of skipped samples, run the batch-level steps, and queue the
//      batch, waiting while prefetchBatches are already queued.
// The pipeline's token count bounds the batches in flight; the queue bounds the finished ones.
#include "BatchLoader.h"

#include "augment/BatchMixing.h"
#include "augment/SampleRandom.h"

#include "fovea/Error.h"
#include "fovea/Threads.h"

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>
#include <tbb/task_scheduler_observer.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>

namespace fovea::data {

void LoaderOptions::validate() const
{
    const auto bad = [](const std::string& what) { throw Error(ErrorCode::InvalidArgument, what); };
    if (batchSize < 1)
        bad(fmt::format("loader batch size must be at least 1, not {}", batchSize));
    if (workers < 0)
        bad(fmt::format("loader workers must be 0 (all cores) or more, not {}", workers));
    if (prefetchBatches < 1)
        bad(fmt::format("loader prefetch must be at least 1 batch, not {}", prefetchBatches));
    if (worldSize < 1)
        bad(fmt::format("loader world size must be at least 1, not {}", worldSize));
    if (rank < 0 || rank >= worldSize)
        bad(fmt::format("loader rank must be in 0…{}, not {}", worldSize - 1, rank));
    if (numClasses < 0)
        bad(fmt::format("loader class count must not be negative, not {}", numClasses));
}

namespace {

/// Batches in flight at once (pipeline tokens): two, so threads that finish one batch's last
/// samples go on with the next instead of waiting; one with a single worker.
int inFlightBatches(int workers)
{
    return workers > 1 ? 2 : 1;
}

/// Reusable batch memory. A batch tensor is a view over one buffer whose deleter gives the buffer
/// back here, so a buffer is reused once the consumer drops the batch, and never while anyone
/// still reads it. A buffer is only allocated when none is free; at most `keep` idle ones stay.
class BatchBufferPool : public std::enable_shared_from_this<BatchBufferPool> {
public:
    BatchBufferPool(std::size_t floats, std::size_t keep)
        : m_bytes((floats * sizeof(float) + 63) / 64 * 64)
        , m_keep(keep)
    {
    }
    ~BatchBufferPool()
    {
        for (void* buffer : m_free)
            std::free(buffer);
    }

    torch::Tensor acquire(at::IntArrayRef sizes)
    {
        void* buffer = nullptr;
        {
            std::lock_guard lock(m_mutex);
            if (!m_free.empty()) {
                buffer = m_free.back();
                m_free.pop_back();
            }
        }
        if (!buffer) {
            // 64-byte aligned, as torch's own allocator does, for its vectorised kernels.
            buffer = std::aligned_alloc(64, m_bytes);
            if (!buffer)
                throw std::bad_alloc();
        }
        std::shared_ptr<BatchBufferPool> self = shared_from_this();
        return torch::from_blob(
            buffer, sizes, [self](void* data) { self->release(data); }, torch::kFloat32);
    }

private:
    void release(void* buffer)
    {
        {
            std::lock_guard lock(m_mutex);
            if (m_free.size() < m_keep) {
                m_free.push_back(buffer);
                return;
            }
        }
        std::free(buffer);
    }

    std::size_t m_bytes;
    std::size_t m_keep;
    std::mutex m_mutex;
    std::vector<void*> m_free;
};

/// One batch on its way through the pipeline.
struct BatchWork {
    std::int64_t batchIndex = 0;
    std::vector<std::int64_t> indices;
    torch::Tensor images;              ///< batchSize rows; the first indices.size() are used
    std::vector<char> loaded;          ///< per row
    std::vector<std::string> failures; ///< per row: the error of a row that did not load
};

/// One epoch's production: its order, its queue of finished batches, and its driver thread.
struct EpochRun {
    std::int64_t epoch = 0;
    std::int64_t firstBatch = 0; ///< batches before it are not produced (a resumed epoch)
    std::vector<std::int64_t> order;
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::condition_variable changed; ///< a batch queued or taken, the end, or the stop
    std::deque<LoadedBatch> ready;
    bool finished = false;
    std::exception_ptr error;
    std::thread driver;

    void requestStop()
    {
        {
            // Under the mutex, so a waiter cannot miss the change between test and sleep.
            std::lock_guard lock(mutex);
            stop = true;
        }
        changed.notify_all();
    }
};

} // namespace

struct BatchLoader::Impl {
    Impl(std::shared_ptr<const SampleSource> source_, SampleTransform transform_,
         LoaderOptions options_)
        : source(std::move(source_))
        , transform(std::move(transform_))
        , options(std::move(options_))
    {
        options.validate();
        if (!source)
            throw Error(ErrorCode::InvalidArgument, "the loader needs a sample source");
        batchLevel = transform.augmentation().hasBatchLevelSteps();
        if (batchLevel && options.numClasses < 1)
            throw Error(ErrorCode::InvalidArgument,
                        "the augmentation has batch-level steps (mixup, cutmix), so the loader "
                        "needs the number of classes for their soft targets");
        // TBB never runs more threads than the cores it may use (it would only warn and ignore
        // the rest), so a larger request is capped here, where workers() can say so.
        const int cores = std::max(1, std::min(availableCores(), tbb::info::default_concurrency()));
        workers = options.workers > 0 ? std::min(options.workers, cores) : cores;
        inFlight = inFlightBatches(workers);
        const std::int64_t side = transform.inputSize();
        sampleFloats = 3 * side * side;
        pool = std::make_shared<BatchBufferPool>(
            std::size_t(sampleFloats) * std::size_t(options.batchSize),
            std::size_t(inFlight + options.prefetchBatches + 1));
        arena.initialize(workers);
        if (runsInBackground())
            background = std::make_unique<BackgroundWorkers>(arena);
    }

    std::int64_t samplesPerEpoch() const
    {
        const auto n = static_cast<std::int64_t>(source->size());
        if (!options.padShards) // the samples rank, rank + worldSize, … below n
            return n > options.rank ? (n - options.rank + options.worldSize - 1) / options.worldSize
                                    : 0;
        return (n + options.worldSize - 1) / options.worldSize;
    }

    std::int64_t batchesPerEpoch() const
    {
        const std::int64_t samples = samplesPerEpoch();
        return options.dropLast ? samples / options.batchSize
                                : (samples + options.batchSize - 1) / options.batchSize;
    }

    void drive(EpochRun& run);
    void loadSample(const EpochRun& run, BatchWork& work, std::size_t row, float* base) const;
    void deliver(EpochRun& run, BatchWork& work) const;

    std::shared_ptr<const SampleSource> source;
    SampleTransform transform;
    LoaderOptions options;
    int workers = 1;
    int inFlight = 1;
    std::int64_t sampleFloats = 0;
    bool batchLevel = false;
    std::shared_ptr<BatchBufferPool> pool;
    tbb::task_arena arena;
    /// Lowers each TBB worker that joins the arena, when the loader was made on a thread that
    /// runs in the background (see runInBackground()). A worker keeps the lower priority when
    /// it leaves: TBB's workers serve only the engine's background work in such a process.
    class BackgroundWorkers : public tbb::task_scheduler_observer {
    public:
        explicit BackgroundWorkers(tbb::task_arena& observed)
            : tbb::task_scheduler_observer(observed)
        {
            observe(true);
        }
        ~BackgroundWorkers() override { observe(false); }
        void on_scheduler_entry(bool) override { lowerCallingThreadPriority(); }
    };
    std::unique_ptr<BackgroundWorkers> background; ///< after `arena`: destroyed before it

    mutable std::mutex runMutex; ///< guards `cancelled` and `run`
    bool cancelled = false;
    std::shared_ptr<EpochRun> run;
};

void BatchLoader::Impl::drive(EpochRun& run)
{
    const std::int64_t batches = batchesPerEpoch();
    const std::int64_t batchSize = options.batchSize;
    const std::int64_t side = transform.inputSize();
    std::int64_t nextBatch = run.firstBatch;
    try {
        arena.execute([&] {
            tbb::parallel_pipeline(
                static_cast<std::size_t>(inFlight),
                tbb::make_filter<void, std::shared_ptr<BatchWork>>(
                    tbb::filter_mode::serial_in_order,
                    [&](tbb::flow_control& control) -> std::shared_ptr<BatchWork> {
                        if (nextBatch >= batches || run.stop.load()) {
                            control.stop();
                            return nullptr;
                        }
                        auto work = std::make_shared<BatchWork>();
                        work->batchIndex = nextBatch++;
                        const auto begin = std::size_t(work->batchIndex * batchSize);
                        const auto end = std::min(begin + std::size_t(batchSize), run.order.size());
                        work->indices.assign(run.order.begin() + std::ptrdiff_t(begin),
                                             run.order.begin() + std::ptrdiff_t(end));
                        work->loaded.assign(work->indices.size(), 0);
                        work->failures.resize(work->indices.size());
                        work->images = pool->acquire({batchSize, 3, side, side});
                        return work;
                    }) &
                    tbb::make_filter<std::shared_ptr<BatchWork>, std::shared_ptr<BatchWork>>(
                        tbb::filter_mode::parallel,
                        [&](std::shared_ptr<BatchWork> work) {
                            float* base = work->images.data_ptr<float>();
                            tbb::parallel_for(
                                tbb::blocked_range<std::size_t>(0, work->indices.size(), 1),
                                [&](const tbb::blocked_range<std::size_t>& rows) {
                                    for (std::size_t row = rows.begin(); row != rows.end(); ++row) {
                                        // Checked before every sample: a stop is obeyed within
                                        // the one sample each thread has in hand.
                                        if (run.stop.load(std::memory_order_relaxed))
                                            return;
                                        loadSample(run, *work, row, base);
                                    }
                                },
                                tbb::simple_partitioner());
                            return work;
                        }) &
                    tbb::make_filter<std::shared_ptr<BatchWork>, void>(
                        tbb::filter_mode::serial_in_order,
                        [&](std::shared_ptr<BatchWork> work) { deliver(run, *work); }));
        });
    } catch (...) {
        std::lock_guard lock(run.mutex);
        run.error = std::current_exception();
    }
    {
        std::lock_guard lock(run.mutex);
        run.finished = true;
    }
    run.changed.notify_all();
}

void BatchLoader::Impl::loadSample(const EpochRun& run, BatchWork& work, std::size_t row,
                                   float* base) const
{
    const std::int64_t index = work.indices[row];
    try {
        const cv::Mat rgb = source->loadRgb(std::size_t(index));
        transform.apply(rgb, SampleKey{options.seed, run.epoch, index},
                        base + std::int64_t(row) * sampleFloats);
        work.loaded[row] = 1;
    } catch (const Error& error) {
        // A bad file costs its sample, not the epoch; anything else is a bug and stops the run.
        work.failures[row] = error.what();
    }
}

void BatchLoader::Impl::deliver(EpochRun& run, BatchWork& work) const
{
    // A stopped run may have left rows undone: nothing of it is delivered.
    if (run.stop.load())
        return;
    LoadedBatch batch;
    batch.epoch = run.epoch;
    batch.batchIndex = work.batchIndex;
    float* base = work.images.data_ptr<float>();
    const std::size_t rowBytes = std::size_t(sampleFloats) * sizeof(float);
    std::int64_t kept = 0;
    for (std::size_t row = 0; row < work.indices.size(); ++row) {
        const std::int64_t index = work.indices[row];
        if (!work.loaded[row]) {
            batch.skipped.push_back(
                {index, source->describe(std::size_t(index)), std::move(work.failures[row])});
            continue;
        }
        // Close the gaps, keeping the order: a short batch, never a row of garbage.
        if (std::size_t(kept) != row)
            std::memmove(base + kept * sampleFloats, base + std::int64_t(row) * sampleFloats,
                         rowBytes);
        batch.indices.push_back(index);
        ++kept;
    }
    batch.images =
        kept == options.batchSize ? std::move(work.images) : work.images.narrow(0, 0, kept);
    work.images = torch::Tensor();
    batch.labels = torch::empty({kept}, torch::kInt64);
    auto* labels = batch.labels.data_ptr<std::int64_t>();
    for (std::int64_t i = 0; i < kept; ++i)
        labels[i] = source->label(std::size_t(batch.indices[std::size_t(i)]));
    if (batchLevel) {
        // Each rank draws its own mixing: the batch's place in the global order is the key.
        const std::int64_t globalBatch = batch.batchIndex * options.worldSize + options.rank;
        batch.targets =
            kept > 0 ? applyBatchAugmentations(transform.augmentation(), batch.images, batch.labels,
                                               options.numClasses,
                                               SampleKey{options.seed, run.epoch, globalBatch})
                     : torch::zeros({0, options.numClasses}, torch::kFloat32);
    }

    std::unique_lock lock(run.mutex);
    run.changed.wait(lock, [&] {
        return run.stop.load() || run.ready.size() < std::size_t(options.prefetchBatches);
    });
    if (run.stop.load())
        return;
    run.ready.push_back(std::move(batch));
    lock.unlock();
    run.changed.notify_all();
}

BatchLoader::BatchLoader(std::shared_ptr<const SampleSource> source, SampleTransform transform,
                         LoaderOptions options)
    : m_impl(std::make_unique<Impl>(std::move(source), std::move(transform), std::move(options)))
{
}

BatchLoader::~BatchLoader()
{
    cancel();
    std::shared_ptr<EpochRun> run;
    {
        std::lock_guard lock(m_impl->runMutex);
        run = m_impl->run;
    }
    if (run && run->driver.joinable())
        run->driver.join();
}

std::int64_t BatchLoader::samplesPerEpoch() const
{
    return m_impl->samplesPerEpoch();
}

std::int64_t BatchLoader::batchesPerEpoch() const
{
    return m_impl->batchesPerEpoch();
}

int BatchLoader::workers() const
{
    return m_impl->workers;
}

std::uint64_t BatchLoader::memoryBoundBytes() const
{
    return std::uint64_t(m_impl->options.prefetchBatches + m_impl->inFlight) *
           std::uint64_t(m_impl->options.batchSize) * std::uint64_t(m_impl->sampleFloats) *
           sizeof(float);
}

std::vector<std::int64_t> BatchLoader::epochOrder(std::int64_t epoch) const
{
    return epochOrder(m_impl->source->size(), m_impl->options, epoch);
}

std::vector<std::int64_t> BatchLoader::epochOrder(std::size_t datasetSize,
                                                  const LoaderOptions& options, std::int64_t epoch)
{
    options.validate();
    std::vector<std::int64_t> order(datasetSize);
    for (std::size_t i = 0; i < datasetSize; ++i)
        order[i] = std::int64_t(i);
    if (options.shuffle && datasetSize > 1) {
        // Fisher–Yates on the engine's portable generator: the same permutation with every
        // standard library. Index and step −1 keep this stream apart from every sample's draws.
        SampleRandom random(options.seed, epoch, -1, -1);
        for (std::size_t i = datasetSize - 1; i > 0; --i)
            std::swap(order[i], order[std::size_t(random.uniformInt(0, std::int64_t(i)))]);
    }
    if (options.worldSize == 1 || datasetSize == 0)
        return order;
    // DistributedSampler: pad by wrapping to a multiple of the world size, then take every
    // worldSize-th sample from the rank on. Unpadded, the shards together are the set exactly.
    const std::size_t world = std::size_t(options.worldSize);
    const std::size_t rank = std::size_t(options.rank);
    const std::size_t perRank = (datasetSize + world - 1) / world;
    std::vector<std::int64_t> shard;
    shard.reserve(perRank);
    for (std::size_t k = 0; k < perRank; ++k) {
        const std::size_t position = k * world + rank;
        if (!options.padShards && position >= datasetSize)
            break;
        shard.push_back(order[position % datasetSize]);
    }
    return shard;
}

void BatchLoader::startEpoch(std::int64_t epoch, std::int64_t firstBatch)
{
    std::shared_ptr<EpochRun> old;
    {
        std::lock_guard lock(m_impl->runMutex);
        if (m_impl->cancelled)
            return;
        old = std::move(m_impl->run);
    }
    if (old) {
        old->requestStop();
        if (old->driver.joinable())
            old->driver.join();
    }
    auto fresh = std::make_shared<EpochRun>();
    fresh->epoch = epoch;
    fresh->firstBatch = std::max<std::int64_t>(0, firstBatch);
    fresh->order = epochOrder(epoch);
    std::lock_guard lock(m_impl->runMutex);
    if (m_impl->cancelled)
        return;
    m_impl->run = fresh;
    // The thread gets a plain pointer: the run outlives it, since it is joined before the run
    // is dropped (here on the next startEpoch, or in the destructor).
    fresh->driver = std::thread([impl = m_impl.get(), run = fresh.get()] { impl->drive(*run); });
}

std::optional<LoadedBatch> BatchLoader::next()
{
    std::shared_ptr<EpochRun> run;
    {
        std::lock_guard lock(m_impl->runMutex);
        run = m_impl->run;
    }
    if (!run)
        return std::nullopt;
    std::unique_lock lock(run->mutex);
    run->changed.wait(lock,
                      [&] { return run->stop.load() || !run->ready.empty() || run->finished; });
    if (run->stop.load())
        return std::nullopt;
    if (!run->ready.empty()) {
        LoadedBatch batch = std::move(run->ready.front());
        run->ready.pop_front();
        lock.unlock();
        run->changed.notify_all(); // room for the next one
        return batch;
    }
    if (run->error) {
        std::exception_ptr error = std::exchange(run->error, nullptr);
        std::rethrow_exception(error);
    }
    return std::nullopt;
}

void BatchLoader::cancel()
{
    std::shared_ptr<EpochRun> run;
    {
        std::lock_guard lock(m_impl->runMutex);
        m_impl->cancelled = true;
        run = m_impl->run;
    }
    if (run)
        run->requestStop();
}

bool BatchLoader::cancelled() const
{
    std::lock_guard lock(m_impl->runMutex);
    return m_impl->cancelled;
}

} // namespace fovea::data
