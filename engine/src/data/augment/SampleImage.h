#pragma once

#include <opencv2/core.hpp>

#include <array>
#include <functional>

namespace fovea::data {

/// The picture a per-sample augmentation step works on: RGB, interleaved. It stays 8-bit while
/// the steps keep it exact (crops, flips, affine warps, PIL-style colour blends, which round and
/// clip like torchvision on PIL images) and turns into 32-bit float on the same 0–255 scale
/// once a step adds values that would lose precision in 8 bits (noise, lighting).
struct SampleImage {
    cv::Mat pixels; ///< CV_8UC3 or CV_32FC3, RGB, 0–255

    bool isFloat() const { return pixels.depth() == CV_32F; }
    /// Converts to CV_32FC3 on the same scale (no-op when already float).
    void ensureFloat()
    {
        if (!isFloat())
            pixels.convertTo(pixels, CV_32F);
    }
    int width() const { return pixels.cols; }
    int height() const { return pixels.rows; }
};

/// What a step may need to know besides its own settings.
struct AugmentContext {
    int outputSize = 224; ///< the network's input side, for crop steps
    /// The picture brought to the network input as validation brings it (the preprocessing's
    /// resize policy); unset: left as it is.
    std::function<cv::Mat(const cv::Mat&)> fitToInput;
    std::array<float, 3> meanRgb{124.f, 116.f,
                                 104.f}; ///< dataset mean, 0–255: erasing's "mean" fill
};

} // namespace fovea::data
