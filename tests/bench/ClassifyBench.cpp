// fovea-bench-classify: what the Classify page does for each picture — decode the file,
// preprocess (resize, centre crop, normalise) and run the network — through the engine's
// public Classifier, for a network with random weights (the time does not depend on them).
//   --image FILE: one picture, classified --repeats times; prints the median milliseconds.
//   --folder DIR: every JPEG/PNG under DIR (first --limit), one after another as the page
//                 classifies them; prints images per second.
// tests/bench/compare_classify.sh runs it beside peer_classify.py (torchvision, PIL).
#include "BenchClock.h"
#include "fovea/Classifier.h"
#include "fovea/Model.h"
#include "fovea/ModelFile.h"
#include "fovea/ThreadWaitPolicy.h"
#include "fovea/Threads.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <vector>

using fovea::bench::Clock;
using fovea::bench::millisecondsSince;

int main(int argc, char** argv)
{
    fovea::limitThreadSpinning(argc, argv); // see ThreadWaitPolicy.h
    CLI::App app{"Fovea drag-and-drop classification: latency and throughput"};
    std::string arch = "resnet50", image, folder;
    int repeats = 20, limit = 1000, threads = 0;
    app.add_option("--arch", arch);
    app.add_option("--image", image);
    app.add_option("--folder", folder);
    app.add_option("--repeats", repeats)->check(CLI::Range(1, 100000));
    app.add_option("--limit", limit)->check(CLI::Range(1, 10000000));
    app.add_option("--threads", threads, "compute threads (0: all cores)");
    CLI11_PARSE(app, argc, argv);

    fovea::setComputeThreads(threads);
    // A model file as training writes it: 1000 classes, the architecture's own preprocessing.
    fovea::ModelOptions options;
    options.numClasses = 1000;
    const fovea::Model model(arch, options);
    fovea::ModelFileInfo info;
    info.architecture = arch;
    info.options = options;
    info.inputSize = model.info().defaultInputSize;
    info.preprocessing = model.info().preprocessing;
    for (int i = 0; i < 1000; ++i)
        info.classNames.push_back(fmt::format("class {}", i));
    const std::string modelFile =
        (std::filesystem::temp_directory_path() / fmt::format("fovea-bench-{}.pt", arch)).string();
    fovea::saveModelFile(modelFile, model, info);
    const fovea::Classifier classifier(modelFile);
    std::filesystem::remove(modelFile);

    if (!image.empty()) {
        std::vector<double> times;
        for (int i = 0; i < repeats + 2; ++i) {
            const Clock::time_point start = Clock::now();
            classifier.classifyFile(image);
            if (i >= 2) // the first runs warm the caches and oneDNN's kernels
                times.push_back(millisecondsSince(start));
        }
        std::nth_element(times.begin(), times.begin() + std::ptrdiff_t(times.size() / 2),
                         times.end());
        fmt::print("fovea {} one image: {:.1f} ms median of {} (decode + preprocess + forward)\n",
                   arch, times[times.size() / 2], repeats);
    }
    if (!folder.empty()) {
        std::vector<std::string> files;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
            const std::string extension = entry.path().extension().string();
            if (entry.is_regular_file() &&
                (extension == ".jpg" || extension == ".jpeg" || extension == ".png"))
                files.push_back(entry.path().string());
        }
        std::sort(files.begin(), files.end());
        if (files.size() > std::size_t(limit))
            files.resize(std::size_t(limit));
        classifier.classifyFile(files.front()); // warm-up
        const Clock::time_point start = Clock::now();
        for (const std::string& file : files)
            classifier.classifyFile(file);
        const double seconds = millisecondsSince(start) / 1000.0;
        fmt::print("fovea {} folder: {} images in {:.1f} s, {:.1f} images/s\n", arch, files.size(),
                   seconds, double(files.size()) / seconds);
    }
    return 0;
}
