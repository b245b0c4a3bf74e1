#pragma once

#include "DataParallelGroup.h"
#include "GradientSynchroniser.h"
#include "models/ClassifierNet.h"

#include <torch/types.h>

#include <memory>
#include <vector>

namespace fovea {

struct DistributedLaunch;
struct TrainingConfig;

/// What the training loop does differently as one rank of a data-parallel run: it starts from
/// rank 0's weights, keeps rank 0's batch-norm statistics (as DistributedDataParallel's
/// broadcast_buffers), averages gradients with a GradientSynchroniser, and agrees with the other
/// ranks on stopping and on the figures it reports. Every method that communicates must be
/// called by all ranks at the same point of the loop.
class DataParallelTraining {
public:
    DataParallelTraining(const DistributedLaunch& launch, const TrainingConfig& config,
                         const torch::Device& device, ClassifierNet& model);

    DataParallelGroup& group() { return m_group; }
    int rank() const { return m_group.rank(); }
    int worldSize() const { return m_group.worldSize(); }

    /// Once, before the first step: every rank takes rank 0's parameters and buffers (weights
    /// imported on rank 0 alone would otherwise diverge).
    void startFromMain();
    /// Frozen stages thawed: their parameters now need gradients averaged too.
    void parametersChanged();

    /// True on every rank when any rank asked to stop (so all stop at the same step).
    bool agreeToStop(bool requestedHere);
    /// Before each optimiser step: rank 0's batch-norm running statistics to all.
    void beforeStep();
    /// Before the forward pass whose backward averages the step's gradients (the last
    /// micro-batch of an accumulated step); other backward passes stay local.
    void beforeSharedForward();
    void afterSharedForward();
    /// loss.backward(), a communication failure turned into Error(Communication).
    void backward(const torch::Tensor& loss);
    /// This rank has no usable samples for the shared backward (skipped files): it still takes
    /// part, adding zero gradients, so the others are not left waiting.
    void shareZeroGradients();
    /// Sums each value over the ranks, in place.
    void sum(std::vector<double*> values);

private:
    std::vector<torch::Tensor> trainableParameters() const;

    ClassifierNet& m_model;
    DataParallelGroup m_group;
    std::int64_t m_bucketBytes;
    std::unique_ptr<GradientSynchroniser> m_synchroniser;
    std::vector<torch::Tensor> m_buffers;
};

} // namespace fovea
