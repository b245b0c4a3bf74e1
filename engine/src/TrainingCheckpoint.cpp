// A checkpoint is one file: a small header (magic, format version, CRC-32 and length of the
// payload) followed by a torch::serialize archive. The header is checked before torch parses
// anything, so a truncated or damaged file is reported as such instead of reaching the zip and
// pickle readers with garbage.
#include "TrainingCheckpoint.h"

#include "CheckpointSection.h"

#include "fovea/AtomicFile.h"
#include "fovea/Error.h"
#include "fovea/ReduceLrOnPlateau.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/optim/rmsprop.h>
#include <torch/optim/sgd.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>
#include <torch/utils.h>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>

namespace fovea {
namespace {

using torch::serialize::InputArchive;
using torch::serialize::OutputArchive;
using Section = checkpoint::CheckpointSection;
using checkpoint::corrupt;
using checkpoint::torchMessage;

constexpr char kMagic[8] = {'F', 'O', 'V', 'E', 'A', 'C', 'K', 'P'};
// magic, format version, CRC-32 of the payload, payload length
constexpr std::size_t kHeaderSize = sizeof(kMagic) + 4 + 4 + 8;
constexpr const char* kFormatName = "fovea-training-checkpoint";
// Lists of mismatching tensors stop after this many names.
constexpr std::size_t kNamesShown = 4;

void putLittleEndian(char* out, std::uint64_t value, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out[i] = static_cast<char>((value >> (8 * i)) & 0xffu);
}

std::uint64_t getLittleEndian(const char* in, int bytes)
{
    std::uint64_t value = 0;
    for (int i = 0; i < bytes; ++i)
        value |= std::uint64_t(static_cast<unsigned char>(in[i])) << (8 * i);
    return value;
}

std::uint32_t checksum(const char* data, std::size_t size)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    while (size > 0) { // zlib takes 32-bit lengths
        const auto chunk = static_cast<uInt>(std::min<std::size_t>(size, std::size_t(1) << 30));
        crc = crc32(crc, reinterpret_cast<const Bytef*>(data), chunk);
        data += chunk;
        size -= chunk;
    }
    return static_cast<std::uint32_t>(crc);
}

std::string optimizerKind(const torch::optim::Optimizer& optimizer)
{
    // AdamW is not derived from Adam in libtorch, but test it first in case it ever is.
    if (dynamic_cast<const torch::optim::AdamW*>(&optimizer))
        return "adamw";
    if (dynamic_cast<const torch::optim::Adam*>(&optimizer))
        return "adam";
    if (dynamic_cast<const torch::optim::RMSprop*>(&optimizer))
        return "rmsprop";
    if (dynamic_cast<const torch::optim::SGD*>(&optimizer))
        return "sgd";
    throw Error(ErrorCode::InvalidArgument,
                "checkpoints support the sgd, rmsprop, adam and adamw optimisers only");
}

/// Every defined parameter and buffer, under its registered name.
std::vector<std::pair<std::string, torch::Tensor>> modelTensors(const ClassifierNet& model)
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& item : model.named_parameters(/*recurse=*/true))
        if (item.value().defined())
            tensors.emplace_back(item.key(), item.value());
    for (const auto& item : model.named_buffers(/*recurse=*/true))
        if (item.value().defined())
            tensors.emplace_back(item.key(), item.value());
    return tensors;
}

std::string describe(const torch::Tensor& tensor)
{
    return fmt::format("{} [{}]", c10::toString(tensor.scalar_type()),
                       fmt::join(tensor.sizes(), ", "));
}

at::Generator defaultGenerator()
{
    return at::detail::getDefaultCPUGenerator();
}

