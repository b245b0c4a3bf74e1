#pragma once

#include "fovea/RunDirectory.h"
#include "fovea/TrainingObserver.h"

#include <fmt/format.h>

#include <optional>
#include <string>
#include <vector>

namespace fovea {

/// Passes every event on and copies the messages into the run directory's log.txt.
class RunLogObserver : public TrainingObserver {
public:
    RunLogObserver(TrainingObserver& next, std::optional<RunDirectory>& directory)
        : m_next(next)
        , m_directory(directory)
    {
    }
    void onRunStarted(const RunStarted& started) override
    {
        writePending();
        m_next.onRunStarted(started);
    }
    void onBatch(const BatchProgress& progress) override { m_next.onBatch(progress); }
    void onValidation(const ValidationProgress& progress) override
    {
        m_next.onValidation(progress);
    }
    void onEpoch(const EpochSummary& summary) override
    {
        if (m_directory && summary.validated)
            m_directory->appendLog(fmt::format(
                "epoch {}: train loss {:.4f} acc {:.4f}, val loss {:.4f} acc {:.4f} top-5 {:.4f}",
                summary.epoch, summary.trainLoss, summary.trainAccuracy, summary.validationLoss,
                summary.validationAccuracy, summary.validationTop5));
        else if (m_directory)
            m_directory->appendLog(
                fmt::format("epoch {}: train loss {:.4f} acc {:.4f} (not validated)", summary.epoch,
                            summary.trainLoss, summary.trainAccuracy));
        m_next.onEpoch(summary);
    }
    void onMessage(const std::string& message) override
    {
        // Messages before the directory exists (loading the data, files left out) are kept
        // for it.
        if (m_directory) {
            writePending();
            m_directory->appendLog(message);
        } else {
            m_pending.push_back(message);
        }
        m_next.onMessage(message);
    }

private:
    void writePending()
    {
        if (!m_directory)
            return;
        for (const std::string& message : m_pending)
            m_directory->appendLog(message);
        m_pending.clear();
    }

    TrainingObserver& m_next;
    std::optional<RunDirectory>& m_directory;
    std::vector<std::string> m_pending;
};

} // namespace fovea
