// fovea-bench-distributed: data-parallel training steps on synthetic data, timed on every rank
// of a run launched by torchrun or by RANK / WORLD_SIZE / MASTER_ADDR / MASTER_PORT (one process
// alone when none are set). Rank 0 prints:
//   - the run's throughput (all ranks' images per second) with gradients averaged every step;
//   - the time per step with averaging and, on the same ranks, without (each rank stepping
//     alone): the difference is what communication costs a step after overlap with backward;
//   - the time of one all-reduce of the whole gradient on its own, with nothing to overlap.
// tests/bench/compare_distributed.sh runs it with 1 and 2 ranks.
//
// Usage: fovea-bench-distributed [--arch resnet18] [--size 32] [--batch 64] [--steps 20]
//                                [--warmup 3] [--threads 1]
#include "BenchClock.h"
#include "ModelFactory.h"
#include "distributed/DataParallelTraining.h"
#include "fovea/DistributedLaunch.h"
#include "fovea/ThreadWaitPolicy.h"
#include "fovea/Threads.h"
#include "fovea/TrainingConfig.h"

#include <torch/nn/functional/loss.h>
#include <torch/optim/sgd.h>

#include <ATen/Parallel.h>
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <memory>

using fovea::bench::Clock;
using fovea::bench::millisecondsSince;

int main(int argc, char** argv)
{
    fovea::limitThreadSpinning(argc, argv); // see ThreadWaitPolicy.h
    CLI::App app{"Fovea data-parallel step time and communication cost"};
    std::string arch = "resnet18";
    int size = 32, batch = 64, steps = 20, warmup = 3, threads = 1;
    app.add_option("--arch", arch);
    app.add_option("--size", size);
    app.add_option("--batch", batch, "images per rank and step")->check(CLI::Range(2, 4096));
    app.add_option("--steps", steps)->check(CLI::Range(1, 100000));
    app.add_option("--warmup", warmup)->check(CLI::Range(1, 100000));
    app.add_option("--threads", threads, "compute threads per rank (0: all cores)");
    CLI11_PARSE(app, argc, argv);

    const fovea::DistributedLaunch launch = fovea::DistributedLaunch::fromEnvironment();
    fovea::setComputeThreads(threads);
    torch::manual_seed(0);
    fovea::ModelOptions options;
    options.numClasses = 10;
    const fovea::ClassifierNetPtr model = fovea::createModel(arch, options);
    model->train();
    torch::optim::SGD optimizer(model->parameters(),
                                torch::optim::SGDOptions(0.05).momentum(0.9).weight_decay(5e-4));
    torch::manual_seed(1 + launch.rank);
    const torch::Tensor input = torch::randn({batch, 3, size, size});
    const torch::Tensor labels = torch::randint(0, 10, {batch}, torch::kInt64);

    std::unique_ptr<fovea::DataParallelTraining> parallel;
    if (launch.active()) {
        parallel = std::make_unique<fovea::DataParallelTraining>(
            launch, fovea::TrainingConfig{}, torch::Device(torch::kCPU), *model);
        parallel->startFromMain();
    }

    // Mean milliseconds per step over `steps` steps (after `warmup`), gradients shared or not.
    auto timeSteps = [&](bool share) {
        Clock::time_point start;
        for (int i = 0; i < warmup + steps; ++i) {
            if (i == warmup) {
                if (parallel) // every rank starts the timed part together
                    parallel->agreeToStop(false);
                start = Clock::now();
            }
            model->zero_grad(/*set_to_none=*/true);
            if (parallel && share) {
                parallel->beforeStep();
                parallel->beforeSharedForward();
            }
            const torch::Tensor logits = model->forward(input);
            if (parallel && share)
                parallel->afterSharedForward();
            const torch::Tensor loss = torch::nn::functional::cross_entropy(logits, labels);
            if (parallel && share)
                parallel->backward(loss);
            else
                loss.backward();
            optimizer.step();
        }
        return millisecondsSince(start) / steps;
    };
    const double shared = timeSteps(true);
    const double alone = timeSteps(false);

    double allReduceMs = 0.0;
    std::int64_t gradientElements = 0;
    for (const torch::Tensor& parameter : model->parameters())
        gradientElements += parameter.numel();
    if (parallel) {
        torch::Tensor flat = torch::ones({gradientElements});
        for (int i = 0; i < warmup; ++i)
            parallel->group().allReduceSum(flat);
        const Clock::time_point start = Clock::now();
        for (int i = 0; i < steps; ++i)
            parallel->group().allReduceSum(flat);
        allReduceMs = millisecondsSince(start) / steps;
    }

    if (launch.isMain()) {
        const int world = launch.worldSize;
        fmt::print("fovea-distributed {} size={} batch/rank={} ranks={} threads/rank={}: "
                   "{:.1f} images/s (all ranks), step {:.1f} ms shared, {:.1f} ms alone, "
                   "communication {:.1f} ms/step ({:.0f} %), all-reduce of {:.1f} MB alone "
                   "{:.1f} ms\n",
                   arch, size, batch, world, at::get_num_threads(), 1000.0 * world * batch / shared,
                   shared, alone, shared - alone, 100.0 * (shared - alone) / shared,
                   gradientElements * 4 / 1e6, allReduceMs);
    }
    return 0;
}