/// Checks the header and parses the payload; tensors go to `device`.
Section openCheckpoint(const std::string& path, torch::Device device)
{
    const std::string bytes = readFile(path);
    if (bytes.size() < kHeaderSize) {
        const bool magicPrefix =
            std::memcmp(bytes.data(), kMagic, std::min(bytes.size(), sizeof(kMagic))) == 0;
        throw corrupt(path, magicPrefix ? fmt::format("is truncated ({} bytes)", bytes.size())
                                        : std::string("is not a Fovea training checkpoint"));
    }
    if (std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0)
        throw corrupt(path, "is not a Fovea training checkpoint");
    const char* header = bytes.data() + sizeof(kMagic);
    const auto version = static_cast<std::uint32_t>(getLittleEndian(header, 4));
    const auto expectedCrc = static_cast<std::uint32_t>(getLittleEndian(header + 4, 4));
    const std::uint64_t payloadSize = getLittleEndian(header + 8, 8);
    if (version == 0)
        throw corrupt(path, "is damaged (format version 0)");
    if (version > kCheckpointFormatVersion)
        throw corrupt(path, fmt::format("has format version {}, newer than this build of Fovea "
                                        "reads (up to {})",
                                        version, kCheckpointFormatVersion));
    const std::uint64_t actualSize = bytes.size() - kHeaderSize;
    if (actualSize < payloadSize)
        throw corrupt(path, fmt::format("is truncated: {} of {} bytes", bytes.size(),
                                        payloadSize + kHeaderSize));
    if (actualSize > payloadSize)
        throw corrupt(path,
                      fmt::format("has {} unexpected bytes at its end", actualSize - payloadSize));
    const char* payload = bytes.data() + kHeaderSize;
    if (checksum(payload, payloadSize) != expectedCrc)
        throw corrupt(path, "is damaged (its checksum does not match)");

    InputArchive archive;
    try {
        archive.load_from(payload, payloadSize, device);
    } catch (const c10::Error& error) {
        throw corrupt(path, fmt::format("cannot be parsed: {}", torchMessage(error)));
    }
    Section root(std::move(archive), "", path);
    const std::string format = root.text("format");
    if (format != kFormatName)
        throw corrupt(path, fmt::format("holds '{}', not a training checkpoint", format));
    return root;
}

TrainingProgress readProgress(Section section)
{
    TrainingProgress progress;
    progress.epoch = section.integer("epoch");
    progress.batchInEpoch = section.integer("batchInEpoch");
    progress.step = section.integer("step");
    progress.epochLossSum = section.real("epochLossSum");
    progress.epochCorrect = section.integer("epochCorrect");
    progress.epochSeen = section.integer("epochSeen");
    progress.stepLossSum = section.real("stepLossSum");
    progress.stepLossCount = static_cast<int>(section.integer("stepLossCount"));
    progress.bestMetric = section.real("bestMetric");
    progress.bestEpoch = section.integer("bestEpoch");
    progress.epochsWithoutImprovement =
        static_cast<int>(section.integer("epochsWithoutImprovement"));
    progress.metricsRows = section.integer("metricsRows");
    return progress;
}

void writeProgress(OutputArchive& out, const TrainingProgress& progress)
{
    auto integer = [&out](const char* key, std::int64_t value) {
        out.write(key, c10::IValue(value));
    };
    auto real = [&out](const char* key, double value) { out.write(key, c10::IValue(value)); };
    integer("epoch", progress.epoch);
    integer("batchInEpoch", progress.batchInEpoch);
    integer("step", progress.step);
    real("epochLossSum", progress.epochLossSum);
    integer("epochCorrect", progress.epochCorrect);
    integer("epochSeen", progress.epochSeen);
    real("stepLossSum", progress.stepLossSum);
    integer("stepLossCount", progress.stepLossCount);
    real("bestMetric", progress.bestMetric);
    integer("bestEpoch", progress.bestEpoch);
    integer("epochsWithoutImprovement", progress.epochsWithoutImprovement);
    integer("metricsRows", progress.metricsRows);
}

TrainingCheckpoint readInfo(Section& root)
{
    TrainingCheckpoint checkpoint;
    checkpoint.configJson = root.text("config");
    checkpoint.progress = readProgress(root.section("progress"));
    Section extras = root.section("extras");
    const std::int64_t count = extras.integer("count");
    for (std::int64_t i = 0; i < count; ++i)
        checkpoint.extras[extras.text(fmt::format("name/{}", i))] =
            extras.real(fmt::format("value/{}", i));
    return checkpoint;
}

/// "'a', 'b', 'c' and 5 more": another architecture differs in hundreds of keys.
std::string someNames(const std::vector<std::string>& names)
{
    std::vector<std::string> quoted;
    for (std::size_t i = 0; i < std::min(names.size(), kNamesShown); ++i)
        quoted.push_back("'" + names[i] + "'");
    std::string list = fmt::format("{}", fmt::join(quoted, ", "));
    if (names.size() > quoted.size())
        list += fmt::format(" and {} more", names.size() - quoted.size());
    return list;
}

