#pragma once

#include "TrainFlags.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <string>

namespace fovea {

/// `fovea-cli lr-find`: the learning-rate range test on the model and data `train` would use
/// with the same flags — prints the suggested rate and the rate of the lowest loss, and writes
/// the curve (lr,loss,raw_loss) to a CSV file when asked.
class LrFindCommand {
public:
    /// Adds the subcommand and its flags (train's, plus the range test's) to `app`, which must
    /// outlive this object.
    explicit LrFindCommand(CLI::App& app);
    LrFindCommand(const LrFindCommand&) = delete;
    LrFindCommand& operator=(const LrFindCommand&) = delete;

    bool parsed() const { return m_command->parsed(); }
    /// Runs the test; 0 when done, 2 when no dataset was given, `stoppedExitCode` when `stop`
    /// ended it early (nothing is written then: a cut-short curve has no meaningful suggestion).
    /// Throws fovea::Error for a bad config or dataset.
    int run(const std::atomic<bool>& stop, int stoppedExitCode) const;

private:
    CLI::App* m_command = nullptr;
    TrainFlags m_trainFlags; ///< after m_command: registers on it
    double m_startLr = 1e-7;
    double m_endLr = 10.0;
    int m_steps = 100;
    double m_smoothing = 0.98;
    double m_divergeFactor = 4.0;
    std::string m_output;
    bool m_plot = false;
};

} // namespace fovea
