#pragma once

#include <cmath>

namespace fovea::data {

/// The arithmetic of torchvision's Resize(int) and CenterCrop / FiveCrop, shared by the
/// evaluation input (SampleTransform) and the test-time crops so that both cut the same pixels.

/// Python's round() (half to even), which torchvision's CenterCrop uses for its offsets.
inline int pythonRound(double value)
{
    return int(std::nearbyint(value));
}

/// The shorter side an evaluation picture is resized to before its centre crop.
inline int shorterSideForCrop(int inputSize, float cropFraction)
{
    return int(std::lround(double(inputSize) / double(cropFraction)));
}

struct ResizedSize {
    int width = 0;
    int height = 0;
};

/// Resize(shorter): the shorter side becomes `shorter`, the longer int(shorter * long / short)
/// (truncated, as torchvision does).
inline ResizedSize resizeShorterSide(int width, int height, int shorter)
{
    if (width <= height)
        return {shorter, int(double(shorter) * height / width)};
    return {int(double(shorter) * width / height), shorter};
}

/// CenterCrop's offset along one side: int(round((length - crop) / 2.0)).
inline int centreOffset(int length, int crop)
{
    return pythonRound((length - crop) / 2.0);
}

} // namespace fovea::data
