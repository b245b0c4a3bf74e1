// Test-time crops behind the public, plain C++ API (fovea/TestTimeCrops.h).
#include "fovea/TestTimeCrops.h"

#include "ImageMat.h"
#include "TestTimeCropper.h"

#include "fovea/Error.h"

#include <fmt/format.h>

namespace fovea {
namespace {

// Beyond this a resized picture of an ordinary photo runs to gigabytes.
constexpr int kMaxScale = 8192;

} // namespace

void TestTimeCropSpec::validate() const
{
    if (crops != "center" && crops != "five" && crops != "ten")
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("test-time crops '{}': allowed: center, five, ten", crops));
    for (std::size_t i = 0; i < scales.size(); ++i)
        if (scales[i] < 1 || scales[i] > kMaxScale)
            throw Error(ErrorCode::InvalidArgument,
                        fmt::format("test-time crop scales[{}] is {}; it must be in [1, {}]", i,
                                    scales[i], kMaxScale));
}

std::vector<CropBox> testTimeCropBoxes(int imageWidth, int imageHeight,
                                       const TestTimeCropSpec& spec,
                                       const Preprocessing& preprocessing, int inputSize)
{
    // The cropper validates the spec, the preprocessing and the size.
    const data::TestTimeCropper cropper(spec, preprocessing, inputSize);
    std::vector<CropBox> boxes;
    for (data::CropPlan& plan :
         data::planTestTimeCrops(imageWidth, imageHeight, spec, preprocessing, inputSize))
        boxes.push_back(std::move(plan.box));
    return boxes;
}

std::vector<Image> testTimeCropImages(const Image& image, const TestTimeCropSpec& spec,
                                      const Preprocessing& preprocessing, int inputSize)
{
    const data::TestTimeCropper cropper(spec, preprocessing, inputSize);
    std::vector<Image> images;
    for (const cv::Mat& crop : cropper.crops(data::viewOf(image, "test-time crops")))
        images.push_back(data::imageFromMat(crop));
    return images;
}

} // namespace fovea
