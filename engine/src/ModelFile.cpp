// The Fovea model file: one plain dict pickled by torch::pickle_save (see fovea/ModelFile.h).
// Plain str/int/float/bool/list/dict values and a str → tensor state dict, so that Python's
// torch.load reads it without Fovea and torchvision takes the weights as they are.
#include "fovea/ModelFile.h"

#include "ModelFactory.h"
#include "ModelFileFields.h"
#include "ModelFileWriter.h"
#include "ModelImpl.h"
#include "StateDictIO.h"
#include "fovea/ArchitectureRegistry.h"
#include "fovea/AtomicFile.h"
#include "fovea/Error.h"

#include <torch/serialize.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <limits>

namespace fovea {
namespace {

constexpr const char* kFormatName = "fovea-model";
constexpr std::int64_t kFormatVersion = 1;

// Bounds on what a file may ask to be built. The network is allocated before its weights can be
// compared with the file's, so without them a few bytes could ask for a head of many gigabytes.
// They are far above any network Fovea trains (ImageNet-21k has 21,841 classes).
constexpr std::int64_t kMaxClasses = 100'000;
constexpr std::int64_t kMaxHiddenUnits = 65'536;
constexpr std::int64_t kMaxPoolSize = 64;
constexpr int kMaxInputSize = 4096;

struct HeadKindName {
    HeadOptions::Kind kind;
    const char* name;
};
// The same names as the training config's "head".
constexpr HeadKindName kHeadKinds[] = {{HeadOptions::Kind::Default, "default"},
                                       {HeadOptions::Kind::FullyConnected, "fc"},
                                       {HeadOptions::Kind::GlobalAveragePool, "avg"},
                                       {HeadOptions::Kind::GlobalMaxPool, "max"}};

const char* headKindName(HeadOptions::Kind kind)
{
    for (const HeadKindName& entry : kHeadKinds)
        if (entry.kind == kind)
            return entry.name;
    return "default";
}

/// At most `limit` items, then "… and N more", so that a message stays readable.
std::string listSome(const std::vector<std::string>& items, std::size_t limit = 12)
{
    const std::vector<std::string> shown(
        items.begin(), items.begin() + std::ptrdiff_t(std::min(limit, items.size())));
    std::string text = fmt::format("{}", fmt::join(shown, ", "));
    if (items.size() > limit)
        text += fmt::format(" … and {} more", items.size() - limit);
    return text;
}

std::string nowIso8601()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

// ---- writing ---------------------------------------------------------------------------------

/// A dict of str → any value (c10::Dict<std::string, IValue> has no default constructor).
c10::impl::GenericDict stringKeyedDict()
{
    return c10::impl::GenericDict(c10::StringType::get(), c10::AnyType::get());
}

void put(c10::impl::GenericDict& dict, const char* key, c10::IValue value)
{
    dict.insert(std::string(key), std::move(value));
}

c10::List<double> doubleList(const std::array<float, 3>& values)
{
    c10::List<double> list;
    for (const float value : values)
        list.push_back(double(value));
    return list;
}

c10::impl::GenericDict preprocessingValue(const Preprocessing& p)
{
    c10::List<std::int64_t> padColor;
    for (const std::uint8_t channel : p.padColor)
        padColor.push_back(channel);
    c10::impl::GenericDict dict = stringKeyedDict();
    put(dict, "mode", p.mode);
    put(dict, "mean", doubleList(p.mean));
    put(dict, "std", doubleList(p.std));
    put(dict, "crop_fraction", double(p.cropFraction));
    put(dict, "interpolation", p.interpolation);
    put(dict, "channel_order", p.channelOrder);
    put(dict, "resize", p.resize);
    put(dict, "pad_color", padColor);
    return dict;
}

c10::impl::GenericDict optionsValue(const ModelOptions& options)
{
    c10::impl::GenericDict dict = stringKeyedDict();
    put(dict, "num_classes", options.numClasses);
    put(dict, "compact_stem", options.compactStem);
    put(dict, "head", std::string(headKindName(options.head.kind)));
    put(dict, "head_dropout", options.head.dropout);
    put(dict, "head_hidden_units", options.head.hiddenUnits);
    put(dict, "head_pool_size", options.head.poolSize);
    put(dict, "aux_logits", options.auxLogits);
    put(dict, "transform_input", options.transformInput);
    return dict;
}

/// What loadModelFile() would refuse is refused here already, so that every file written loads.
void validateForWriting(const std::string& path, const ArchitectureInfo& architecture,
                        const ModelOptions& options, const ModelFileInfo& info)
{
    auto invalid = [&](const char* field, const std::string& problem) {
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("model file '{}': {} {}", path, field, problem));
    };
    if (options.numClasses < 1 || options.numClasses > kMaxClasses)
        invalid("num_classes",
                fmt::format("is {}; it must be from 1 to {}", options.numClasses, kMaxClasses));
    if (std::int64_t(info.classNames.size()) != options.numClasses)
        invalid("class_names", fmt::format("has {} names for a model of {} classes",
                                           info.classNames.size(), options.numClasses));
    if (info.inputSize < architecture.minInputSize || info.inputSize > kMaxInputSize)
        invalid("input_size",
                fmt::format("is {} px; '{}' takes {} to {} px", info.inputSize, architecture.name,
                            architecture.minInputSize, kMaxInputSize));
    if (options.head.hiddenUnits < 1 || options.head.hiddenUnits > kMaxHiddenUnits ||
        options.head.poolSize < 1 || options.head.poolSize > kMaxPoolSize)
        invalid("model_options", fmt::format("head hidden units {} / pool size {} are outside "
                                             "[1, {}] / [1, {}]",
                                             options.head.hiddenUnits, options.head.poolSize,
                                             kMaxHiddenUnits, kMaxPoolSize));
    if (!(options.head.dropout >= 0.0 && options.head.dropout <= 1.0))
        invalid("head_dropout", fmt::format("is {}; it must be in [0, 1]", options.head.dropout));
    try {
        info.preprocessing.validate();
    } catch (const Error& error) {
        invalid("preprocessing:", error.what());
    }
}

void writeModelFile(const std::string& path, const StateDict& weights,
                    const std::string& architectureName, const ModelOptions& options,
                    const ModelFileInfo& info)
{
    const ArchitectureInfo& architecture = fovea::architecture(architectureName);
    validateForWriting(path, architecture, options, info);

    c10::List<std::string> classNames;
    for (const std::string& name : info.classNames)
        classNames.push_back(name);
    c10::Dict<std::string, double> metrics;
    for (const auto& [name, value] : info.metrics)
        metrics.insert(name, value);

    // Insertion order is kept (c10::Dict is ordered): Python shows the keys in this order.
    c10::impl::GenericDict file = stringKeyedDict();
    put(file, "format", std::string(kFormatName));
    put(file, "version", kFormatVersion);
    put(file, "architecture", architectureName);
    put(file, "class_names", classNames);
    put(file, "input_size", std::int64_t(info.inputSize));
    put(file, "preprocessing", preprocessingValue(info.preprocessing));
    put(file, "model_options", optionsValue(options));
    put(file, "state_dict", stateDictValue(weights));
    put(file, "metrics", metrics);
    put(file, "created", info.created.empty() ? nowIso8601() : info.created);

    const std::vector<char> bytes = torch::pickle_save(c10::IValue(file));
    writeFileAtomically(path, std::string_view(bytes.data(), bytes.size()));
}

// ---- reading ---------------------------------------------------------------------------------

Preprocessing readPreprocessing(const ModelFileFields& fields)
{
    Preprocessing p;
    p.mode = fields.string("mode");
    p.mean = fields.floats3("mean");
    p.std = fields.floats3("std");
    p.cropFraction = float(fields.number("crop_fraction", 0.0, 1.0));
    p.interpolation = fields.string("interpolation");
    p.channelOrder = fields.string("channel_order");
    p.resize = fields.string("resize");
    p.padColor = fields.bytes3("pad_color");
    try {
        p.validate();
    } catch (const Error& error) {
        throw Error(ErrorCode::CorruptFile, fmt::format("model file '{}': key 'preprocessing': {}",
                                                        fields.path(), error.what()));
    }
    return p;
}

ModelOptions readOptions(const ModelFileFields& fields)
{
    ModelOptions options;
    options.numClasses = fields.integer("num_classes", 1, kMaxClasses);
    options.compactStem = fields.boolean("compact_stem");
    const std::string head = fields.string("head");
    const auto kind = std::find_if(std::begin(kHeadKinds), std::end(kHeadKinds),
                                   [&](const HeadKindName& entry) { return head == entry.name; });
    if (kind == std::end(kHeadKinds))
        fields.fail("head", fmt::format("is '{}'; expected default, fc, avg or max", head));
    options.head.kind = kind->kind;
    options.head.dropout = fields.number("head_dropout", 0.0, 1.0);
    options.head.hiddenUnits = fields.integer("head_hidden_units", 1, kMaxHiddenUnits);
    options.head.poolSize = fields.integer("head_pool_size", 1, kMaxPoolSize);
    options.auxLogits = fields.boolean("aux_logits");
    options.transformInput = fields.boolean("transform_input");
    return options;
}

std::map<std::string, double> readMetrics(const ModelFileFields& fields)
{
    std::map<std::string, double> metrics;
    for (const auto& entry : fields.dict()) {
        if (!entry.key().isString())
            fields.fail(describeValue(entry.key()), "is not a name; metric names are strings");
        const std::string name = entry.key().toStringRef();
        if (entry.value().isDouble())
            metrics[name] = entry.value().toDouble();
        else if (entry.value().isInt())
            metrics[name] = double(entry.value().toInt());
        else
            fields.fail(name,
                        fmt::format("holds {}; expected a number", describeValue(entry.value())));
    }
    return metrics;
}

/// The weights, each checked to hold no more numbers than its storage in the file does: a
/// tensor expanded over one element could otherwise claim terabytes.
StateDict readWeights(const ModelFileFields& file, std::int64_t& elements)
{
    const c10::IValue value = file.value("state_dict");
    if (!value.isGenericDict())
        file.fail("state_dict",
                  fmt::format("holds {}; expected a dict of str → tensor", describeValue(value)));
    StateDict weights = stateDictFromDict(
        value.toGenericDict(), fmt::format("model file '{}', key 'state_dict'", file.path()));
    elements = 0;
    for (const auto& [key, tensor] : weights) {
        const bool backed = tensor.layout() == torch::kStrided && tensor.has_storage() &&
                            (tensor.numel() == 0 ||
                             std::uint64_t(tensor.numel()) * std::uint64_t(tensor.element_size()) <=
                                 std::uint64_t(tensor.storage().nbytes()));
        if (!backed)
            file.fail("state_dict",
                      fmt::format("entry '{}' is a {} tensor of {} numbers that the file does not "
                                  "hold (a view, sparse or expanded tensor); expected plain dense "
                                  "tensors",
                                  key, fmt::format("{}", tensor.sizes()), tensor.numel()));
        elements += tensor.numel();
    }
    return weights;
}

/// A fully connected head's size is the product of the feature channels, the pool area and the
/// hidden units, so its options could ask for far more than the file holds. The feature
/// channels come from a probe with a one-unit head (one backbone more, only for this kind);
/// a head larger than the whole state dict cannot be what the file holds.
void checkFullyConnectedHead(const ModelFileFields& file, const std::string& architecture,
                             const ModelOptions& options, std::int64_t fileElements)
{
    if (options.head.kind != HeadOptions::Kind::FullyConnected)
        return;
    ModelOptions probeOptions = options;
    probeOptions.numClasses = 1;
    probeOptions.head.hiddenUnits = 1;
    probeOptions.head.poolSize = 1;
    probeOptions.layout = MemoryLayout::Contiguous;
    const ClassifierNetPtr probe = createModel(architecture, probeOptions);
    const std::string prefix = probe->headName() + ".";
    std::int64_t probeHead = 0;
    for (const auto& item : probe->named_parameters(/*recurse=*/true))
        if (item.key().compare(0, prefix.size(), prefix) == 0)
            probeHead += item.value().numel();
    // Linear(C, 1) + Linear(1, 1) + Linear(1, 1): C + 5 numbers.
    const std::int64_t channels = std::max<std::int64_t>(1, probeHead - 5);
    const std::int64_t hidden = options.head.hiddenUnits;
    const std::int64_t pool = options.head.poolSize;
    const std::int64_t n = options.numClasses;
    const std::int64_t head =
        (channels * pool * pool + 1) * hidden + (hidden + 1) * hidden + (hidden + 1) * n;
    if (head > fileElements)
        file.fail("model_options",
                  fmt::format("asks for an 'fc' head of {} parameters, more than the {} numbers "
                              "of the whole 'state_dict'",
                              head, fileElements));
}

/// Loads every tensor of the file into `model`, which must take all of them and nothing else.
void loadExactly(Model& model, const StateDict& weights, const std::string& path)
{
    const std::string where =
        fmt::format("model file '{}': key 'state_dict' does not fit '{}' built with the file's "
                    "model_options",
                    path, model.info().name);
    WeightImportReport report;
    try {
        report = applyStateDict(*model.impl().network, weights, path);
    } catch (const Error& error) {
        throw Error(ErrorCode::CorruptFile, fmt::format("{}: {}", where, error.what()));
    }
    // applyStateDict() forgives a head of another shape and absent aux heads (for fine-tuning);
    // a model file must hold the network as it was, so both are errors here.
    std::vector<std::string> problems;
    if (!report.skipped.empty())
        problems.push_back(fmt::format("{} tensor(s) in the file that the network has in another "
                                       "shape or not at all: {}",
                                       report.skipped.size(), listSome(report.skipped)));
    if (!report.reinitialised.empty())
        problems.push_back(fmt::format("{} tensor(s) of the network missing from the file or of "
                                       "another shape there: {}",
                                       report.reinitialised.size(),
                                       listSome(report.reinitialised)));
    if (!problems.empty())
        throw Error(ErrorCode::CorruptFile,
                    fmt::format("{}: {}", where, fmt::join(problems, "; ")));
}

/// True for a dict whose values are all tensors: a state dict saved on its own.
bool looksLikeStateDict(const c10::impl::GenericDict& dict)
{
    if (dict.size() == 0)
        return false;
    for (const auto& entry : dict)
        if (!entry.value().isTensor())
            return false;
    return true;
}

} // namespace

