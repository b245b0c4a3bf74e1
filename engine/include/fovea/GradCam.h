#pragma once

#include "fovea/Classifier.h"
#include "fovea/Image.h"

#include <vector>

namespace fovea {

/// Where the network looked: Grad-CAM (Selvaraju et al., 2017) over the last feature map, for
/// the picture's evaluation input (the centre crop validation uses).
struct GradCamMap {
    int size = 0;              ///< the network input's side: the map is size × size
    std::vector<float> values; ///< row-major, in [0, 1], 1 at the peak (all 0 if nothing helps)
    int classIndex = 0;        ///< the class it explains
    float probability = 0.0f;  ///< the model's probability of that class for this picture
    Image input;               ///< the crop the network saw, size × size RGB8
};

/// Grad-CAM of `image` for `classIndex` (−1: the predicted class): the feature map's channels
/// weighted by the mean gradient of the class score over each, summed, ReLU, upsampled
/// bilinearly to the input and scaled to a peak of 1. Thread-safe like Classifier; the model's
/// parameters gain no gradient. Throws Error(InvalidArgument) for an empty image or a class
/// outside the model's.
GradCamMap gradCam(const Classifier& classifier, const Image& image, int classIndex = -1);

} // namespace fovea
