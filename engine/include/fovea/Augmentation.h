#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace fovea {

/// One numeric setting of an augmentation kind. Choices (fill modes, interpolations) are numbers
/// too: the index into `choices`; JSON writes and reads them by name.
struct AugmentationParameter {
    std::string name;    ///< JSON key, e.g. "scale_min"
    std::string summary; ///< one line for tooltips and `fovea-cli augmentations`
    double defaultValue = 0.0;
    double minimum = 0.0;
    double maximum = 0.0;
    bool integer = false;             ///< whole numbers only (pixel sizes)
    std::vector<std::string> choices; ///< non-empty: the value is an index into these names
};

/// What the catalogue says of one augmentation kind, enough for a front end to build an editor.
struct AugmentationKind {
    std::string name;    ///< e.g. "random_resized_crop"
    std::string summary; ///< one line on what it does and where it comes from
    /// Batch-level kinds (mixup, cutmix) mix whole batches and their labels; they run after
    /// every per-sample step, and the preview does not show them.
    bool batchLevel = false;
    /// Crop kinds produce the network's input size themselves; after the other kinds the
    /// preprocessing's resize policy does it.
    bool producesInputSize = false;
    double defaultProbability = 1.0;
    std::vector<AugmentationParameter> parameters;
};

/// Every kind Fovea knows, in the order a menu lists them.
const std::vector<AugmentationKind>& augmentationKinds();

/// The kind called `name`; throws Error(InvalidArgument) listing the known names.
const AugmentationKind& augmentationKind(const std::string& name);

/// One step of a pipeline: a kind, the chance it is applied to a sample (or a batch), and its
/// settings. `parameters` holds every parameter of the kind (defaults filled in).
struct AugmentationStep {
    std::string kind;
    double probability = 1.0;
    std::map<std::string, double> parameters;

    /// A step of `kind` with the kind's default probability and parameters.
    static AugmentationStep make(const std::string& kind);
    /// The value of `name`; throws Error(InvalidArgument) when the kind has no such parameter.
    double value(const std::string& name) const;

    bool operator==(const AugmentationStep& other) const;
    bool operator!=(const AugmentationStep& other) const { return !(*this == other); }
};

/// An ordered list of steps, applied in the declared order. Data, not code: saved in configs and
/// model files, edited in the GUI, and the same list drives training and the preview.
///
/// Every random draw is a function of (seed, epoch, sample index, step position) only, so the
/// preview shows exactly what training will draw, a run can be replayed, and changing one step's
/// settings leaves the other steps' draws as they were.
struct AugmentationSpec {
    std::vector<AugmentationStep> steps;

    bool empty() const { return steps.empty(); }
    bool hasBatchLevelSteps() const;

    /// Throws Error(InvalidArgument) naming the step (position and kind) and the parameter at
    /// fault, with the allowed range.
    void validate() const;

    /// JSON: an array of objects `{"kind": "...", "probability": p, "<parameter>": value, ...}`;
    /// choices as their names. Missing keys take the kind's defaults.
    std::string toJson() const;
    /// Parses toJson()'s format; `source` names the file in error messages. Unknown kinds,
    /// unknown keys and out-of-range values are errors naming them.
    static AugmentationSpec fromJson(const std::string& json,
                                     const std::string& source = "augmentation");

    /// Named starting points: "none", "flip", "inception" (random-resized crop + flip), "vgg"
    /// (scale jitter 256–512, crop, flip, RGB shift), "alexnet" (scale jitter 256, crop, flip,
    /// PCA lighting), "howard" (random-resized crop, flip, colour jitter, PCA lighting), "small"
    /// (padded random crop + flip, for 28–64 px images).
    static AugmentationSpec preset(const std::string& name);
    static const std::vector<std::string>& presetNames();

    bool operator==(const AugmentationSpec& other) const { return steps == other.steps; }
    bool operator!=(const AugmentationSpec& other) const { return !(*this == other); }
};

} // namespace fovea
