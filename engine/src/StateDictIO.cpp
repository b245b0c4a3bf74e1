#include "StateDictIO.h"

#include "PickleForLibtorch.h"
#include "fovea/AtomicFile.h"
#include "fovea/Error.h"

#include <caffe2/serialize/in_memory_adapter.h>
#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/serialization/unpickler.h>
#include <torch/serialize.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

namespace fovea {
namespace {

// A state dict larger than this is not a network Fovea builds (NASNet-A Large is ~360 MB).
constexpr std::uintmax_t kMaxStateDictBytes = 4ull << 30;

// Auxiliary classifiers that torchvision checkpoints carry even when a model is built
// without them (GoogLeNet's aux1/aux2, Inception v3's AuxLogits).
const std::set<std::string> kAuxiliaryHeads{"aux1", "aux2", "AuxLogits"};

std::string firstComponent(const std::string& key)
{
    return key.substr(0, key.find('.'));
}

bool startsWith(const std::string& text, const std::string& prefix)
{
    return text.compare(0, prefix.size(), prefix) == 0;
}

std::string shapeText(const torch::Tensor& tensor)
{
    return fmt::format("{}", tensor.sizes());
}

/// At most `limit` entries, then "… and N more", so a message stays readable.
std::string listSome(const std::vector<std::string>& items, std::size_t limit = 12)
{
    std::vector<std::string> shown(items.begin(), items.begin() + std::min(limit, items.size()));
    std::string text = fmt::format("{}", fmt::join(shown, ", "));
    if (items.size() > limit)
        text += fmt::format(" … and {} more", items.size() - limit);
    return text;
}

/// What torch::pickle_load does, with data.pkl first rewritten into what libtorch reads (see
/// readableByLibtorch()); nullopt when it needs no rewrite or the rewrite cannot follow it.
std::optional<c10::IValue> unpickleRewritten(const std::string& zipBytes)
{
    caffe2::serialize::PyTorchStreamReader archive(
        std::make_unique<caffe2::serialize::MemoryReadAdapter>(zipBytes.data(), zipBytes.size()));
    const auto [record, size] = archive.getRecord("data.pkl");
    const std::optional<std::string> pickle =
        readableByLibtorch(std::string_view(static_cast<const char*>(record.get()), size));
    if (!pickle)
        return std::nullopt;
    std::size_t position = 0;
    auto read = [&](char* buffer, std::size_t length) {
        const std::size_t count = std::min(length, pickle->size() - position);
        std::copy_n(pickle->data() + position, count, buffer);
        position += count;
        return count;
    };
    auto readTensorData = [&](const std::string& name) {
        return std::get<0>(archive.getRecord("data/" + name));
    };
    torch::jit::Unpickler unpickler(read, nullptr, nullptr, readTensorData, c10::nullopt);
    unpickler.set_version(archive.version());
    return unpickler.parse_ivalue();
}

/// The weights of a model saved inside a wrapper: DataParallel and DistributedDataParallel
/// put "module." before every key, torch.optim.swa_utils.AveragedModel too, with its count of
/// averaged models beside them ("n_averaged"). Anything else is returned as it is.
StateDict withoutWrapperPrefix(StateDict dict)
{
    const std::string prefix = "module.";
    const auto wrapped = [&](const auto& entry) {
        return startsWith(entry.first, prefix) || entry.first == "n_averaged";
    };
    if (dict.empty() || !std::all_of(dict.begin(), dict.end(), wrapped) ||
        std::none_of(dict.begin(), dict.end(),
                     [&](const auto& entry) { return startsWith(entry.first, prefix); }))
        return dict;
    StateDict inner;
    for (auto& [key, tensor] : dict)
        if (key != "n_averaged")
            inner.emplace_back(key.substr(prefix.size()), std::move(tensor));
    return inner;
}

} // namespace

c10::IValue readPickleFile(const std::string& path, const std::string& fileKind,
                           const std::string& format)
{
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec)
        throw Error(ErrorCode::NotFound, fmt::format("{} '{}' not found", fileKind, path));
    if (size > kMaxStateDictBytes)
        throw Error(ErrorCode::CorruptFile,
                    fmt::format("{} '{}' is {} bytes, over the limit of {} bytes", fileKind, path,
                                size, kMaxStateDictBytes));
    const std::string bytes = readFile(path);
    if (bytes.rfind("FOVEACKP", 0) == 0)
        throw Error(ErrorCode::CorruptFile,
                    fmt::format("'{}' is a Fovea training checkpoint, not a {}: continue its run "
                                "with `fovea-cli resume`, or use the run's model.pt",
                                path, fileKind));
    bool rewriteDeclined = false;
    try {
        if (std::optional<c10::IValue> value = unpickleRewritten(bytes))
            return std::move(*value);
        rewriteDeclined = true;
        return torch::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
    } catch (const std::exception& e) {
        // libtorch 1.13's unpickler turns a collections.OrderedDict into None, then fails on an
        // internal assertion: when the rewrite could not follow the stream, say what to do.
        // (torch.save stores its pickle uncompressed, so the class name is in the bytes.)
        if (rewriteDeclined && bytes.find("collections\nOrderedDict\n") != std::string::npos)
            throw Error(ErrorCode::CorruptFile,
                        fmt::format("'{}' holds an OrderedDict in a form this libtorch cannot "
                                    "read; in Python, load it and save it again with its "
                                    "OrderedDicts as plain dicts (for a state dict: "
                                    "torch.save(dict(model.state_dict()), path))",
                                    path));
        // c10::Error's what() carries a C++ backtrace: the first line is the reason.
        const auto* torchError = dynamic_cast<const c10::Error*>(&e);
        std::string reason = torchError ? torchError->what_without_backtrace() : e.what();
        reason = reason.substr(0, std::min({std::size_t(300), reason.find('\n'),
                                            reason.find("  (Could this error message")}));
        // libtorch prints the protocol as a raw byte; say what to do instead.
        if (reason.rfind("Only Pickle protocol 2 is supported", 0) == 0)
            reason = "it is pickled with a protocol other than 2 (torch.save's pickle_protocol "
                     "argument); save it again without pickle_protocol";
        else if (reason.find("_rebuild_parameter") != std::string::npos)
            reason = "it holds nn.Parameter values (state_dict(keep_vars=True)); save "
                     "model.state_dict() without keep_vars";
        throw Error(ErrorCode::CorruptFile,
                    fmt::format("'{}' is not a readable {}: {}", path, format, reason));
    }
}

