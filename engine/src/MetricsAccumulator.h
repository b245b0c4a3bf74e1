#pragma once

#include "fovea/EvaluationReport.h"

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace fovea {

class DataParallelGroup;

/// Sums what a classification pass needs batch by batch — the confusion matrix, top-k hits and
/// the loss — with tensor operations only, and turns the sums into an EvaluationReport.
/// The counts stay on the logits' device until report(), so add() never waits for the device.
class MetricsAccumulator {
public:
    /// Throws Error(InvalidArgument) unless `numClasses` is positive.
    explicit MetricsAccumulator(std::int64_t numClasses);

    /// Adds one batch: `logits` N × numClasses (any floating type), `labels` N class indices
    /// (int64), `lossSum` the batch's loss summed over its samples. N may be 0. Throws
    /// Error(InvalidArgument) for shapes that do not fit or a label outside [0, numClasses).
    void add(const torch::Tensor& logits, const torch::Tensor& labels, double lossSum);

    std::int64_t numClasses() const { return m_numClasses; }
    std::int64_t samples() const { return m_samples; }
    int topK() const { return m_topK; }

    /// Makes every rank's counts the sum over all ranks of `group` (each evaluated its own
    /// shard), so report() gives the figures of the whole set on every rank.
    void sumAcrossRanks(DataParallelGroup& group);

    /// The figures so far; `classNames` must hold numClasses names (Error(InvalidArgument)
    /// otherwise). With no samples, loss is NaN and every rate 0.
    EvaluationReport report(const std::vector<std::string>& classNames) const;

private:
    std::int64_t m_numClasses;
    int m_topK;
    std::int64_t m_samples = 0;
    double m_lossSum = 0.0;
    torch::Tensor m_confusion; ///< numClasses² int64, [true][predicted]; undefined before add()
    torch::Tensor m_topKHits;  ///< int64 scalar; undefined before add()
};

} // namespace fovea
