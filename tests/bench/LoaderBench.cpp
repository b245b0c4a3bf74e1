// Throughput of the input pipeline alone: scan a folder of class folders, then load batches of
// random-resized crops (plus flips, plus colour jitter with --jitter) at 224 px, normalised, as
// training would get them; no model runs. Prints images/s over the timed batches and the peak
// resident memory, one line each. tests/bench/compare_loader.sh runs it beside torchvision's
// ImageFolder + DataLoader (../shared/bench/peer_torchvision_pipeline.py) on the same folder.
//
// A folder of IDX files (Fashion-MNIST) is read into memory instead, as training reads it:
// `fovea-bench-loader /usr/share/datasets/fashion-mnist --size 28 --batch 256` measures the
// loader's own per-sample overhead on tiny pictures.
//
// Usage: fovea-bench-loader DIR [--workers 0] [--batch 64] [--size 224] [--batches 20]
//                           [--warmup 2] [--prefetch 2] [--jitter] [--memory]
#include "data/BatchLoader.h"
#include "data/FileSampleSource.h"
#include "data/MemorySampleSource.h"
#include "data/SampleTransform.h"

#include "fovea/Augmentation.h"
#include "fovea/FolderDataset.h"
#include "fovea/IdxDataset.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <sys/resource.h>

#include <chrono>

int main(int argc, char** argv)
{
    CLI::App app{"Fovea input-pipeline throughput"};
    std::string folder;
    int workers = 0, batch = 64, size = 224, batches = 20, warmup = 2, prefetch = 2;
    bool jitter = false, memory = false;
    app.add_option("folder", folder, "a folder of class folders (e.g. DATA/train)")->required();
    app.add_option("--workers", workers, "0: all cores");
    app.add_option("--batch", batch)->check(CLI::Range(1, 4096));
    app.add_option("--size", size)->check(CLI::Range(8, 4096));
    app.add_option("--batches", batches, "timed batches")->check(CLI::Range(1, 100000));
    app.add_option("--warmup", warmup)->check(CLI::Range(0, 100000));
    app.add_option("--prefetch", prefetch)->check(CLI::Range(1, 64));
    app.add_flag("--jitter", jitter, "add color_jitter 0.4/0.4/0.4");
    app.add_flag("--memory", memory, "decode the images once into memory first");
    CLI11_PARSE(app, argc, argv);

    try {
        std::shared_ptr<const fovea::data::SampleSource> source;
        if (fovea::looksLikeIdxDataset(folder)) {
            source = std::make_shared<fovea::data::MemorySampleSource>(
                fovea::loadIdxDataset(folder).train);
        } else {
            source = std::make_shared<fovea::data::FileSampleSource>(
                fovea::scanDataset(folder), fovea::data::DatasetPart::Train);
            if (memory)
                source = std::make_shared<fovea::data::MemorySampleSource>(*source);
        }

        // The peer's pipeline: RandomResizedCrop(size), RandomHorizontalFlip()[, ColorJitter(0.4,
        // 0.4, 0.4)], ToTensor(), Normalize(ImageNet mean, std).
        fovea::AugmentationSpec spec;
        spec.steps = {fovea::AugmentationStep::make("random_resized_crop"),
                      fovea::AugmentationStep::make("horizontal_flip")};
        if (jitter) {
            fovea::AugmentationStep step = fovea::AugmentationStep::make("color_jitter");
            step.probability = 1.0;
            step.parameters["brightness"] = 0.4;
            step.parameters["contrast"] = 0.4;
            step.parameters["saturation"] = 0.4;
            step.parameters["hue"] = 0.0;
            spec.steps.push_back(step);
        }
        fovea::data::LoaderOptions options;
        options.batchSize = batch;
        options.shuffle = true;
        options.dropLast = true;
        options.workers = workers;
        options.prefetchBatches = prefetch;
        fovea::data::BatchLoader loader(
            source, fovea::data::SampleTransform(spec, fovea::Preprocessing{}, size), options);
        if (loader.batchesPerEpoch() < 1)
            throw std::runtime_error(fmt::format("{} holds fewer than {} images", folder, batch));

        std::int64_t epoch = 0;
        loader.startEpoch(epoch);
        const auto nextBatch = [&] {
            for (;;) {
                if (auto loaded = loader.next())
                    return std::move(*loaded);
                loader.startEpoch(++epoch);
            }
        };
        for (int i = 0; i < warmup; ++i)
            nextBatch();
        std::int64_t images = 0, skipped = 0;
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < batches; ++i) {
            const fovea::data::LoadedBatch loaded = nextBatch();
            images += loaded.size();
            skipped += std::int64_t(loaded.skipped.size());
        }
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        fmt::print("fovea loader size={} workers={}{}{}: {:.1f} images/s\n", size, loader.workers(),
                   jitter ? " jitter" : "", memory ? " memory" : "", double(images) / seconds);
        fmt::print("peak RSS: {:.1f} MiB (batch memory bound {:.1f} MiB; {} samples skipped)\n",
                   double(usage.ru_maxrss) / 1024.0,
                   double(loader.memoryBoundBytes()) / (1024.0 * 1024.0), skipped);
    } catch (const std::exception& error) {
        fmt::print(stderr, "fovea-bench-loader: {}\n", error.what());
        return 1;
    }
    return 0;
}
