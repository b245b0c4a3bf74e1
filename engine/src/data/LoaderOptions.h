#pragma once

#include <cstdint>

namespace fovea::data {

/// How a BatchLoader cuts, orders and prefetches an epoch.
struct LoaderOptions {
    int batchSize = 32;
    /// A new permutation every epoch, a function of (seed, epoch) only; off: dataset order.
    bool shuffle = true;
    /// Leave out the last batch of an epoch when it would be short.
    bool dropLast = false;
    /// Decode/augment threads; 0 (or more than there are): every core this process may use. They
    /// run in their own TBB arena, so they never take torch's intra-op threads (which do the
    /// math meanwhile).
    int workers = 0;
    /// Finished batches kept ready ahead of the consumer (at least 1). The loader holds at most
    /// (prefetchBatches + in-flight batches) × batchSize × 3 × S² × 4 bytes of batch memory,
    /// S the input size; BatchLoader::memoryBoundBytes() says how much.
    int prefetchBatches = 2;
    std::uint64_t seed = 0;
    /// Data-parallel sharding, as torch.utils.data.DistributedSampler: every rank reads
    /// ceil(size / worldSize) samples of the same shuffled order (rank, rank + worldSize, …),
    /// the order padded by wrapping around so the counts are equal and the ranks' batches stay
    /// in step.
    int rank = 0;
    int worldSize = 1;
    /// Off: no padding — the shards are disjoint and together hold every sample once, their
    /// sizes differing by at most one (for evaluation, where ranks need not stay in step).
    bool padShards = true;
    /// Width of the soft targets; required (> 0) when the augmentation has batch-level steps.
    int numClasses = 0;

    /// Throws Error(InvalidArgument) naming the option and its allowed range.
    void validate() const;
};

} // namespace fovea::data
