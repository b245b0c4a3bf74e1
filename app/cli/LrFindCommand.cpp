#include "LrFindCommand.h"

#include "NumberValidators.h"
#include "OutputPath.h"

#include "fovea/AtomicFile.h"
#include "fovea/Error.h"
#include "fovea/LearningRateFinder.h"
#include "fovea/TrainingConfig.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace fovea {
namespace {

std::string curveCsv(const LrFindResult& result)
{
    std::string csv = "lr,loss,raw_loss\n";
    for (std::size_t i = 0; i < result.learningRates.size(); ++i)
        csv += fmt::format("{:.17g},{:.17g},{:.17g}\n", result.learningRates[i], result.losses[i],
                           result.rawLosses[i]);
    return csv;
}

/// The smoothed loss against log(lr) in a few lines of text, with the suggestion marked: enough
/// to see the valley and the blow-up in a terminal without a plotting tool.
void printPlot(const LrFindResult& result)
{
    constexpr int kRows = 12;
    constexpr int kColumns = 60;
    const std::size_t n = result.losses.size();
    if (n < 2)
        return;
    // The diverging tail would flatten the interesting part: cap the scale at twice the start.
    const double low = *std::min_element(result.losses.begin(), result.losses.end());
    const double high = std::min(*std::max_element(result.losses.begin(), result.losses.end()),
                                 low + 2.0 * std::max(result.losses.front() - low, 1e-12));
    const double logFirst = std::log(result.learningRates.front());
    const double logSpan = std::log(result.learningRates.back()) - logFirst;
    std::vector<std::string> grid(kRows, std::string(kColumns, ' '));
    auto column = [&](double lr) {
        return std::clamp(int(std::lround((std::log(lr) - logFirst) / logSpan * (kColumns - 1))), 0,
                          kColumns - 1);
    };
    for (std::size_t i = 0; i < n; ++i) {
        const double fraction = std::clamp((result.losses[i] - low) / (high - low), 0.0, 1.0);
        const int row = kRows - 1 - int(std::lround(fraction * (kRows - 1)));
        grid[std::size_t(row)][std::size_t(column(result.learningRates[i]))] = '*';
    }
    if (std::isfinite(result.suggestedLr))
        for (std::string& line : grid)
            if (line[std::size_t(column(result.suggestedLr))] == ' ')
                line[std::size_t(column(result.suggestedLr))] = '|';
    fmt::print("{:>10.4g} +{}\n", high, std::string(kColumns, '-'));
    for (const std::string& line : grid)
        fmt::print("{:>10} |{}\n", "", line);
    fmt::print("{:>10.4g} +{}\n", low, std::string(kColumns, '-'));
    fmt::print("{:>12}{:<{}}{:>10.2g}\n", "", fmt::format("{:.2g}", result.learningRates.front()),
               kColumns - 10, result.learningRates.back());
}

} // namespace

LrFindCommand::LrFindCommand(CLI::App& app)
    : m_command(app.add_subcommand(
          "lr-find", "Learning-rate range test: train briefly at growing rates, suggest one"))
    , m_trainFlags(*m_command)
{
    m_command->add_option("--start-lr", m_startLr, "The first step's rate")
        ->check(CLI::Number)
        ->check(realRange(1e-12, 1e6));
    m_command->add_option("--end-lr", m_endLr, "The last step's rate (above --start-lr)")
        ->check(CLI::Number)
        ->check(realRange(1e-12, 1e6));
    m_command->add_option("--steps", m_steps, "Optimiser steps (epochs repeat as needed)")
        ->check(CLI::Number)
        ->check(CLI::Range(2, 1000000));
    m_command->add_option("--smoothing", m_smoothing, "Loss smoothing, in [0, 1)")
        ->check(CLI::Number)
        ->check(realRange(0.0, 0.999999));
    m_command
        ->add_option("--diverge-factor", m_divergeFactor,
                     "Stop when the smoothed loss exceeds this times its best")
        ->check(CLI::Number)
        ->check(realRange(1.000001, 1e6));
    m_command->add_option("--out,-o", m_output, "CSV file for the curve (lr,loss,raw_loss)");
    m_command->add_flag("--plot", m_plot, "Print a text plot of the curve");
}

int LrFindCommand::run(const std::atomic<bool>& stop, int stoppedExitCode) const
{
    // As `train`: a config file gives the base; flags on the command line override it.
    const std::string& configPath = m_trainFlags.configPath();
    const TrainingConfig config = m_trainFlags.applyTo(
        configPath.empty() ? TrainingConfig{}
                           : TrainingConfig::fromJson(readFile(configPath), configPath));
    if (config.dataset.empty()) {
        fmt::print(stderr, "fovea-cli lr-find: --dataset is required (or give it in --config)\n");
        return 2;
    }
    if (!m_output.empty())
        checkOutputFile("lr-find", "--out", m_output, {configPath, config.dataset, config.weights});
    LrFindOptions options;
    options.startLr = m_startLr;
    options.endLr = m_endLr;
    options.steps = m_steps;
    options.smoothing = m_smoothing;
    options.divergeFactor = m_divergeFactor;

    const int every = std::max(1, m_steps / 20);
    const LrFindResult result = findLearningRate(
        config, options,
        [every](int step, double lr, double loss) {
            if (step % every == 0)
                fmt::print("step {:>5}  lr {:<10.3g} loss {:.4f}\n", step + 1, lr, loss);
            std::fflush(stdout);
        },
        &stop);
    if (stop.load()) {
        fmt::print("stopped after {} step(s); nothing written\n", result.learningRates.size());
        return stoppedExitCode;
    }
    if (result.learningRates.empty())
        throw Error(ErrorCode::NumericalFailure,
                    fmt::format("the training loss was not finite at the first step (lr {:g}); "
                                "try a lower --start-lr",
                                m_startLr));

    if (result.diverged)
        fmt::print("diverged at lr {:.3g} after {} of {} steps\n", result.learningRates.back(),
                   result.learningRates.size(), m_steps);
    if (m_plot)
        printPlot(result);
    fmt::print("suggested learning rate: {:.3g}\n", result.suggestedLr);
    fmt::print("minimum loss at learning rate: {:.3g}\n", result.minLossLr);
    if (!m_output.empty()) {
        writeFileAtomically(m_output, curveCsv(result));
        fmt::print("curve written to {}\n", m_output);
    }
    return 0;
}

} // namespace fovea
