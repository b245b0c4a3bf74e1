// Throughput of one registry architecture: eval forward (no grad) or a full SGD training step,
// in images per second, printed as one line. tests/bench/compare_architectures.sh runs it beside
// torchvision (peer_architectures.py) with the same threads, batch and input size.
//
// Usage: fovea-bench-architecture --arch NAME [--mode eval|train] [--batch 32] [--size PX]
//                                 [--iters 5] [--warmup 2] [--threads 0]
//                                 [--layout auto|contiguous|channels-last]
#include "ModelFactory.h"

#include <torch/nn/functional/loss.h>
#include <torch/optim/sgd.h>
#include <torch/utils.h>

#include <c10/core/InferenceMode.h>

#include "fovea/ArchitectureRegistry.h"
#include "fovea/ThreadWaitPolicy.h"
#include "fovea/Threads.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <ATen/Parallel.h>

#include <chrono>
#include <map>

int main(int argc, char** argv)
{
    fovea::limitThreadSpinning(argc, argv); // see ThreadWaitPolicy.h: up to 10x on 2 cores
    CLI::App app{"Fovea architecture throughput"};
    std::string arch = "resnet18";
    std::string mode = "eval";
    int batch = 32, size = 0, iters = 5, warmup = 2, threads = 0;
    app.add_option("--arch", arch)->required();
    app.add_option("--mode", mode)->check(CLI::IsMember({"eval", "train"}));
    app.add_option("--batch", batch)->check(CLI::Range(1, 4096));
    app.add_option("--size", size, "input px (0: the architecture's default)");
    app.add_option("--iters", iters)->check(CLI::Range(1, 100000));
    app.add_option("--warmup", warmup)->check(CLI::Range(0, 100000));
    app.add_option("--threads", threads, "0: all cores");
    const std::map<std::string, fovea::MemoryLayout> layouts{
        {"auto", fovea::MemoryLayout::Auto},
        {"contiguous", fovea::MemoryLayout::Contiguous},
        {"channels-last", fovea::MemoryLayout::ChannelsLast}};
    fovea::MemoryLayout layout = fovea::MemoryLayout::Auto;
    app.add_option("--layout", layout, "auto: the engine's default for the architecture")
        ->transform(CLI::CheckedTransformer(layouts));
    CLI11_PARSE(app, argc, argv);

    fovea::setComputeThreads(threads);
    const fovea::ArchitectureInfo& info = fovea::architecture(arch);
    if (size == 0)
        size = info.defaultInputSize;
    torch::manual_seed(0);
    fovea::ModelOptions options;
    options.layout = layout;
    const fovea::ClassifierNetPtr model = fovea::createModel(arch, options);
    const torch::Tensor input = torch::randn({batch, 3, size, size});
    const torch::Tensor labels = torch::randint(0, 1000, {batch}, torch::kInt64);
    torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.01).momentum(0.9));
    const bool train = mode == "train";
    model->train(train);

    using Clock = std::chrono::steady_clock;
    Clock::time_point start;
    for (int i = 0; i < warmup + iters; ++i) {
        if (i == warmup)
            start = Clock::now();
        // The engine's own paths: the trainer sets gradients to none, the classifier runs
        // under InferenceMode.
        if (train) {
            model->zero_grad(/*set_to_none=*/true);
            torch::nn::functional::cross_entropy(model->forward(input), labels).backward();
            optimizer.step();
        } else {
            c10::InferenceMode inference;
            model->forward(input);
        }
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    fmt::print("fovea {} {} batch={} size={} threads={} {}: {:.2f} images/s\n", arch, mode, batch,
               size, at::get_num_threads(), model->channelsLast() ? "channels-last" : "contiguous",
               double(batch) * iters / seconds);
    return 0;
}
