#pragma once

#include "fovea/ArchitectureInfo.h"
#include "fovea/Image.h"

#include <string>
#include <vector>

namespace fovea {

/// Which views of one picture are classified and averaged at test time (the ten-crop protocol
/// of Krizhevsky et al. and the multi-scale one of Simonyan & Zisserman), and what the crops
/// inspector shows.
struct TestTimeCropSpec {
    /// "center" (one crop), "five" (centre and four corners, torchvision FiveCrop) or "ten" (the
    /// five and their mirror images, TenCrop).
    std::string crops = "center";
    /// Shorter sides, in pixels, the picture is resized to before cutting (one set of crops
    /// each). Empty: the preprocessing's own, round(inputSize / cropFraction).
    std::vector<int> scales;

    /// Throws Error(InvalidArgument) naming the field and the value at fault.
    void validate() const;
    bool operator==(const TestTimeCropSpec& other) const
    {
        return crops == other.crops && scales == other.scales;
    }
    bool operator!=(const TestTimeCropSpec& other) const { return !(*this == other); }
};

/// Where one test-time crop comes from.
struct CropBox {
    /// The region of the original picture that becomes the crop, in its pixels (fractional:
    /// the crop is cut after resizing). For the "pad" policy's evaluation input it reaches
    /// beyond the picture by the padding.
    double x = 0.0;
    double y = 0.0;
    double width = 0.0;
    double height = 0.0;
    bool flipped = false; ///< mirrored left to right after cutting
    int scale = 0;        ///< the shorter side the picture was resized to, in pixels
    std::string position; ///< "center", "top-left", "top-right", "bottom-left", "bottom-right"
};

/// The crops of a width × height picture. Per scale, in order: center, top-left, top-right,
/// bottom-left, bottom-right (five and ten), then the same five mirrored (ten).
///
/// Each crop is torchvision's Resize(scale) then the crop of inputSize², except the centre crop
/// at the preprocessing's own scale (scales empty), which is the evaluation input itself (the
/// same pixels validation and classification see, whatever the resize policy: for "squash" the
/// whole picture, for "pad" the padded square). Throws Error(InvalidArgument) for a bad spec,
/// preprocessing, size, or a scale below inputSize.
std::vector<CropBox> testTimeCropBoxes(int imageWidth, int imageHeight,
                                       const TestTimeCropSpec& spec,
                                       const Preprocessing& preprocessing, int inputSize);

/// The crops themselves, each inputSize² RGB8, in the order of testTimeCropBoxes().
std::vector<Image> testTimeCropImages(const Image& image, const TestTimeCropSpec& spec,
                                      const Preprocessing& preprocessing, int inputSize);

} // namespace fovea
