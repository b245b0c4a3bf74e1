// End-to-end training throughput: the whole Trainer (loader threads decoding and augmenting,
// the optimiser, the schedule) on a dataset, or — with --synthetic — the same network's training
// step on fixed random tensors, the compute bound of this libtorch. tests/bench/compare_training.sh
// runs both beside ../shared/bench/peer_torchvision_train.py.
//
// Usage: fovea-bench-train --dataset DIR [--arch resnet18] [--size 32] [--batch 128]
//                          [--iters 30] [--warmup 3] [--threads 2] [--workers 2] [--synthetic]
#include "ModelFactory.h"

#include "fovea/ArchitectureRegistry.h"
#include "fovea/ThreadWaitPolicy.h"
#include "fovea/Threads.h"
#include "fovea/Trainer.h"

#include <torch/nn/functional/loss.h>
#include <torch/optim/sgd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <ATen/Parallel.h>

#include <sys/resource.h>

#include <atomic>
#include <chrono>

namespace {

using Clock = std::chrono::steady_clock;

/// Times the batches after the warm-up from the trainer's own per-batch events, then stops it.
class TimingObserver : public fovea::TrainingObserver {
public:
    TimingObserver(int warmup, int iters, int batch, std::atomic<bool>& stop)
        : m_warmup(warmup)
        , m_iters(iters)
        , m_batch(batch)
        , m_stop(stop)
    {
    }
    void onBatch(const fovea::BatchProgress& progress) override
    {
        if (progress.step == m_warmup)
            m_start = Clock::now();
        if (progress.step == m_warmup + m_iters) {
            m_seconds = std::chrono::duration<double>(Clock::now() - m_start).count();
            m_stop.store(true);
        }
    }
    double imagesPerSecond() const { return m_seconds > 0 ? m_iters * m_batch / m_seconds : 0.0; }

private:
    int m_warmup, m_iters, m_batch;
    std::atomic<bool>& m_stop;
    Clock::time_point m_start;
    double m_seconds = 0.0;
};

double peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

} // namespace

int main(int argc, char** argv)
{
    fovea::limitThreadSpinning(argc, argv); // see ThreadWaitPolicy.h: up to 10x on 2 cores
    CLI::App app{"Fovea end-to-end training throughput"};
    std::string dataset = "/usr/share/datasets/fashion-mnist";
    std::string arch = "resnet18";
    int size = 32, batch = 128, iters = 30, warmup = 3, threads = 2, workers = 2;
    bool synthetic = false;
    app.add_option("--dataset", dataset);
    app.add_option("--arch", arch);
    app.add_option("--size", size);
    app.add_option("--batch", batch)->check(CLI::Range(2, 4096));
    app.add_option("--iters", iters)->check(CLI::Range(1, 100000));
    app.add_option("--warmup", warmup)->check(CLI::Range(1, 100000));
    app.add_option("--threads", threads, "compute threads (0: all cores)");
    app.add_option("--workers", workers, "loader threads (0: all cores)");
    app.add_flag("--synthetic", synthetic, "random tensors instead of the loader");
    CLI11_PARSE(app, argc, argv);

    double rate = 0.0;
    if (synthetic) {
        fovea::setComputeThreads(threads);
        torch::manual_seed(0);
        fovea::ModelOptions options;
        options.numClasses = 10;
        const fovea::ClassifierNetPtr model = fovea::createModel(arch, options);
        model->train();
        torch::optim::SGD optimizer(
            model->parameters(), torch::optim::SGDOptions(0.05).momentum(0.9).weight_decay(5e-4));
        const torch::Tensor input = torch::randn({batch, 3, size, size});
        const torch::Tensor labels = torch::randint(0, 10, {batch}, torch::kInt64);
        Clock::time_point start;
        for (int i = 0; i < warmup + iters; ++i) {
            if (i == warmup)
                start = Clock::now();
            model->zero_grad(/*set_to_none=*/true); // as the trainer does
            torch::nn::functional::cross_entropy(model->forward(input), labels).backward();
            optimizer.step();
        }
        rate = iters * batch / std::chrono::duration<double>(Clock::now() - start).count();
    } else {
        fovea::TrainingConfig config;
        config.dataset = dataset;
        config.architecture = arch;
        config.inputSize = size;
        config.batchSize = batch;
        config.epochs = 1;
        config.threads = threads;
        config.loaderWorkers = workers;
        config.learningRate = 0.05;
        config.augmentation = fovea::AugmentationSpec::preset("small"); // the peer's recipe
        config.augmentation.steps[0].parameters["padding"] = size / 8;
        config.trainLimit = std::int64_t(warmup + iters + 2) * batch;
        config.validationLimit = batch;
        fovea::TrainerOptions trainerOptions;
        trainerOptions.progressIntervalMs = 0;
        trainerOptions.writeRunDirectory = false;
        std::atomic<bool> stop{false};
        TimingObserver observer(warmup, iters, batch, stop);
        fovea::Trainer(config, trainerOptions).run(observer, stop);
        rate = observer.imagesPerSecond();
    }
    fmt::print("fovea {} size={} batch={} threads={} {}: {:.1f} images/s, peak RSS {:.0f} MiB\n",
               arch, size, batch, at::get_num_threads(), synthetic ? "synthetic" : "loader", rate,
               peakRssMiB());
    return rate > 0 ? 0 : 1;
}