StateDict stateDictFromDict(const c10::impl::GenericDict& dict, const std::string& where)
{
    StateDict entries;
    for (const auto& entry : dict) {
        // A state dict's _metadata (module versions), kept by the pickle rewrite: not a weight.
        if (entry.key().isString() && entry.key().toStringRef() == kPickledAttributesKey)
            continue;
        if (!entry.key().isString())
            throw Error(ErrorCode::CorruptFile,
                        fmt::format("{} has a key of type {}; state dict keys are strings", where,
                                    entry.key().tagKind()));
        const std::string key = entry.key().toStringRef();
        if (!entry.value().isTensor())
            throw Error(ErrorCode::CorruptFile, fmt::format("{}: key '{}' holds a {}, not a tensor",
                                                            where, key, entry.value().tagKind()));
        entries.emplace_back(key, entry.value().toTensor());
    }
    return entries;
}

StateDict readStateDict(const std::string& path)
{
    const c10::IValue value = readPickleFile(
        path, "weights file", "PyTorch state dict (zip format, as torch.save writes since 1.6)");
    if (!value.isGenericDict())
        throw Error(ErrorCode::CorruptFile,
                    fmt::format("'{}' holds a {}, not a dict of tensors; in Python save "
                                "`model.state_dict()`",
                                path, value.tagKind()));
    const c10::impl::GenericDict dict = value.toGenericDict();
    // A Fovea model file or a Python training checkpoint ({"state_dict": …, "epoch": …}) has
    // the weights under a key: "state_dict" (Fovea, timm, Lightning), "model_state_dict"
    // (PyTorch's tutorials), "model" (torchvision's reference scripts, DeiT).
    for (const char* key : {"state_dict", "model_state_dict", "model"}) {
        const auto nested = dict.find(c10::IValue(std::string(key)));
        if (nested != dict.end() && nested->value().isGenericDict())
            return withoutWrapperPrefix(stateDictFromDict(
                nested->value().toGenericDict(), fmt::format("'{}', key '{}'", path, key)));
    }
    return withoutWrapperPrefix(stateDictFromDict(dict, fmt::format("'{}'", path)));
}

