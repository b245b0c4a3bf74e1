#pragma once

#include "fovea/Image.h"

#include <opencv2/core/mat.hpp>

#include <string>

namespace fovea::data {

/// How to read the samples of a decoded cv::Mat (BGR order, as OpenCV's decoders give them:
/// 1 channel grey, 2 grey + alpha, 3 BGR, 4 BGRA).
struct PixelLayout {
    double sampleMax = 0.0;     ///< full intensity; 0: the depth's maximum (255, 65535, 1.0)
    bool premultiplied = false; ///< colour already multiplied by alpha
    Rgb8 background{255, 255, 255};
};

/// Converts any decoded picture (8/16-bit integer or float samples, 1 to 4 channels) to RGB8,
/// compositing alpha over the background. Throws Error(CorruptFile) naming `name` for a sample
/// type with no sensible meaning (signed or 32-bit integers).
Image toRgb8(const cv::Mat& decoded, const PixelLayout& layout, const std::string& name);

/// The same into a CV_8UC3 RGB cv::Mat, for the engine's own pipeline (no fovea::Image copy).
/// `out` is (re)allocated unless it already is CV_8UC3 of the decoded size, so a caller may
/// hand in a header over memory it owns; it must not share memory with `decoded`.
void toRgb8(const cv::Mat& decoded, const PixelLayout& layout, const std::string& name,
            cv::Mat& out);

/// Turns an image stored with EXIF orientation `orientation` (1..8) upright.
void applyOrientation(Image& image, int orientation);

/// The same for a CV_8UC3 cv::Mat: returns `stored` itself for orientation 1 (or an invalid
/// value), else a new upright picture.
cv::Mat applyOrientation(const cv::Mat& stored, int orientation);

} // namespace fovea::data