void saveModelFile(const std::string& path, const Model& model, const ModelFileInfo& info)
{
    const std::string& name = model.info().name;
    if (!info.architecture.empty() && info.architecture != name)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("model file '{}': architecture '{}' given for a '{}' model", path,
                                info.architecture, name));
    writeModelFile(path, stateDictOf(*model.impl().network), name, model.options(), info);
}

void saveModelFile(const std::string& path, const ClassifierNet& net, const ModelFileInfo& info)
{
    if (info.architecture.empty())
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("model file '{}': no architecture given", path));
    writeModelFile(path, stateDictOf(net), info.architecture, info.options, info);
}

void saveTrainedModelFile(const std::string& path, const ClassifierNet& net, ModelFileInfo info,
                          const EvaluationReport& report, bool testTimeFlip)
{
    info.metrics["validation_accuracy"] = report.top1;
    info.metrics["validation_top5"] = report.top5;
    info.metrics["validation_loss"] = report.loss;
    if (testTimeFlip)
        info.metrics[kTestTimeFlipMetric] = 1.0;
    saveModelFile(path, net, info);
}

std::string writeRunOutputs(const std::string& runDirectory, const ClassifierNet& net,
                            ModelFileInfo info, const EvaluationReport& report, bool testTimeFlip)
{
    writeEvaluationReport(report, runDirectory, "evaluation");
    const std::string modelFile = (std::filesystem::path(runDirectory) / "model.pt").string();
    saveTrainedModelFile(modelFile, net, std::move(info), report, testTimeFlip);
    return modelFile;
}

