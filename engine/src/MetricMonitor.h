#pragma once

#include "TrainingCheckpoint.h"
#include "fovea/TrainingObserver.h"

#include <fmt/format.h>

#include <cstdint>
#include <limits>
#include <string>

namespace fovea {

/// Follows one metric of the epoch summaries (val_loss, val_accuracy, train_loss,
/// train_accuracy): the best value so far, its epoch, and how many epochs have passed without an
/// improvement larger than `minDelta`. Accuracies improve upwards, losses downwards. Drives early
/// stopping and the choice of the best checkpoint.
class MetricMonitor {
public:
    MetricMonitor(std::string metric, double minDelta)
        : m_metric(std::move(metric))
        , m_minDelta(minDelta)
        , m_maximise(m_metric.find("accuracy") != std::string::npos)
        , m_best(m_maximise ? -std::numeric_limits<double>::infinity()
                            : std::numeric_limits<double>::infinity())
    {
    }

    /// The metric's value in `summary`.
    double valueOf(const EpochSummary& summary) const
    {
        if (m_metric == "val_accuracy")
            return summary.validationAccuracy;
        if (m_metric == "train_loss")
            return summary.trainLoss;
        if (m_metric == "train_accuracy")
            return summary.trainAccuracy;
        return summary.validationLoss;
    }

    /// Takes an epoch's summary; true when it is a new best.
    bool update(const EpochSummary& summary)
    {
        const double value = valueOf(summary);
        const bool better = m_maximise ? value > m_best + m_minDelta : value < m_best - m_minDelta;
        if (better) {
            m_best = value;
            m_bestEpoch = summary.epoch;
            m_epochsWithoutImprovement = 0;
        } else {
            ++m_epochsWithoutImprovement;
        }
        return better;
    }

    const std::string& metric() const { return m_metric; }
    /// True for the val_ metrics, which an epoch without validation does not have.
    bool watchesValidation() const { return m_metric.rfind("val_", 0) == 0; }
    double best() const { return m_best; }
    std::int64_t bestEpoch() const { return m_bestEpoch; }
    int epochsWithoutImprovement() const { return m_epochsWithoutImprovement; }

    /// What early stopping says when this metric ends a run after `epoch`.
    std::string stallMessage(int epoch) const
    {
        return fmt::format("early stopping after epoch {}: {} has not improved for {} epochs "
                           "(best {:.4f} in epoch {})",
                           epoch, m_metric, m_epochsWithoutImprovement, m_best, m_bestEpoch);
    }

    /// The state update() builds up, into a checkpoint's `progress` and back (resuming).
    void saveTo(TrainingProgress& progress) const
    {
        progress.bestMetric = m_best;
        progress.bestEpoch = m_bestEpoch;
        progress.epochsWithoutImprovement = m_epochsWithoutImprovement;
    }
    void restore(const TrainingProgress& progress)
    {
        m_best = progress.bestMetric;
        m_bestEpoch = progress.bestEpoch;
        m_epochsWithoutImprovement = progress.epochsWithoutImprovement;
    }

private:
    std::string m_metric;
    double m_minDelta;
    bool m_maximise;
    double m_best;
    std::int64_t m_bestEpoch = 0;
    int m_epochsWithoutImprovement = 0;
};

} // namespace fovea
