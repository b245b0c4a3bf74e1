#pragma once

#include <CLI/CLI.hpp>

#include <atomic>
#include <string>

namespace fovea {

/// `fovea-cli eval`: a model file against a labelled dataset, with the model's own
/// preprocessing — top-1/top-5, loss and a per-class table on stdout, the report files
/// (evaluation.json, evaluation-classes.csv, evaluation-confusion.csv) in --out.
class EvalCommand {
public:
    /// Adds the subcommand and its flags to `app`, which must outlive this object.
    explicit EvalCommand(CLI::App& app);
    EvalCommand(const EvalCommand&) = delete;
    EvalCommand& operator=(const EvalCommand&) = delete;

    bool parsed() const { return m_command->parsed(); }
    /// Evaluates and writes the report; 0 when done, `stoppedExitCode` when `stop` ended it
    /// early (nothing is written then: a partial report would pass for a whole one). Throws
    /// fovea::Error for bad input.
    int run(const std::atomic<bool>& stop, int stoppedExitCode) const;

private:
    CLI::App* m_command = nullptr;
    std::string m_modelFile;
    std::string m_dataset;
    std::string m_part = "val";
    std::string m_output = ".";
    int m_workers = 0;
    int m_batchSize = 64;
    double m_validationFraction = 0.1;
    std::uint64_t m_seed = 0;
    bool m_testTimeFlip = false;
    bool m_noTestTimeFlip = false;
};

} // namespace fovea
