#include "GradientSynchroniser.h"

#include "DataParallelGroup.h"

// Needs the include path of autograd-context-shim/ (see the note in its context.h).
#include <torch/csrc/distributed/c10d/reducer.hpp>

#include <algorithm>
#include <limits>

namespace fovea {

GradientSynchroniser::GradientSynchroniser(DataParallelGroup& group,
                                           const std::vector<torch::Tensor>& parameters,
                                           std::int64_t bucketBytes)
    : m_group(group)
{
    try {
        // As DistributedDataParallel._ddp_init_helper with find_unused_parameters=False: one
        // bucket for the first step (the definition order is not the backward order), reversed
        // so the last layers come first; the reducer rebuilds the buckets from the order it
        // sees in that step.
        const std::vector<bool> sparse(parameters.size(), false);
        auto [buckets, limits] = c10d::compute_bucket_assignment_by_size(
            parameters, {std::numeric_limits<std::size_t>::max()}, sparse);
        std::reverse(buckets.begin(), buckets.end());
        std::reverse(limits.begin(), limits.end());
        m_reducer = std::make_unique<c10d::Reducer>(
            parameters, std::move(buckets), std::move(limits), group.processGroup(), sparse,
            bucketBytes, /*find_unused_parameters=*/false, /*gradient_as_bucket_view=*/false,
            std::unordered_map<std::size_t, std::string>{}, c10d::kDefaultFirstBucketBytes);
    } catch (const std::exception& error) {
        group.fail(error, "setting up gradient buckets");
    }
}

GradientSynchroniser::~GradientSynchroniser() = default;

void GradientSynchroniser::beforeForward()
{
    try {
        // A no-op after the first step; the rebuild itself agrees on the order with rank 0.
        m_reducer->rebuild_buckets();
        m_reducer->prepare_for_forward();
    } catch (const std::exception& error) {
        m_group.fail(error, "agreeing on gradient buckets");
    }
}

void GradientSynchroniser::expectBackward()
{
    m_reducer->prepare_for_backward({});
}

} // namespace fovea
