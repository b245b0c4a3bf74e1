#pragma once

#include <cstdint>
#include <string>

namespace fovea {

/// One training run, as the GUI's project file and `fovea-cli train --config` both store it.
/// Round-trips through JSON; unknown keys and bad values are errors that name the key.
struct TrainingConfig {
    std::string dataset;                    ///< folder holding the IDX files
    std::string architecture = "small-cnn"; ///< registry name
    int epochs = 5;
    int batchSize = 128;
    double learningRate = 0.05; ///< peak rate (SGD)
    double momentum = 0.9;
    double weightDecay = 5e-4;
    std::string schedule = "cosine";  ///< "constant" or "cosine" (to zero over the run)
    int inputSize = 0;                ///< network input in pixels; 0 = the dataset's own size
    std::uint64_t seed = 0;           ///< initialisation and data order
    int threads = 0;                  ///< compute threads; 0 = all cores
    std::string runsFolder = "runs";  ///< run directories are created below this
    std::int64_t trainLimit = 0;      ///< use only the first N training images; 0 = all
    std::int64_t validationLimit = 0; ///< use only the first N validation images; 0 = all
    int logEverySteps = 20;           ///< one `step` row in metrics.csv per this many batches
    bool compactStem = false;         ///< small-image stem (see ModelOptions::compactStem)
    std::string head = "default";     ///< "default", "fc" (VGG-style stack), "avg" or "max"
    double headDropout = 0.0;         ///< dropout before the last layer of a non-default head
    bool auxLogits = false;           ///< GoogLeNet / Inception v3 auxiliary classifiers
    std::string weights;              ///< state dict to start from (torchvision key names)
    std::string freezeUpTo;           ///< stage to freeze up to and including; empty: none

    /// Throws Error(InvalidArgument) naming the first bad field and what is allowed.
    void validate() const;

    /// Pretty-printed JSON with every field.
    std::string toJson() const;

    /// Parses JSON written by toJson() or by hand; missing keys keep their defaults. `source`
    /// names the file in error messages.
    static TrainingConfig fromJson(const std::string& json, const std::string& source = "config");

    bool operator==(const TrainingConfig& other) const;
    bool operator!=(const TrainingConfig& other) const { return !(*this == other); }
};

} // namespace fovea
