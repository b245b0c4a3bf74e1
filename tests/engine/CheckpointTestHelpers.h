#pragma once

// Shared by the checkpoint tests: small models, optimisers and fixed batches built the same way,
// bitwise snapshots of a model and its optimiser to compare, and raw file access for damaging
// checkpoints on purpose.
#include "EngineTestHelpers.h"
#include "ModelFactory.h"
#include "OptimizerFactory.h"
#include "fovea/TrainingConfig.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <QString>

#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <string>

namespace fovea::testing::checkpoints {

using fovea::testing::qs;

/// Classes of the test models.
constexpr std::int64_t kClasses = 4;

inline fovea::TrainingConfig optimiserConfig(const std::string& optimizer, bool nesterov,
                                             bool decayAll)
{
    fovea::TrainingConfig config;
    config.optimizer = optimizer;
    config.nesterov = nesterov;
    config.momentum = 0.9;
    config.weightDecay = 1e-3;
    config.decayNormAndBias = decayAll;
    config.learningRate = optimizer == "sgd" ? 0.05 : 1e-3;
    return config;
}

inline fovea::ClassifierNetPtr buildModel(const std::string& architecture, std::uint64_t seed,
                                          std::int64_t classes = kClasses,
                                          const fovea::HeadOptions& head = {})
{
    torch::manual_seed(seed);
    fovea::ModelOptions options;
    options.numClasses = classes;
    options.compactStem = true;
    options.head = head;
    fovea::ClassifierNetPtr model = fovea::createModel(architecture, options);
    model->train();
    return model;
}

inline std::unique_ptr<torch::optim::Optimizer> buildOptimizer(const fovea::TrainingConfig& config,
                                                               fovea::ClassifierNet& model)
{
    return fovea::createOptimizer(config, model.parameters());
}

inline std::string readBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline void writeBytes(const std::string& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string randomBytes(std::size_t size, unsigned seed)
{
    std::mt19937 engine(seed);
    std::string bytes(size, '\0');
    for (char& byte : bytes)
        byte = static_cast<char>(engine() & 0xffu);
    return bytes;
}

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;
using OptimizerPtr = std::unique_ptr<torch::optim::Optimizer>;

constexpr std::int64_t kBatch = 8;
constexpr std::int64_t kPixels = 16;

/// Fixed random batches, from a generator of their own so the default one is left alone.
struct Batches {
    std::vector<torch::Tensor> inputs;
    std::vector<torch::Tensor> labels;
};

inline Batches fixedData(int count)
{
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(1234);
    Batches data;
    for (int i = 0; i < count; ++i) {
        data.inputs.push_back(torch::randn({kBatch, 3, kPixels, kPixels}, generator));
        data.labels.push_back(torch::randint(kClasses, {kBatch}, generator, torch::kLong));
    }
    return data;
}

inline void trainSteps(fovea::ClassifierNet& model, torch::optim::Optimizer& optimizer,
                       const Batches& data, int first, int count)
{
    model.train();
    for (int i = first; i < first + count; ++i) {
        optimizer.zero_grad();
        const torch::Tensor loss =
            torch::nn::functional::cross_entropy(model.forward(data.inputs[i]), data.labels[i]);
        loss.backward();
        optimizer.step();
    }
}

inline torch::Tensor scalar(std::int64_t value)
{
    return torch::tensor(value, torch::kLong);
}

/// The optimiser's per-parameter state (in group order) and every group's rate, as tensors.
inline NamedTensors optimizerState(torch::optim::Optimizer& optimizer)
{
    NamedTensors state;
    const auto& groups = optimizer.param_groups();
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const std::string group = "group" + std::to_string(g);
        state.emplace_back(group + ".lr",
                           torch::tensor(groups[g].options().get_lr(), torch::kDouble));
        for (std::size_t j = 0; j < groups[g].params().size(); ++j) {
            const std::string prefix = group + ".param" + std::to_string(j) + ".";
            const auto found = optimizer.state().find(
                c10::guts::to_string(groups[g].params()[j].unsafeGetTensorImpl()));
            if (found == optimizer.state().end()) {
                state.emplace_back(prefix + "none", torch::Tensor());
                continue;
            }
            const torch::optim::OptimizerParamState* entry = found->second.get();
            if (const auto* sgd = dynamic_cast<const torch::optim::SGDParamState*>(entry)) {
                state.emplace_back(prefix + "momentum_buffer", sgd->momentum_buffer());
            } else if (const auto* adam =
                           dynamic_cast<const torch::optim::AdamParamState*>(entry)) {
                state.emplace_back(prefix + "step", scalar(adam->step()));
                state.emplace_back(prefix + "exp_avg", adam->exp_avg());
                state.emplace_back(prefix + "exp_avg_sq", adam->exp_avg_sq());
                state.emplace_back(prefix + "max_exp_avg_sq", adam->max_exp_avg_sq());
            } else if (const auto* adamw =
                           dynamic_cast<const torch::optim::AdamWParamState*>(entry)) {
                state.emplace_back(prefix + "step", scalar(adamw->step()));
                state.emplace_back(prefix + "exp_avg", adamw->exp_avg());
                state.emplace_back(prefix + "exp_avg_sq", adamw->exp_avg_sq());
                state.emplace_back(prefix + "max_exp_avg_sq", adamw->max_exp_avg_sq());
            } else if (const auto* rms =
                           dynamic_cast<const torch::optim::RMSpropParamState*>(entry)) {
                state.emplace_back(prefix + "step", scalar(rms->step()));
                state.emplace_back(prefix + "square_avg", rms->square_avg());
                state.emplace_back(prefix + "momentum_buffer", rms->momentum_buffer());
                state.emplace_back(prefix + "grad_avg", rms->grad_avg());
            } else {
                state.emplace_back(prefix + "unknown state type", torch::Tensor());
            }
        }
    }
    return state;
}

inline NamedTensors modelTensors(const fovea::ClassifierNet& model)
{
    NamedTensors tensors;
    for (const auto& item : model.named_parameters())
        tensors.emplace_back(item.key(), item.value());
    for (const auto& item : model.named_buffers())
        tensors.emplace_back(item.key(), item.value());
    return tensors;
}

/// Deep copies of the model's parameters and buffers and, when given, the optimiser's state.
inline NamedTensors snapshot(const fovea::ClassifierNet& model, torch::optim::Optimizer* optimizer)
{
    NamedTensors copies;
    for (const auto& [name, tensor] : modelTensors(model))
        copies.emplace_back(name, tensor.detach().clone());
    if (optimizer)
        for (const auto& [name, tensor] : optimizerState(*optimizer))
            copies.emplace_back("optimizer." + name,
                                tensor.defined() ? tensor.detach().clone() : tensor);
    return copies;
}

/// Empty when both hold the same names and bitwise-equal tensors; else the first difference.
inline QString firstDifference(const NamedTensors& expected, const NamedTensors& actual)
{
    if (expected.size() != actual.size())
        return QStringLiteral("%1 tensors expected, %2 found")
            .arg(expected.size())
            .arg(actual.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto& [name, want] = expected[i];
        const auto& [actualName, got] = actual[i];
        if (name != actualName)
            return QStringLiteral("tensor %1 is '%2', expected '%3'")
                .arg(i)
                .arg(qs(actualName), qs(name));
        if (want.defined() != got.defined())
            return QStringLiteral("'%1' is %2").arg(qs(name), got.defined() ? "set" : "unset");
        if (!want.defined())
            continue;
        if (want.scalar_type() != got.scalar_type() || !torch::equal(want, got))
            return QStringLiteral("'%1' differs").arg(qs(name));
    }
    return {};
}

} // namespace fovea::testing::checkpoints
