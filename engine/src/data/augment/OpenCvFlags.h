#pragma once

#include <opencv2/imgproc.hpp>

#include <string>

namespace fovea::data {

/// The OpenCV resampling flag for an interpolation choice: the index into the catalogue's
/// {"bilinear", "bicubic", "nearest", "area"}, or that name.
inline int interpolationFlag(double choice)
{
    switch (static_cast<int>(choice)) {
    case 1:
        return cv::INTER_CUBIC;
    case 2:
        return cv::INTER_NEAREST;
    case 3:
        return cv::INTER_AREA;
    default:
        return cv::INTER_LINEAR;
    }
}

inline int interpolationFlag(const std::string& name)
{
    if (name == "bicubic")
        return cv::INTER_CUBIC;
    if (name == "nearest")
        return cv::INTER_NEAREST;
    if (name == "area")
        return cv::INTER_AREA;
    return cv::INTER_LINEAR;
}

/// The OpenCV border mode for a fill choice: the index into {"constant", "edge", "reflect",
/// "wrap"}. "reflect" mirrors without repeating the edge pixel (dcb|abcd|cba), as torchvision's
/// padding_mode "reflect" does; Keras' fill_mode "reflect" repeats it (dcba|abcd), one pixel
/// apart from ours.
inline int borderMode(double fillChoice)
{
    switch (static_cast<int>(fillChoice)) {
    case 1:
        return cv::BORDER_REPLICATE;
    case 2:
        return cv::BORDER_REFLECT_101;
    case 3:
        return cv::BORDER_WRAP;
    default:
        return cv::BORDER_CONSTANT;
    }
}

} // namespace fovea::data