/// The saved model tensors, checked against `model`, in the order of modelTensors(model).
std::vector<torch::Tensor> readModelTensors(Section section, const ClassifierNet& model,
                                            const std::string& path, const std::string& configJson)
{
    std::unordered_map<std::string, torch::Tensor> saved;
    std::vector<std::string> savedOrder;
    const std::int64_t count = section.integer("count");
    for (std::int64_t i = 0; i < count; ++i) {
        std::string name = section.text(fmt::format("name/{}", i));
        saved[name] = section.tensor(fmt::format("tensor/{}", i));
        savedOrder.push_back(std::move(name));
    }
    std::vector<std::string> reshaped;
    std::vector<std::string> missing;
    std::vector<std::string> unexpected;
    std::vector<torch::Tensor> ordered;
    std::set<std::string> expectedNames;
    for (const auto& [name, tensor] : modelTensors(model)) {
        expectedNames.insert(name);
        const auto found = saved.find(name);
        if (found == saved.end()) {
            missing.push_back(name);
            continue;
        }
        const torch::Tensor& stored = found->second;
        if (stored.sizes() != tensor.sizes() || stored.scalar_type() != tensor.scalar_type())
            reshaped.push_back(fmt::format("'{}' is {} in the file but {} in the model", name,
                                           describe(stored), describe(tensor)));
        ordered.push_back(stored);
    }
    for (const std::string& name : savedOrder)
        if (expectedNames.count(name) == 0)
            unexpected.push_back(name);
    if (reshaped.empty() && missing.empty() && unexpected.empty())
        return ordered;

    std::vector<std::string> problems;
    if (!reshaped.empty())
        problems.push_back(fmt::format(
            "{}", fmt::join(reshaped.begin(),
                            reshaped.begin() +
                                static_cast<std::ptrdiff_t>(std::min(reshaped.size(), kNamesShown)),
                            "; ")));
    if (reshaped.size() > kNamesShown)
        problems.push_back(
            fmt::format("{} more tensors differ in shape or type", reshaped.size() - kNamesShown));
    if (!missing.empty())
        problems.push_back(fmt::format("{} of the model's tensors are not in the file: {}",
                                       missing.size(), someNames(missing)));
    if (!unexpected.empty())
        problems.push_back(fmt::format("{} of the file's tensors are not in the model: {}",
                                       unexpected.size(), someNames(unexpected)));
    // The saved config says what the file was made for, which is usually the real answer.
    std::string madeFor;
    const nlohmann::json config = nlohmann::json::parse(configJson, nullptr, false);
    if (config.is_object() && config.contains("architecture") && config["architecture"].is_string())
        madeFor = fmt::format("(saved from '{}') ", config["architecture"].get<std::string>());
    throw corrupt(path,
                  fmt::format("{}does not fit this model: {}", madeFor, fmt::join(problems, "; ")));
}

/// Checks the optimiser's kind and parameter groups against the saved ones.
void checkOptimizer(Section& section, const torch::optim::Optimizer& optimizer,
                    const std::string& path)
{
    const std::string savedKind = section.text("kind");
    const std::string kind = optimizerKind(optimizer);
    if (savedKind != kind)
        throw corrupt(path, fmt::format("holds the state of the '{}' optimiser, but the run uses "
                                        "'{}' (key '{}')",
                                        savedKind, kind, section.key("kind")));
    const auto& groups = optimizer.param_groups();
    const std::int64_t savedGroups = section.integer("groups");
    if (savedGroups != static_cast<std::int64_t>(groups.size()))
        throw corrupt(path, fmt::format("holds {} optimiser parameter groups where the optimiser "
                                        "has {} (key '{}')",
                                        savedGroups, groups.size(), section.key("groups")));
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const std::vector<torch::Tensor>& params = groups[g].params();
        const std::string sizeKey = fmt::format("group/{}/size", g);
        const std::int64_t savedSize = section.integer(sizeKey);
        if (savedSize != static_cast<std::int64_t>(params.size()))
            throw corrupt(path, fmt::format("holds {} tensors in optimiser group {} where the "
                                            "optimiser has {} (key '{}')",
                                            savedSize, g, params.size(), section.key(sizeKey)));
        for (std::size_t j = 0; j < params.size(); ++j) {
            const std::string shapeKey = fmt::format("group/{}/shape/{}", g, j);
            const std::vector<std::int64_t> shape = section.integers(shapeKey);
            if (params[j].sizes() != c10::IntArrayRef(shape))
                throw corrupt(path,
                              fmt::format("key '{}': the optimiser's tensor is [{}], the "
                                          "file's [{}]",
                                          section.key(shapeKey), fmt::join(params[j].sizes(), ", "),
                                          fmt::join(shape, ", ")));
        }
    }
}

