#pragma once

#include "fovea/ArchitectureInfo.h"
#include "fovea/Model.h"
#include "fovea/ModelOptions.h"

#include <map>
#include <string>
#include <vector>

namespace fovea {

/// Everything a model file holds besides the weights: what is needed to rebuild the network and
/// to feed it exactly as in training.
struct ModelFileInfo {
    std::string architecture;              ///< registry name, e.g. "resnet18"
    std::vector<std::string> classNames;   ///< index i is the class of output i
    int inputSize = 0;                     ///< network input in pixels (square)
    Preprocessing preprocessing;           ///< resolved: for mode "dataset" the dataset's figures
    ModelOptions options;                  ///< as built; `layout` is not stored (a runtime choice)
    std::map<std::string, double> metrics; ///< e.g. "validation_accuracy"; may be empty
    /// When the file was written, ISO 8601 UTC ("2024-05-01T12:00:00Z"); saveModelFile() fills
    /// it in when empty. Empty after loading a file that has none.
    std::string created;
};

/// The metrics key that is 1 when the validation figures beside it average each picture with its
/// mirror image (TrainingConfig::testTimeFlip): evaluations that should reproduce them do too.
inline constexpr const char* kTestTimeFlipMetric = "test_time_flip";

/// True when `info.metrics` says the validation used test-time flip (kTestTimeFlipMetric).
inline bool validatedWithTestTimeFlip(const ModelFileInfo& info)
{
    const auto found = info.metrics.find(kTestTimeFlipMetric);
    return found != info.metrics.end() && found->second != 0.0;
}

/// Writes `model` and `info` as a Fovea model file, atomically (the previous file stays whole
/// until the new one is complete).
///
/// The file is a zip written by torch::pickle_save holding a plain dict, so Python reads it with
/// `d = torch.load(path)` and torchvision takes `d["state_dict"]` with
/// `load_state_dict(strict=True)` (torchvision architectures with their default head):
///   "format": "fovea-model", "version": 1, "architecture": str, "class_names": [str],
///   "input_size": int,
///   "preprocessing": {"mode", "mean", "std", "crop_fraction", "interpolation",
///                     "channel_order", "resize", "pad_color"},
///   "model_options": {"num_classes", "compact_stem", "head" ("default", "fc", "avg", "max"),
///                     "head_dropout", "head_hidden_units", "head_pool_size", "aux_logits",
///                     "transform_input"},
///   "state_dict": {str: tensor} (torchvision key names, contiguous CPU tensors),
///   "metrics": {str: float}, "created": str.
/// (PyTorch 2.6 and later load with weights_only=True by default, which refuses the type tags
/// torch::pickle_save writes around containers, torch.jit._pickle.restore_type_tag: pass
/// weights_only=False for a trusted file.)
///
/// The architecture and options written are the model's own; `info.architecture` may be empty,
/// and `info.options` is ignored. Throws Error(InvalidArgument) naming the file and the field
/// when `info.architecture` names another network, the class names do not match the class
/// count, the input size is outside [the architecture's minimum, 4096] or the preprocessing is
/// invalid; Error(Io) when writing fails.
void saveModelFile(const std::string& path, const Model& model, const ModelFileInfo& info);

/// A model file as read back: the network (in evaluation mode, its weights loaded) and the rest.
struct LoadedModelFile {
    ModelFileInfo info;
    Model model;
};

/// Reads a file written by saveModelFile() (or by Python, keeping its layout). Errors name the
/// file and the key at fault: Error(NotFound) for a missing file; Error(CorruptFile) for
/// anything else that is wrong: not a zip or truncated, "format" missing (a plain state dict:
/// use Model::importWeights) or not "fovea-model", a newer "version", a key missing or of the
/// wrong type or range, an unknown architecture, or a "state_dict" that does not fit the
/// architecture and options exactly (every key, every shape). A malformed file is never a crash
/// or an allocation far beyond its size.
LoadedModelFile loadModelFile(const std::string& path);

} // namespace fovea
