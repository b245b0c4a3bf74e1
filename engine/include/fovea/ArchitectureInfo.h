#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace fovea {

/// How images are turned into network input for one architecture. Data, not code: the same
/// definition serves training, validation, previews and classification.
struct Preprocessing {
    /// "torch" (x/255, then mean/std), "tf" (x/127.5 - 1), "caffe" (BGR, minus mean, no scale) or
    /// "dataset" (the training set's own per-channel mean/std, computed once).
    std::string mode = "torch";
    std::array<float, 3> mean{0.485f, 0.456f, 0.406f}; ///< per channel, on the [0, 1] scale
    std::array<float, 3> std{0.229f, 0.224f, 0.225f};  ///< per channel, on the [0, 1] scale
    float cropFraction = 0.875f;                       ///< centre crop / resize, for evaluation
    std::string interpolation = "bilinear";            ///< "bilinear", "bicubic" or "nearest"
    std::string channelOrder = "RGB";                  ///< "RGB" or "BGR"
    /// How an image becomes input-sized when no crop augmentation did it: "crop" (shorter side
    /// to size / cropFraction, then the centre crop), "squash" (both sides to the size, aspect
    /// ignored) or "pad" (padded to a centred square with padColor, then resized).
    std::string resize = "crop";
    std::array<std::uint8_t, 3> padColor{0, 0, 0}; ///< RGB, for resize "pad"

    /// Throws Error(InvalidArgument) naming the field and the allowed values.
    void validate() const;
    bool operator==(const Preprocessing& other) const;
    bool operator!=(const Preprocessing& other) const { return !(*this == other); }
};

/// One entry of the architecture registry, as every front end sees it.
struct ArchitectureInfo {
    std::string name;           ///< registry key, e.g. "resnet18"
    std::string family;         ///< e.g. "ResNet"
    std::string summary;        ///< one line on the family's key idea
    int defaultInputSize = 224; ///< the input the published weights were trained at (pixels)
    int minInputSize = 32;      ///< smaller inputs are rejected with an error naming both sizes
    std::int64_t parameterCount = 0; ///< trainable parameters at 1000 classes
    std::string classifierName; ///< state-dict prefix of the final layer ("fc", "classifier.6")
    /// Weight of each auxiliary classifier's loss in training (GoogLeNet 0.3, Inception v3
    /// 0.4); 0 when the family has none.
    double auxLossWeight = 0.0;
    Preprocessing preprocessing;
    double referenceTop1 = 0.0; ///< torchvision's published ImageNet acc@1 (%), 0 when none
    /// Keras Applications' figures for the same network (0 when Keras has none): ImageNet
    /// top-1 / top-5 (%), CPU ms per 32-image inference step (AMD EPYC, 92 cores), and the
    /// parameter total Keras prints (it also counts BatchNorm moving statistics).
    double kerasTop1 = 0.0;
    double kerasTop5 = 0.0;
    double kerasCpuMsPerStep = 0.0;
    std::int64_t kerasParameterCount = 0;
};

} // namespace fovea
