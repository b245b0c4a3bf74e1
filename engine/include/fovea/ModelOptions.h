#pragma once

#include <cstdint>

namespace fovea {

/// The classifier on top of the backbone — the seed's "final layer" choice.
struct HeadOptions {
    enum class Kind {
        Default,           ///< the architecture's own head, with torchvision's key names
        FullyConnected,    ///< VGG style: avg-pool to poolSize², flatten, 2 × (Linear, ReLU,
                           ///< Dropout), Linear
        GlobalAveragePool, ///< global average pooling, Dropout, Linear
        GlobalMaxPool,     ///< global max pooling, Dropout, Linear
    };
    Kind kind = Kind::Default;
    double dropout = 0.0;            ///< for the non-default kinds
    std::int64_t hiddenUnits = 4096; ///< FullyConnected only
    std::int64_t poolSize = 7;       ///< FullyConnected only
};

/// CPU memory layout of the convolution weights and activations.
enum class MemoryLayout {
    /// The family's faster layout (ClassifierNet::defaultChannelsLast); the environment
    /// variable FOVEA_CHANNELS_LAST=0 or =1 turns channels-last off or on for every family.
    Auto,
    Contiguous,   ///< NCHW, torchvision's default
    ChannelsLast, ///< NHWC: oneDNN's direct path, up to 2× faster on the CPU
};

/// Construction options every architecture understands.
struct ModelOptions {
    std::int64_t numClasses = 1000;
    /// For 28–64 px inputs: a stride-1 3×3 stem without the early down-sampling, so small
    /// images are not reduced to nothing before the first stage.
    bool compactStem = false;
    HeadOptions head;
    /// GoogLeNet / Inception v3: build the auxiliary classifiers (their outputs reach the
    /// trainer only in training mode).
    bool auxLogits = false;
    /// GoogLeNet / Inception v3: torchvision's transform_input (ImageNet-normalised input is
    /// re-scaled to the (x - 0.5) / 0.5 of the TF-ported weights).
    bool transformInput = false;
    MemoryLayout layout = MemoryLayout::Auto;
};

} // namespace fovea