StateDict stateDictOf(const torch::nn::Module& model)
{
    StateDict dict;
    for (const auto& item : model.named_parameters(/*recurse=*/true))
        dict.emplace_back(item.key(), item.value().detach().cpu());
    for (const auto& item : model.named_buffers(/*recurse=*/true))
        dict.emplace_back(item.key(), item.value().detach().cpu());
    return dict;
}

c10::Dict<std::string, at::Tensor> stateDictValue(const StateDict& dict)
{
    c10::Dict<std::string, at::Tensor> out;
    for (const auto& [key, tensor] : dict)
        out.insert(key, tensor.contiguous());
    return out;
}

void writeStateDict(const std::string& path, const StateDict& dict)
{
    const std::vector<char> bytes = torch::pickle_save(c10::IValue(stateDictValue(dict)));
    writeFileAtomically(path, std::string_view(bytes.data(), bytes.size()));
}

WeightImportReport applyStateDict(ClassifierNet& model, const StateDict& dict,
                                  const std::string& source)
{
    std::map<std::string, torch::Tensor> targets;
    for (const auto& item : model.named_parameters(/*recurse=*/true))
        targets.emplace(item.key(), item.value());
    for (const auto& item : model.named_buffers(/*recurse=*/true))
        targets.emplace(item.key(), item.value());
    const std::string headPrefix = model.headName() + ".";

    // A head that does not fit (another class count, another head kind) is taken whole or not
    // at all: half a head from the file would be worse than a fresh one.
    bool headFits = true;
    for (const auto& [key, tensor] : dict) {
        const auto target = targets.find(key);
        if (startsWith(key, headPrefix) &&
            (target == targets.end() || target->second.sizes() != tensor.sizes()))
            headFits = false;
    }
    for (const auto& [key, target] : targets)
        if (startsWith(key, headPrefix) &&
            std::none_of(dict.begin(), dict.end(), [&](const auto& e) { return e.first == key; }))
            headFits = false;

    WeightImportReport report;
    std::vector<std::string> unknown, mismatched, missing;
    std::set<std::string> inFile;
    std::set<std::string> freshAux;                              // aux keys that keep their init
    std::vector<std::pair<torch::Tensor, torch::Tensor>> copies; // (model tensor, file tensor)
    for (const auto& [key, tensor] : dict) {
        inFile.insert(key);
        const auto target = targets.find(key);
        const bool auxiliary = kAuxiliaryHeads.count(firstComponent(key)) > 0;
        if (startsWith(key, headPrefix) && !headFits) {
            report.skipped.push_back(key);
        } else if (target == targets.end()) {
            // Aux heads the model does not build: torchvision's files carry them regardless.
            if (auxiliary)
                report.skipped.push_back(key);
            else
                unknown.push_back(key);
        } else if (target->second.sizes() != tensor.sizes()) {
            // An aux head's class layer follows the class count like the main head does.
            if (auxiliary) {
                report.skipped.push_back(key);
                freshAux.insert(key);
            } else {
                mismatched.push_back(fmt::format("{} (file {}, model {})", key, shapeText(tensor),
                                                 shapeText(target->second)));
            }
        } else {
            report.loaded.push_back(key);
            copies.emplace_back(target->second, tensor);
        }
    }
    for (const auto& [key, target] : targets) {
        if (inFile.count(key) && (headFits || !startsWith(key, headPrefix)) && !freshAux.count(key))
            continue;
        // Old checkpoints lack num_batches_tracked; Python fills it in the same way.
        const bool batchCount =
            key.size() >= 19 && key.compare(key.size() - 19, 19, "num_batches_tracked") == 0;
        if (startsWith(key, headPrefix) || freshAux.count(key) || batchCount)
            report.reinitialised.push_back(key);
        else
            missing.push_back(key);
    }

    std::vector<std::string> problems;
    if (!unknown.empty())
        problems.push_back(fmt::format("{} unknown key(s): {}", unknown.size(), listSome(unknown)));
    if (!mismatched.empty())
        problems.push_back(
            fmt::format("{} shape mismatch(es): {}", mismatched.size(), listSome(mismatched)));
    if (!missing.empty())
        problems.push_back(fmt::format("{} missing key(s): {}", missing.size(), listSome(missing)));
    if (!problems.empty())
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("weights '{}' do not fit this model: {}", source,
                                fmt::join(problems, "; ")));

    torch::NoGradGuard noGrad;
    for (auto& [target, tensor] : copies)
        target.copy_(tensor);
    return report;
}

} // namespace fovea
