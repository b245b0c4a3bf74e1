#pragma once

#include "fovea/TrainingObserver.h"

#include <cstdio>

namespace fovea {

/// Prints training events: a redrawn progress bar on a terminal, plain lines otherwise (logs,
/// pipes, CI), so neither gets the other's noise.
class CliProgressPrinter : public TrainingObserver {
public:
    explicit CliProgressPrinter(std::FILE* out);

    void onRunStarted(const RunStarted& started) override;
    void onBatch(const BatchProgress& progress) override;
    void onEpoch(const EpochSummary& summary) override;
    /// On a terminal, the bar shows the validation pass; logs get the epoch's line after it.
    void onValidation(const ValidationProgress& progress) override;
    void onMessage(const std::string& message) override;

private:
    void endBarLine();

    std::FILE* m_out;
    bool m_isTerminal;
    bool m_barShown = false;
    int m_epochs = 0;
    int m_lastPlainPercent = -1;
};

} // namespace fovea
