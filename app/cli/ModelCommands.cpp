#include "ModelCommands.h"

#include "OutputPath.h"

#include "fovea/AtomicFile.h"
#include "fovea/Classifier.h"
#include "fovea/CsvField.h"
#include "fovea/Error.h"
#include "fovea/ModelFile.h"
#include "fovea/TestTimeCrops.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <utility>

namespace fovea {
namespace {

namespace fs = std::filesystem;

constexpr int kExitFailure = 1;
constexpr int kExitStopped = 3;

std::atomic<bool> g_predictStop{false};

extern "C" void requestPredictStop(int)
{
    g_predictStop.store(true);
}

/// Folders are searched for these; a file named on the command line is classified whatever its
/// name (the decoder tells formats apart by their bytes).
bool hasImageExtension(const fs::path& path)
{
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    static const char* const kExtensions[] = {".jpg", ".jpeg", ".jpe",  ".png",  ".bmp",
                                              ".dib", ".tif",  ".tiff", ".webp", ".pnm",
                                              ".ppm", ".pgm",  ".pbm"};
    return std::find(std::begin(kExtensions), std::end(kExtensions), extension) !=
           std::end(kExtensions);
}

/// One file to classify; `error` is set when it could not even be listed.
struct Input {
    std::string path;
    std::string error;
};

/// The arguments in order; a folder becomes its image files below it, sorted byte-wise. Hidden
/// entries (".name") are skipped and linked folders are not entered, so a link loop cannot
/// make the list endless.
std::vector<Input> listInputs(const std::vector<std::string>& arguments)
{
    std::vector<Input> inputs;
    for (const std::string& argument : arguments) {
        std::error_code ec;
        if (!fs::is_directory(argument, ec)) {
            inputs.push_back({argument, {}});
            continue;
        }
        std::vector<std::string> found;
        fs::recursive_directory_iterator it(argument, fs::directory_options::skip_permission_denied,
                                            ec);
        for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            const fs::path& path = it->path();
            std::error_code entryError;
            const bool directory = it->is_directory(entryError);
            if (path.filename().string().rfind('.', 0) == 0) {
                if (directory)
                    it.disable_recursion_pending();
                continue;
            }
            if (!directory && it->is_regular_file(entryError) && hasImageExtension(path))
                found.push_back(path.string());
        }
        std::sort(found.begin(), found.end());
        for (std::string& path : found)
            inputs.push_back({std::move(path), {}});
        if (ec)
            inputs.push_back(
                {argument, fmt::format("cannot list folder '{}': {}", argument, ec.message())});
    }
    return inputs;
}

std::string csvHeader(std::size_t k)
{
    std::string header = "path";
    for (std::size_t rank = 1; rank <= k; ++rank)
        header += fmt::format(",class_{0},probability_{0}", rank);
    return header + ",error\n";
}

std::string csvRow(const std::string& path, const std::vector<std::string>& classNames,
                   const std::vector<float>& probabilities, std::size_t k)
{
    std::vector<std::size_t> order(probabilities.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    // Ties keep the class order, so equal files give equal rows.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return probabilities[a] > probabilities[b];
    });
    std::string row = csvField(path);
    for (std::size_t rank = 0; rank < k; ++rank)
        row += fmt::format(",{},{:.6f}", csvField(classNames.at(order[rank])),
                           probabilities[order[rank]]);
    return row + ",\n";
}

std::string csvErrorRow(const std::string& path, std::size_t k, const std::string& error)
{
    return csvField(path) + std::string(2 * k, ',') + "," + csvField(error) + "\n";
}

/// "256,288" → {256, 288}; a bad list is a command-line error naming the flag.
std::vector<int> parseScales(const std::string& text)
{
    std::vector<int> scales;
    if (text.empty())
        return scales;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(',', start), text.size());
        const std::string item = text.substr(start, end - start);
        std::size_t used = 0;
        int value = 0;
        try {
            value = std::stoi(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (item.empty() || used != item.size())
            throw Error(
                ErrorCode::InvalidArgument,
                fmt::format("--scales '{}': '{}' is not a whole number of pixels", text, item));
        scales.push_back(value);
        start = end + 1;
    }
    return scales;
}

} // namespace