ReduceLrOnPlateau::State readPlateau(Section section)
{
    ReduceLrOnPlateau::State state;
    state.learningRate = section.real("learningRate");
    state.best = section.real("best");
    state.badEpochs = static_cast<int>(section.integer("badEpochs"));
    state.cooldownLeft = static_cast<int>(section.integer("cooldownLeft"));
    return state;
}

torch::Device deviceOf(const ClassifierNet& model)
{
    for (const auto& item : modelTensors(model))
        return item.second.device();
    return torch::kCPU;
}

} // namespace

bool TrainingProgress::operator==(const TrainingProgress& other) const
{
    // Bitwise for the doubles: a resumed run must see exactly the saved sums; ±infinity
    // compares equal to itself this way too.
    auto same = [](double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; };
    return epoch == other.epoch && batchInEpoch == other.batchInEpoch && step == other.step &&
           same(epochLossSum, other.epochLossSum) && epochCorrect == other.epochCorrect &&
           epochSeen == other.epochSeen && same(stepLossSum, other.stepLossSum) &&
           stepLossCount == other.stepLossCount && same(bestMetric, other.bestMetric) &&
           bestEpoch == other.bestEpoch &&
           epochsWithoutImprovement == other.epochsWithoutImprovement &&
           metricsRows == other.metricsRows;
}

std::string encodeCheckpoint(ClassifierNet& model, torch::optim::Optimizer& optimizer,
                             const ReduceLrOnPlateau* plateau, const TrainingProgress& progress,
                             const std::string& configJson,
                             const std::map<std::string, double>& extras)
{
    OutputArchive archive;
    const auto unit = archive.compilation_unit();
    archive.write("format", c10::IValue(std::string(kFormatName)));
    archive.write("config", c10::IValue(configJson));

    OutputArchive progressArchive(unit);
    writeProgress(progressArchive, progress);
    archive.write("progress", progressArchive);

    OutputArchive extrasArchive(unit);
    extrasArchive.write("count", c10::IValue(static_cast<std::int64_t>(extras.size())));
    std::int64_t index = 0;
    for (const auto& [name, value] : extras) {
        extrasArchive.write(fmt::format("name/{}", index), c10::IValue(name));
        extrasArchive.write(fmt::format("value/{}", index), c10::IValue(value));
        ++index;
    }
    archive.write("extras", extrasArchive);

    // Names go beside the tensors rather than into the keys: archive keys become TorchScript
    // attribute names, and state-dict names contain dots.
    OutputArchive modelArchive(unit);
    const auto tensors = modelTensors(model);
    modelArchive.write("count", c10::IValue(static_cast<std::int64_t>(tensors.size())));
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        modelArchive.write(fmt::format("name/{}", i), c10::IValue(tensors[i].first));
        modelArchive.write(fmt::format("tensor/{}", i), tensors[i].second.detach(),
                           /*is_buffer=*/true);
    }
    archive.write("model", modelArchive);

    OutputArchive optimizerArchive(unit);
    optimizerArchive.write("kind", c10::IValue(optimizerKind(optimizer)));
    const auto& groups = optimizer.param_groups();
    optimizerArchive.write("groups", c10::IValue(static_cast<std::int64_t>(groups.size())));
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const std::vector<torch::Tensor>& params = groups[g].params();
        optimizerArchive.write(fmt::format("group/{}/size", g),
                               c10::IValue(static_cast<std::int64_t>(params.size())));
        for (std::size_t j = 0; j < params.size(); ++j)
            optimizerArchive.write(fmt::format("group/{}/shape/{}", g, j),
                                   c10::IValue(params[j].sizes().vec()));
        // Optimizer::load() reads the groups' options but never applies them, so the options
        // (learning rates above all) are saved and restored here.
        OutputArchive options(unit);
        groups[g].options().serialize(options);
        optimizerArchive.write(fmt::format("group/{}/options", g), options);
    }
    OutputArchive state(unit);
    optimizer.save(state);
    optimizerArchive.write("state", state);
    archive.write("optimizer", optimizerArchive);

    if (plateau) {
        const ReduceLrOnPlateau::State& plateauState = plateau->state();
        OutputArchive plateauArchive(unit);
        plateauArchive.write("learningRate", c10::IValue(plateauState.learningRate));
        plateauArchive.write("best", c10::IValue(plateauState.best));
        plateauArchive.write("badEpochs",
                             c10::IValue(static_cast<std::int64_t>(plateauState.badEpochs)));
        plateauArchive.write("cooldownLeft",
                             c10::IValue(static_cast<std::int64_t>(plateauState.cooldownLeft)));
        archive.write("plateau", plateauArchive);
    }

    at::Generator generator = defaultGenerator();
    torch::Tensor generatorState;
    {
        std::lock_guard<std::mutex> lock(generator.mutex());
        generatorState = generator.get_state();
    }
    archive.write("generator", generatorState, /*is_buffer=*/true);

    std::string bytes(kHeaderSize, '\0');
    archive.save_to([&bytes](const void* data, std::size_t size) {
        bytes.append(static_cast<const char*>(data), size);
        return size;
    });
    const std::size_t payloadSize = bytes.size() - kHeaderSize;
    std::memcpy(bytes.data(), kMagic, sizeof(kMagic));
    char* header = bytes.data() + sizeof(kMagic);
    putLittleEndian(header, kCheckpointFormatVersion, 4);
    putLittleEndian(header + 4, checksum(bytes.data() + kHeaderSize, payloadSize), 4);
    putLittleEndian(header + 8, payloadSize, 8);
    return bytes;
}

