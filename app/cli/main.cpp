// fovea-cli: the engine without any GUI library, for terminals, servers and scripts.
//
// Exit codes: 0 success; 1 the work failed (bad data, I/O, NaN …); 2 bad command line or
// config; 3 stopped by SIGINT/SIGTERM/SIGHUP before the end; 130 quit at once by a second one.
//
// train and resume join a data-parallel run when a launcher (torchrun, SLURM) sets RANK and
// WORLD_SIZE: see fovea/DistributedLaunch.h. Only rank 0 prints progress and results.
#include "CliProgressPrinter.h"
#include "EvalCommand.h"
#include "LrFindCommand.h"
#include "ModelCommands.h"
#include "PreviewCommand.h"
#include "TrainFlags.h"

#include "fovea/ArchitectureRegistry.h"
#include "fovea/AtomicFile.h"
#include "fovea/Augmentation.h"
#include "fovea/DistributedLaunch.h"
#include "fovea/Error.h"
#include "fovea/ThreadWaitPolicy.h"
#include "fovea/Trainer.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <atomic>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <ctime>

#include <unistd.h>

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitStopped = 3;
constexpr int kExitQuitAtOnce = 130; // 128 + SIGINT, as shells report an interrupted program

std::atomic<bool> g_stopRequested{false};
std::atomic<std::int64_t> g_firstStopNanoseconds{0};
bool g_sayStopping = true; // ranks other than 0 keep quiet

