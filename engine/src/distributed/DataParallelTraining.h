#pragma once

#include "DataParallelGroup.h"
#include "GradientSynchroniser.h"
#include "models/ClassifierNet.h"

#include <torch/types.h>

#include <memory>
#include <string>
#include <vector>

namespace fovea {

struct DistributedLaunch;
struct TrainingConfig;
struct TrainingProgress;

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

    /// Once, first of all collectives: throws Error(InvalidArgument) on every rank when any
    /// rank's settings or dataset differ from rank 0's (see rankSettings()); the rank that
    /// differs names the setting and both values.
    void requireSameSettings(const std::string& settings);
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
    /// The epoch's loss sum, correct and seen counts over all ranks.
    void sumEpochTotals(double& lossSum, std::int64_t& correct, std::int64_t& seen);
    /// The losses since the last logged step, over all ranks; a rank that writes no row
    /// (`keep` false) starts again from zero.
    void sumStepLosses(double& lossSum, int& count, bool keep);
    /// The running sums of a checkpoint taken mid-epoch, over all ranks (rank 0 saves them).
    void sumRunningTotals(TrainingProgress& progress);
    /// On ranks other than 0 after loading a checkpoint: its running sums are already the
    /// totals over all ranks, counted on rank 0.
    static void forgetRunningTotals(TrainingProgress& progress);
    /// Throws Error(InvalidArgument) for settings a run of several processes cannot honour
    /// (nanPolicy "rollback": the ranks would have to agree on a checkpoint).
    static void requireSupported(const TrainingConfig& config, const DistributedLaunch& launch);

private:
    std::vector<torch::Tensor> trainableParameters() const;

    ClassifierNet& m_model;
    DataParallelGroup m_group;
    std::int64_t m_bucketBytes;
    std::unique_ptr<GradientSynchroniser> m_synchroniser;
    std::vector<torch::Tensor> m_buffers;
};

} // namespace fovea
