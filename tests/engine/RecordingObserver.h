// A TrainingObserver that records every event, for the trainer tests.
#pragma once

#include "fovea/TrainingObserver.h"

#include <atomic>
#include <string>
#include <vector>

namespace fovea::testing {

/// Records every event; optionally sets the stop token from inside a callback.
class RecordingObserver : public fovea::TrainingObserver {
public:
    explicit RecordingObserver(std::atomic<bool>* stop = nullptr)
        : m_stop(stop)
    {
    }

    void onRunStarted(const fovea::RunStarted& started) override
    {
        runStarted.push_back(started);
        if (m_stop && stopOnRunStarted)
            m_stop->store(true);
    }
    void onBatch(const fovea::BatchProgress& progress) override
    {
        batches.push_back(progress);
        if (m_stop && stopAtStep > 0 && progress.step == stopAtStep)
            m_stop->store(true);
    }
    void onEpoch(const fovea::EpochSummary& summary) override { epochs.push_back(summary); }
    void onMessage(const std::string& message) override { messages.push_back(message); }

    std::int64_t stopAtStep = 0; ///< set the stop token in onBatch of this (1-based) step
    bool stopOnRunStarted = false;
    std::vector<fovea::RunStarted> runStarted;
    std::vector<fovea::BatchProgress> batches;
    std::vector<fovea::EpochSummary> epochs;
    std::vector<std::string> messages;

private:
    std::atomic<bool>* m_stop;
};

} // namespace fovea::testing