std::int64_t monotonicNanoseconds()
{
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now); // async-signal-safe, unlike std::chrono's clocks
    return std::int64_t(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

/// SIGINT, SIGTERM, SIGHUP: the first asks the job to stop after its current batch, its state
/// saved (exit code 3). Another one two seconds or more later quits at once (what the last
/// checkpoint holds is kept); sooner, it is the same request arriving twice (a terminal's
/// Ctrl-C and torchrun passing it on).
extern "C" void requestStop(int)
{
    const std::int64_t now = monotonicNanoseconds();
    std::int64_t first = 0;
    if (!g_firstStopNanoseconds.compare_exchange_strong(first, now)) {
        if (now - first >= 2'000'000'000)
            ::_exit(kExitQuitAtOnce);
        return;
    }
    g_stopRequested.store(true);
    static const char note[] = "\nfovea-cli: stopping after the current batch, saving where it "
                               "got to (interrupt again to quit at once)\n";
    if (g_sayStopping) [[maybe_unused]]
        const ssize_t written = ::write(STDERR_FILENO, note, sizeof note - 1);
}

void installStopHandlers(bool sayStopping)
{
    g_sayStopping = sayStopping;
    for (const int signal : {SIGINT, SIGTERM, SIGHUP})
        std::signal(signal, requestStop);
}

void printModels()
{
    // torchvision's acc@1, then Keras Applications' top-1/top-5 and CPU ms per 32-image step,
    // where they publish the network ("-" otherwise).
    fmt::print("{:<18} {:<13} {:>7} {:>14} {:>7} {:>13} {:>9}  {}\n", "name", "family", "input",
               "parameters", "top-1", "keras top-1/5", "keras ms", "preprocessing");
    auto figure = [](double value, const char* format) {
        return value > 0 ? fmt::format(fmt::runtime(format), value) : std::string("-");
    };
    for (const auto& info : fovea::architectures()) {
        const std::string keras =
            info.kerasTop1 > 0 ? fmt::format("{:.1f}/{:.1f}", info.kerasTop1, info.kerasTop5) : "-";
        fmt::print("{:<18} {:<13} {:>7} {:>14} {:>7} {:>13} {:>9}  {}\n", info.name, info.family,
                   fmt::format("{} px", info.defaultInputSize), info.parameterCount,
                   figure(info.referenceTop1, "{:.2f}"), keras,
                   figure(info.kerasCpuMsPerStep, "{:.1f}"), info.preprocessing.mode);
    }
}

void printAugmentations()
{
    for (const fovea::AugmentationKind& kind : fovea::augmentationKinds()) {
        fmt::print("{}{}  (probability {:g})\n    {}\n", kind.name,
                   kind.batchLevel ? "  [batch level]" : "", kind.defaultProbability, kind.summary);
        for (const fovea::AugmentationParameter& parameter : kind.parameters) {
            std::string range;
            if (!parameter.choices.empty())
                range = fmt::format("one of {}; default {}", fmt::join(parameter.choices, ", "),
                                    parameter.choices.at(std::size_t(parameter.defaultValue)));
            else
                range = fmt::format("{:g} to {:g}; default {:g}", parameter.minimum,
                                    parameter.maximum, parameter.defaultValue);
            fmt::print("    {:<14} {} ({})\n", parameter.name, parameter.summary, range);
        }
    }
    fmt::print("\npresets: {}\n", fmt::join(fovea::AugmentationSpec::presetNames(), ", "));
    fmt::print("A JSON file for --augment is an array of steps, for example:\n{}\n",
               fovea::AugmentationSpec::preset("inception").toJson());
}

/// Ranks other than 0 keep quiet: their progress is rank 0's, and errors go to stderr anyway.
class SilentObserver : public fovea::TrainingObserver {};

fovea::TrainerOptions trainerOptions()
{
    fovea::TrainerOptions options;
    options.distributed = fovea::DistributedLaunch::fromEnvironment();
    return options;
}

int train(fovea::Trainer trainer, const fovea::TrainerOptions& options)
{
    fovea::CliProgressPrinter printer(stdout);
    SilentObserver silent;
    const bool quiet = !options.distributed.isMain();
    const fovea::RunResult result = trainer.run(
        quiet ? static_cast<fovea::TrainingObserver&>(silent) : printer, g_stopRequested);
    if (quiet)
        return result.stopped ? kExitStopped : 0;
    if (result.stopped) {
        fmt::print("stopped after {} epoch(s), {} step(s); resume with: fovea-cli resume {}\n",
                   result.epochsCompleted, result.stepsCompleted, result.runDirectory);
        return kExitStopped;
    }
    if (result.earlyStopped)
        fmt::print("stopped early after epoch {}: the monitored metric stalled\n",
                   result.epochsCompleted);
    fmt::print("final validation accuracy: {:.4f}\nmodel: {}\nrun directory: {}\n",
               result.finalValidationAccuracy, result.modelFile, result.runDirectory);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    fovea::limitThreadSpinning(argc, argv); // see ThreadWaitPolicy.h: up to 10x on 2 cores
    CLI::App app{
        "Fovea: train and use image classifiers from the command line.\n"
        "Exit codes: 0 success, 1 failure, 2 bad command line or config, 3 stopped, 130 quit at "
        "once by a second interrupt."};
    app.require_subcommand(1);
    app.set_version_flag("--version", "fovea-cli 0.1.0");

    app.add_subcommand("models", "List the architecture registry with its figures");
    app.add_subcommand("augmentations",
                       "List the augmentation kinds with their settings, and the presets");

    CLI::App* trainCommand = app.add_subcommand("train", "Train a model on a dataset");
    const fovea::TrainFlags trainFlags(*trainCommand);
    CLI::App* resumeCommand = app.add_subcommand(
        "resume", "Continue a stopped or crashed run from its newest checkpoint");
    std::string resumeDirectory;
    resumeCommand->add_option("run_directory", resumeDirectory, "The run's folder (runs/…)")
        ->required();
    const fovea::PreviewCommand previewCommand(app);
    const fovea::ModelCommands modelCommands(app);
    const fovea::EvalCommand evalCommand(app);
    const fovea::LrFindCommand lrFindCommand(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // `fovea-cli trian`: CLI11 would only say that a subcommand is required.
        std::vector<std::string> names;
        bool known = false;
        for (CLI::App* command : app.get_subcommands({})) {
            names.push_back(command->get_name());
            known = known || (argc > 1 && command->check_name(argv[1]));
        }
        if (argc > 1 && argv[1][0] != '-' && !known) {
            fmt::print(stderr, "fovea-cli: unknown command '{}'; the commands are: {}\n", argv[1],
                       fmt::join(names, ", "));
            return kExitUsage;
        }
        const int code = app.exit(e);
        return code == 0 ? 0 : kExitUsage;
    }

    try {
        if (app.got_subcommand("models")) {
            printModels();
            return 0;
        }
        if (previewCommand.parsed())
            return previewCommand.run();
        if (modelCommands.parsed())
            return modelCommands.run();
        if (evalCommand.parsed()) {
            installStopHandlers(true);
            return evalCommand.run(g_stopRequested, kExitStopped);
        }
        if (lrFindCommand.parsed()) {
            installStopHandlers(true);
            return lrFindCommand.run(g_stopRequested, kExitStopped);
        }
        if (app.got_subcommand("augmentations")) {
            printAugmentations();
            return 0;
        }
        if (resumeCommand->parsed() || trainCommand->parsed()) // before the data loads
            installStopHandlers(trainerOptions().distributed.isMain());
        if (resumeCommand->parsed()) {
            const fovea::TrainerOptions options = trainerOptions();
            return train(fovea::Trainer::resuming(resumeDirectory, options), options);
        }
        if (trainCommand->parsed()) {
            // A config file gives the base; flags on the command line override it one by one.
            const std::string& configPath = trainFlags.configPath();
            const fovea::TrainingConfig config = trainFlags.applyTo(
                configPath.empty()
                    ? fovea::TrainingConfig{}
                    : fovea::TrainingConfig::fromJson(fovea::readFile(configPath), configPath));
            if (config.dataset.empty()) {
                fmt::print(stderr,
                           "fovea-cli train: --dataset is required (or give it in --config)\n");
                return kExitUsage;
            }
            config.validate();
            const fovea::TrainerOptions options = trainerOptions();
            return train(fovea::Trainer(config, options), options);
        }
    } catch (const fovea::Error& e) {
        fmt::print(stderr, "fovea-cli: error: {}\n", e.what());
        const bool usage = e.code() == fovea::ErrorCode::InvalidArgument ||
                           e.code() == fovea::ErrorCode::UnknownArchitecture;
        return usage ? kExitUsage : kExitFailure;
    } catch (const std::exception& e) {
        fmt::print(stderr, "fovea-cli: error: {}\n", e.what());
        return kExitFailure;
    }
    return 0;
}