ModelCommands::ModelCommands(CLI::App& app)
    : m_export(app.add_subcommand("export", "Write a model file's weights as a plain state dict "
                                            "that Python's torch.load and torchvision's "
                                            "load_state_dict read"))
    , m_predict(app.add_subcommand("predict", "Classify image files and folders with a model "
                                              "file into a CSV of the top classes"))
{
    m_export->add_option("model", m_exportModel, "The model file (written by fovea-cli train)")
        ->required();
    m_export->add_option("--out,-o", m_exportOutput, "The state dict to write (.pt)")->required();

    m_predict->add_option("model", m_predictModel, "The model file (written by fovea-cli train)")
        ->required();
    m_predict
        ->add_option("paths", m_paths,
                     "Image files, and folders searched recursively for image files (.jpg, "
                     ".png, .bmp, .tif, .webp, .pnm …)")
        ->required();
    m_predict->add_option("--top-k", m_topK, "Classes per file, most probable first")
        ->check(CLI::Range(1, 100'000));
    m_predict
        ->add_option("--crops", m_crops,
                     "Test-time crops whose probabilities are averaged: center, five (centre and "
                     "corners) or ten (and their mirror images)")
        ->check(CLI::IsMember({"center", "five", "ten"}));
    m_predict->add_option("--scales", m_scalesText,
                          "Shorter sides in pixels to resize to before cropping, one set of crops "
                          "each, e.g. 256,288 (default: the model's own evaluation resize)");
    m_predict->add_option("--out,-o", m_predictOutput,
                          "CSV file to write (default: standard output)");
}

int ModelCommands::run() const
{
    return m_export->parsed() ? runExport() : runPredict();
}

int ModelCommands::runExport() const
{
    checkOutputFile("export", "--out", m_exportOutput, {m_exportModel});
    const LoadedModelFile loaded = loadModelFile(m_exportModel);
    loaded.model.exportWeights(m_exportOutput);
    const ModelOptions& options = loaded.model.options();
    fmt::print("weights of {} ({} classes) written to {}\n", loaded.info.architecture,
               options.numClasses, m_exportOutput);
    if (options.head.kind != HeadOptions::Kind::Default || options.compactStem)
        fmt::print("note: the model has a {}; torchvision's own network for '{}' will not take "
                   "these weights with strict=True\n",
                   options.compactStem ? "compact stem" : "non-default head",
                   loaded.info.architecture);
    return 0;
}

int ModelCommands::runPredict() const
{
    TestTimeCropSpec spec;
    spec.crops = m_crops;
    spec.scales = parseScales(m_scalesText);
    spec.validate();
    if (!m_predictOutput.empty()) // found out before the work, not after it
        checkOutputFile("predict", "--out", m_predictOutput, {m_predictModel});
    const Classifier classifier(m_predictModel);
    const ModelFileInfo& info = classifier.info();
    // A scale below the input size is a command-line error, told before any file is read.
    testTimeCropBoxes(info.inputSize, info.inputSize, spec, info.preprocessing, info.inputSize);

    const std::vector<Input> inputs = listInputs(m_paths);
    if (inputs.empty())
        throw Error(
            ErrorCode::NotFound,
            fmt::format("predict: no image files (.jpg, .png, …) in {}", fmt::join(m_paths, ", ")));
    if (!m_predictOutput.empty()) {
        // Nor may it be one of the pictures (a folder's included).
        std::vector<std::string> pictures;
        for (const Input& input : inputs)
            pictures.push_back(input.path);
        checkOutputFile("predict", "--out", m_predictOutput, pictures);
    }
    const std::size_t k = std::min(std::size_t(m_topK), info.classNames.size());

    g_predictStop.store(false);
    std::signal(SIGINT, requestPredictStop);
    std::signal(SIGTERM, requestPredictStop);
    // Rows go out as they are made on standard output (for pipes); a file is written whole, at
    // the end, atomically.
    const bool toStdout = m_predictOutput.empty();
    std::string csv = csvHeader(k);
    auto emit = [&](std::string text) {
        if (toStdout) {
            std::fwrite(text.data(), 1, text.size(), stdout);
            std::fflush(stdout);
        } else {
            csv += text;
        }
    };
    if (toStdout)
        emit(std::exchange(csv, {}));

    std::size_t failed = 0;
    std::size_t done = 0;
    for (const Input& input : inputs) {
        if (g_predictStop.load()) {
            fmt::print(stderr, "fovea-cli predict: stopped after {} of {} files{}\n", done,
                       inputs.size(), toStdout ? "" : "; nothing written");
            return kExitStopped;
        }
        std::string error = input.error;
        std::vector<float> probabilities;
        if (error.empty()) {
            try {
                probabilities = classifier.classifyFile(input.path, spec);
            } catch (const std::exception& e) {
                error = e.what();
            }
        }
        if (error.empty()) {
            emit(csvRow(input.path, info.classNames, probabilities, k));
        } else {
            ++failed;
            fmt::print(stderr, "fovea-cli predict: {}\n", error);
            emit(csvErrorRow(input.path, k, error));
        }
        ++done;
    }
    if (!toStdout) {
        writeFileAtomically(m_predictOutput, csv);
        fmt::print(stderr, "{} file(s) classified, {} failed; written to {}\n",
                   inputs.size() - failed, failed, m_predictOutput);
    } else if (failed > 0) {
        fmt::print(stderr, "{} file(s) classified, {} failed\n", inputs.size() - failed, failed);
    }
    return failed > 0 ? kExitFailure : 0;
}

} // namespace fovea
