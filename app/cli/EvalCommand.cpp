#include "EvalCommand.h"

#include "NumberValidators.h"
#include "OutputPath.h"

#include "fovea/DatasetEvaluation.h"
#include "fovea/EvaluationReport.h"
#include "fovea/FolderDataset.h"
#include "fovea/ModelFile.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <unistd.h>

namespace fovea {
namespace {

constexpr const char* kStem = "evaluation";
// Longer class names are not cut, they only stop widening the table.
constexpr std::size_t kMaxNameColumn = 40;

void printReport(const EvaluationReport& report)
{
    fmt::print("top-1 {:.4f}  top-{} {:.4f}  loss {:.4f}  macro F1 {:.4f}  ({} images)\n",
               report.top1, report.topK, report.top5, report.loss, report.macroF1, report.samples);
    std::size_t width = 5;
    for (const ClassMetrics& metrics : report.classes)
        width = std::max(width, std::min(metrics.name.size(), kMaxNameColumn));
    fmt::print("{:<{}}  {:>8}  {:>9}  {:>7}  {:>7}\n", "class", width, "support", "precision",
               "recall", "f1");
    for (const ClassMetrics& metrics : report.classes)
        fmt::print("{:<{}}  {:>8}  {:>9.4f}  {:>7.4f}  {:>7.4f}\n", metrics.name, width,
                   metrics.support, metrics.precision, metrics.recall, metrics.f1);
}

} // namespace

EvalCommand::EvalCommand(CLI::App& app)
    : m_command(app.add_subcommand(
          "eval", "Evaluate a model file on a labelled dataset and write a metrics report"))
{
    m_command->add_option("model", m_modelFile, "The model file (written by fovea-cli train)")
        ->required()
        ->check(CLI::ExistingFile);
    m_command
        ->add_option("--dataset", m_dataset,
                     "IDX folder, image folder (one folder per class, or train/ and val/ "
                     "folders) or CSV/TSV list")
        ->required();
    m_command->add_option("--part", m_part, "Which pictures: val or train")
        ->check(CLI::IsMember({"val", "train"}));
    m_command->add_option("--out,-o", m_output,
                          "Folder for evaluation.json, evaluation-classes.csv and "
                          "evaluation-confusion.csv");
    m_command->add_option("--workers", m_workers, "Decode threads (0: all cores)")
        ->check(CLI::Range(0, 1024));
    m_command->add_option("--batch-size", m_batchSize, "Images per forward pass")
        ->check(CLI::Range(1, 65536));
    m_command
        ->add_option("--validation-fraction", m_validationFraction,
                     "For a dataset without a val part: the fraction training split off")
        ->check(realRange(0.0, 0.99));
    m_command->add_option("--seed", m_seed, "For a dataset without a val part: training's seed");
    CLI::Option* flip = m_command->add_flag(
        "--test-time-flip", m_testTimeFlip,
        "Classify each picture and its mirror image, probabilities averaged (default: as the "
        "model's training validated)");
    m_command->add_flag("--no-test-time-flip", m_noTestTimeFlip, "Classify each picture once")
        ->excludes(flip);
}

int EvalCommand::run(const std::atomic<bool>& stop, int stoppedExitCode) const
{
    checkOutputFolder("eval", "--out", m_output);
    LoadedModelFile loaded = loadModelFile(m_modelFile);
    DatasetEvaluationOptions options;
    options.dataset = m_dataset;
    options.part = m_part;
    options.validationFraction = m_validationFraction;
    options.seed = m_seed;
    options.batchSize = m_batchSize;
    options.workers = m_workers;
    options.testTimeFlip =
        m_testTimeFlip || (!m_noTestTimeFlip && validatedWithTestTimeFlip(loaded.info));

    // A progress line only on a terminal: redirected output stays a clean log.
    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    const DatasetEvaluation result = evaluateDataset(
        loaded.model, loaded.info.classNames, loaded.info.preprocessing, loaded.info.inputSize,
        options,
        [terminal](const DatasetEvaluationProgress& progress) {
            for (const RejectedFile& skipped : progress.skipped)
                fmt::print(stderr, "skipped {}: {}\n", skipped.path, skipped.reason);
            if (terminal)
                fmt::print(stderr, "\rbatch {}/{}{}", progress.batchesDone, progress.batchesTotal,
                           progress.batchesDone == progress.batchesTotal ? "\n" : "");
        },
        &stop);
    if (result.stopped) {
        fmt::print("stopped before the end; no report written\n");
        return stoppedExitCode;
    }
    if (!result.rejected.empty())
        fmt::print("{}\n", describeRejected(result.rejected, m_dataset));
    fmt::print("{} on '{}' ({}, {} part) at {} px\n", loaded.info.architecture, m_dataset,
               result.layout, m_part, loaded.info.inputSize);
    if (result.report.skipped > 0)
        fmt::print("{} image(s) could not be read and are not counted\n", result.report.skipped);
    printReport(result.report);

    writeEvaluationReport(result.report, m_output, kStem);
    const std::filesystem::path folder(m_output);
    const std::string stem = kStem;
    fmt::print("report written to {}, {}, {}\n", (folder / (stem + ".json")).string(),
               (folder / (stem + "-classes.csv")).string(),
               (folder / (stem + "-confusion.csv")).string());
    return 0;
}

} // namespace fovea
