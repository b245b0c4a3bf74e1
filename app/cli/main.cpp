// fovea-cli: the engine without any GUI library, for terminals, servers and scripts.
//
// Exit codes: 0 success; 1 the work failed (bad data, I/O, NaN …); 2 bad command line or
// config; 3 stopped by SIGINT/SIGTERM before the end.
#include "CliProgressPrinter.h"

#include "fovea/ArchitectureRegistry.h"
#include "fovea/AtomicFile.h"
#include "fovea/Error.h"
#include "fovea/Trainer.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <cstdio>

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitStopped = 3;

std::atomic<bool> g_stopRequested{false};

extern "C" void requestStop(int)
{
    g_stopRequested.store(true);
}

void printModels()
{
    fmt::print("{:<18} {:<10} {:>7} {:>14} {:>7}  {}\n", "name", "family", "input", "parameters",
               "top-1", "preprocessing");
    for (const auto& info : fovea::architectures()) {
        const std::string top1 =
            info.referenceTop1 > 0 ? fmt::format("{:.2f}", info.referenceTop1) : "-";
        fmt::print("{:<18} {:<10} {:>7} {:>14L} {:>7}  {}\n", info.name, info.family,
                   fmt::format("{} px", info.defaultInputSize), info.parameterCount, top1,
                   info.preprocessing.mode);
    }
}

int train(fovea::TrainingConfig config)
{
    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    fovea::CliProgressPrinter printer(stdout);
    fovea::Trainer trainer(std::move(config));
    const fovea::RunResult result = trainer.run(printer, g_stopRequested);
    if (result.stopped) {
        fmt::print("stopped after {} epoch(s), {} step(s); run directory: {}\n",
                   result.epochsCompleted, result.stepsCompleted, result.runDirectory);
        return kExitStopped;
    }
    fmt::print("final validation accuracy: {:.4f}\nrun directory: {}\n",
               result.finalValidationAccuracy, result.runDirectory);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"Fovea: train and use image classifiers from the command line.\n"
                 "Exit codes: 0 success, 1 failure, 2 bad command line or config, 3 stopped."};
    app.require_subcommand(1);
    app.set_version_flag("--version", "fovea-cli 0.1.0");

    app.add_subcommand("models", "List the architecture registry with its figures");

    CLI::App* trainCommand = app.add_subcommand("train", "Train a model on a dataset");
    fovea::TrainingConfig config;
    std::string configPath;
    trainCommand
        ->add_option("--config", configPath,
                     "JSON training config; flags given as well override its values")
        ->check(CLI::ExistingFile);
    trainCommand->add_option("--dataset", config.dataset, "Dataset folder (IDX files)");
    trainCommand->add_option("--arch", config.architecture,
                             "Architecture (see `fovea-cli models`)");
    trainCommand->add_option("--epochs", config.epochs, "Epochs")
        ->check(CLI::Number)
        ->check(CLI::Range(1, 100000));
    trainCommand->add_option("--batch-size", config.batchSize, "Batch size")
        ->check(CLI::Number)
        ->check(CLI::Range(1, 65536));
    trainCommand->add_option("--lr", config.learningRate, "Peak learning rate (SGD)")
        ->check(CLI::Number)
        ->check(CLI::Range(1e-9, 100.0));
    trainCommand->add_option("--momentum", config.momentum, "SGD momentum")
        ->check(CLI::Number)
        ->check(CLI::Range(0.0, 0.999999));
    trainCommand->add_option("--weight-decay", config.weightDecay, "Weight decay")
        ->check(CLI::Number)
        ->check(CLI::Range(0.0, 1.0));
    trainCommand->add_option("--schedule", config.schedule, "Learning-rate schedule")
        ->check(CLI::IsMember({"constant", "cosine"}));
    trainCommand
        ->add_option("--input-size", config.inputSize,
                     "Network input in pixels (0: the dataset's own size)")
        ->check(CLI::Number)
        ->check(CLI::Range(0, 4096));
    trainCommand->add_option("--seed", config.seed, "Random seed (0 or more)")
        ->check(CLI::Number)
        ->check(CLI::Validator(
            [](std::string& value) {
                return value.rfind('-', 0) == 0 ? std::string("must not be negative")
                                                : std::string();
            },
            "NONNEGATIVE"));
    trainCommand->add_option("--threads", config.threads, "Compute threads (0: all cores)")
        ->check(CLI::Number)
        ->check(CLI::Range(0, 1024));
    trainCommand->add_option("--runs", config.runsFolder, "Folder for run directories");
    trainCommand
        ->add_option("--train-limit", config.trainLimit,
                     "Use only the first N training images (0: all)")
        ->check(CLI::Number)
        ->check(CLI::Range(std::int64_t(0), std::int64_t(1) << 40));
    trainCommand
        ->add_option("--val-limit", config.validationLimit,
                     "Use only the first N validation images (0: all)")
        ->check(CLI::Number)
        ->check(CLI::Range(std::int64_t(0), std::int64_t(1) << 40));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : kExitUsage;
    }

    try {
        if (app.got_subcommand("models")) {
            printModels();
            return 0;
        }
        if (trainCommand->parsed()) {
            if (!configPath.empty()) {
                // The file gives the base; flags on the command line override it one by one.
                fovea::TrainingConfig merged =
                    fovea::TrainingConfig::fromJson(fovea::readFile(configPath), configPath);
                auto take = [&](const char* flag, auto& target, const auto& value) {
                    if (trainCommand->count(flag) > 0)
                        target = value;
                };
                take("--dataset", merged.dataset, config.dataset);
                take("--arch", merged.architecture, config.architecture);
                take("--epochs", merged.epochs, config.epochs);
                take("--batch-size", merged.batchSize, config.batchSize);
                take("--lr", merged.learningRate, config.learningRate);
                take("--momentum", merged.momentum, config.momentum);
                take("--weight-decay", merged.weightDecay, config.weightDecay);
                take("--schedule", merged.schedule, config.schedule);
                take("--input-size", merged.inputSize, config.inputSize);
                take("--seed", merged.seed, config.seed);
                take("--threads", merged.threads, config.threads);
                take("--runs", merged.runsFolder, config.runsFolder);
                take("--train-limit", merged.trainLimit, config.trainLimit);
                take("--val-limit", merged.validationLimit, config.validationLimit);
                config = merged;
            }
            if (config.dataset.empty()) {
                fmt::print(stderr,
                           "fovea-cli train: --dataset is required (or give it in --config)\n");
                return kExitUsage;
            }
            config.validate();
            return train(config);
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