LoadedModelFile loadModelFile(const std::string& path)
{
    const c10::IValue root = readPickleFile(
        path, "model file", "Fovea model file (a zip written by torch.save or Fovea)");
    if (!root.isGenericDict())
        throw Error(ErrorCode::CorruptFile,
                    fmt::format("'{}' holds {}, not a Fovea model file (a dict with \"format\": "
                                "\"{}\")",
                                path, describeValue(root), kFormatName));
    const ModelFileFields file(root.toGenericDict(), path);
    if (!file.has("format") && looksLikeStateDict(file.dict()))
        file.fail("format", "is missing: this is a plain state dict, not a Fovea model file; use "
                            "it as starting weights instead (a training config's \"weights\")");
    const std::string format = file.string("format");
    if (format != kFormatName)
        file.fail("format",
                  fmt::format("is '{}'; a Fovea model file has '{}'", format, kFormatName));
    const std::int64_t version =
        file.integer("version", 1, std::numeric_limits<std::int64_t>::max());
    if (version > kFormatVersion)
        file.fail("version", fmt::format("is {}: the file was written by a newer Fovea; this one "
                                         "reads version {}",
                                         version, kFormatVersion));

    ModelFileInfo info;
    info.architecture = file.string("architecture");
    const auto& known = architectures();
    const auto entry = std::find_if(known.begin(), known.end(), [&](const ArchitectureInfo& a) {
        return a.name == info.architecture;
    });
    if (entry == known.end())
        file.fail("architecture", fmt::format("is '{}', which this Fovea does not know; known: {}",
                                              info.architecture, architectureNames()));
    info.classNames = file.strings("class_names", kMaxClasses);
    if (info.classNames.empty())
        file.fail("class_names", "is empty");
    info.inputSize = int(file.integer("input_size", entry->minInputSize, kMaxInputSize));
    info.preprocessing = readPreprocessing(file.child("preprocessing"));
    info.options = readOptions(file.child("model_options"));
    if (info.options.numClasses != std::int64_t(info.classNames.size()))
        file.fail("model_options.num_classes",
                  fmt::format("is {} but 'class_names' has {} names", info.options.numClasses,
                              info.classNames.size()));
    if (file.has("metrics"))
        info.metrics = readMetrics(file.child("metrics"));
    if (file.has("created"))
        info.created = file.string("created");

    std::int64_t elements = 0;
    const StateDict weights = readWeights(file, elements);
    checkFullyConnectedHead(file, info.architecture, info.options, elements);
    Model model(info.architecture, info.options);
    loadExactly(model, weights, path);
    model.impl().network->eval();
    return LoadedModelFile{std::move(info), std::move(model)};
}

} // namespace fovea
