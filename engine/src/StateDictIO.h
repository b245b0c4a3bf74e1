#pragma once

#include "fovea/Model.h"
#include "models/ClassifierNet.h"

#include <string>
#include <utility>
#include <vector>

namespace fovea {

/// A state dict as read from a file: (key, tensor) in file order.
using StateDict = std::vector<std::pair<std::string, torch::Tensor>>;

/// Reads a zip-format pickle holding a dict of string → tensor (what `torch.save` of a state
/// dict, an OrderedDict, or of a plain dict writes, and writeStateDict() writes), or a dict with
/// such a dict under "state_dict" (a Fovea model file, a Python training checkpoint). Throws
/// Error(CorruptFile) naming the file for anything else: not a zip, truncated, another pickle
/// protocol, non-tensor values, absurd sizes.
StateDict readStateDict(const std::string& path);

/// The guarded read under readStateDict() and the model file: the whole zip-format pickle at
/// `path` as one value. `fileKind` names the file in messages ("weights file", "model file"),
/// `format` says what it should have been. Throws Error(NotFound) for a missing file and
/// Error(CorruptFile) naming it for a file over 4 GiB, a Fovea checkpoint, or one torch cannot
/// unpickle (the reason's first line, without libtorch's backtrace). What libtorch alone cannot
/// read, OrderedDicts first, is rewritten for it (see readableByLibtorch()).
c10::IValue readPickleFile(const std::string& path, const std::string& fileKind,
                           const std::string& format);

/// The (key, tensor) entries of a dict read from a file, in file order. Throws
/// Error(CorruptFile) for a key that is not a string or a value that is not a tensor; `where`
/// starts each message (e.g. "'weights.pt'").
StateDict stateDictFromDict(const c10::impl::GenericDict& dict, const std::string& where);

/// `dict` as the value writeStateDict() pickles: contiguous tensors under their keys, in order.
c10::Dict<std::string, at::Tensor> stateDictValue(const StateDict& dict);

/// Every parameter and buffer of `model` under its registered name, on the CPU.
StateDict stateDictOf(const torch::nn::Module& model);

/// Writes `dict` atomically in the format readStateDict() and Python's torch.load read.
void writeStateDict(const std::string& path, const StateDict& dict);

/// Copies `dict` into `model`. Keys under the model's head whose shapes differ (another class
/// count) are skipped and the head keeps its initialisation; keys of auxiliary heads the model
/// does not build are skipped. Anything else that does not fit is an error listing every
/// offending key; the model is left unchanged then. `source` names the file in messages.
WeightImportReport applyStateDict(ClassifierNet& model, const StateDict& dict,
                                  const std::string& source);

} // namespace fovea
