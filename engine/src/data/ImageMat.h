#pragma once

#include "fovea/Error.h"
#include "fovea/Image.h"

#include <fmt/format.h>
#include <opencv2/core.hpp>

#include <cstdint>
#include <cstring>

namespace fovea::data {

/// A CV_8UC3 view of a public RGB8 image, without copying. The view must not be written to:
/// SampleTransform copies before any step that works in place.
inline cv::Mat viewOf(const Image& image, const char* what)
{
    if (image.empty() ||
        image.rgb.size() != std::size_t(image.width) * std::size_t(image.height) * 3)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("{}: the image is {}x{} with {} bytes; expected a non-empty RGB8 "
                                "image of width × height × 3 bytes",
                                what, image.width, image.height, image.rgb.size()));
    return cv::Mat(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.rgb.data()));
}

/// A public RGB8 image holding a copy of `rgb` (CV_8UC3, or CV_32FC3 on the 0–255 scale, which
/// is rounded and clipped).
inline Image imageFromMat(const cv::Mat& rgb)
{
    cv::Mat bytes = rgb;
    if (rgb.depth() != CV_8U)
        rgb.convertTo(bytes, CV_8U);
    Image image;
    image.width = bytes.cols;
    image.height = bytes.rows;
    const std::size_t rowBytes = std::size_t(bytes.cols) * 3;
    if (bytes.isContinuous()) { // one copy, no zero fill first
        image.rgb.assign(bytes.data, bytes.data + rowBytes * std::size_t(bytes.rows));
        return image;
    }
    image.rgb.resize(rowBytes * std::size_t(bytes.rows));
    for (int y = 0; y < bytes.rows; ++y)
        std::memcpy(image.rgb.data() + std::size_t(y) * rowBytes, bytes.ptr(y), rowBytes);
    return image;
}

} // namespace fovea::data