void saveCheckpoint(const std::string& path, ClassifierNet& model,
                    torch::optim::Optimizer& optimizer, const ReduceLrOnPlateau* plateau,
                    const TrainingProgress& progress, const std::string& configJson,
                    const std::map<std::string, double>& extras)
{
    writeFileAtomically(path,
                        encodeCheckpoint(model, optimizer, plateau, progress, configJson, extras));
}

TrainingCheckpoint loadCheckpoint(const std::string& path, ClassifierNet& model,
                                  torch::optim::Optimizer& optimizer, ReduceLrOnPlateau* plateau)
{
    Section root = openCheckpoint(path, deviceOf(model));
    TrainingCheckpoint checkpoint = readInfo(root);

    // Read and check everything first, so that a file that does not fit changes nothing.
    const std::vector<torch::Tensor> saved =
        readModelTensors(root.section("model"), model, path, checkpoint.configJson);
    Section optimizerSection = root.section("optimizer");
    checkOptimizer(optimizerSection, optimizer, path);
    std::vector<Section> groupOptions;
    for (std::size_t g = 0; g < optimizer.param_groups().size(); ++g)
        groupOptions.push_back(optimizerSection.section(fmt::format("group/{}/options", g)));
    Section state = optimizerSection.section("state");
    std::optional<ReduceLrOnPlateau::State> plateauState;
    if (plateau) {
        if (!root.has("plateau"))
            throw corrupt(path, "has no 'plateau' section, but the run uses the plateau schedule");
        plateauState = readPlateau(root.section("plateau"));
    }
    const torch::Tensor generatorState = root.tensor("generator").to(torch::kCPU);
    at::Generator generator = defaultGenerator();
    {
        std::lock_guard<std::mutex> lock(generator.mutex());
        const torch::Tensor current = generator.get_state();
        if (generatorState.scalar_type() != current.scalar_type() ||
            generatorState.sizes() != current.sizes())
            throw corrupt(path, fmt::format("key 'generator' is {}, the generator's state {}",
                                            describe(generatorState), describe(current)));
    }

    try {
        torch::NoGradGuard noGrad;
        const auto tensors = modelTensors(model);
        for (std::size_t i = 0; i < tensors.size(); ++i)
            tensors[i].second.copy_(saved[i]);
        // State of parameters the file has none for (never stepped) must not survive either.
        optimizer.state().clear();
        optimizer.load(state.archive());
        for (std::size_t g = 0; g < groupOptions.size(); ++g)
            optimizer.param_groups()[g].options().serialize(groupOptions[g].archive());
        if (plateau)
            plateau->restore(*plateauState);
        std::lock_guard<std::mutex> lock(generator.mutex());
        generator.set_state(generatorState);
    } catch (const c10::Error& error) {
        throw corrupt(path, fmt::format("cannot be restored: {}", torchMessage(error)));
    }
    return checkpoint;
}

TrainingCheckpoint readCheckpoint(const std::string& path)
{
    Section root = openCheckpoint(path, torch::kCPU);
    return readInfo(root);
}

std::string readCheckpointConfig(const std::string& path)
{
    return readCheckpoint(path).configJson;
}

} // namespace fovea
