#pragma once

#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace c10d {
class Reducer;
}

namespace fovea {

class DataParallelGroup;

/// Averages gradients over the ranks of a DataParallelGroup with c10d::Reducer — the engine of
/// Python's DistributedDataParallel: gradients are packed into buckets (the first 1 MiB, then
/// `bucketBytes` each, re-ordered after the first step to the order backward produces them),
/// and each bucket's all-reduce starts as soon as its last gradient is ready, so communication
/// overlaps the rest of the backward pass. The averaged gradients are in every parameter's
/// .grad when backward() returns.
///
/// Per step: beforeForward(), the forward pass, then expectBackward() before the backward pass
/// whose gradients are to be shared. A backward pass without expectBackward() stays local (as
/// DDP's no_sync): gradient accumulation shares only the last micro-batch's backward, which
/// carries the accumulated sums. Every parameter given must receive a gradient in a shared
/// backward (frozen ones must be left out: build a new synchroniser when they thaw).
class GradientSynchroniser {
public:
    GradientSynchroniser(DataParallelGroup& group, const std::vector<torch::Tensor>& parameters,
                         std::int64_t bucketBytes);
    ~GradientSynchroniser();
    GradientSynchroniser(const GradientSynchroniser&) = delete;
    GradientSynchroniser& operator=(const GradientSynchroniser&) = delete;

    void beforeForward();
    void expectBackward();

private:
    DataParallelGroup& m_group;
    std::unique_ptr<c10d::Reducer> m_reducer;
};

} // namespace fovea
