// Test-time crops: the plan (where each crop lies) and the cutting, on the model's one
// SampleTransform so that the centre crop is exactly the evaluation input.
#include "TestTimeCropper.h"

#include "CropGeometry.h"
#include "augment/OpenCvFlags.h"

#include "fovea/Error.h"

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <utility>

namespace fovea::data {
namespace {

const char* const kPositions[5] = {"center", "top-left", "top-right", "bottom-left",
                                   "bottom-right"};

/// The evaluation input's plan for each resize policy (see SampleTransform::resizeForInput).
CropPlan evaluationPlan(int width, int height, const Preprocessing& preprocessing, int inputSize)
{
    CropPlan plan;
    plan.evaluationInput = true;
    plan.box.position = kPositions[0];
    plan.resizedWidth = inputSize;
    plan.resizedHeight = inputSize;
    plan.box.scale = inputSize;
    if ((width == inputSize && height == inputSize) || preprocessing.resize == "squash") {
        plan.box.width = width;
        plan.box.height = height;
    } else if (preprocessing.resize == "pad") {
        const int side = std::max(width, height);
        plan.box.x = -double((side - width) / 2);
        plan.box.y = -double((side - height) / 2);
        plan.box.width = side;
        plan.box.height = side;
    } else {
        const int shorter = shorterSideForCrop(inputSize, preprocessing.cropFraction);
        const ResizedSize resized = resizeShorterSide(width, height, shorter);
        plan.resizedWidth = resized.width;
        plan.resizedHeight = resized.height;
        plan.box.scale = shorter;
        plan.left = centreOffset(resized.width, inputSize);
        plan.top = centreOffset(resized.height, inputSize);
        const double scaleX = double(width) / resized.width;
        const double scaleY = double(height) / resized.height;
        plan.box.x = plan.left * scaleX;
        plan.box.y = plan.top * scaleY;
        plan.box.width = inputSize * scaleX;
        plan.box.height = inputSize * scaleY;
    }
    return plan;
}

void requirePicture(const cv::Mat& rgb)
{
    if (rgb.empty() || rgb.type() != CV_8UC3)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("test-time crops: expected a non-empty CV_8UC3 RGB picture, got "
                                "{}x{} of OpenCV type {}",
                                rgb.cols, rgb.rows, rgb.type()));
}

} // namespace

std::vector<CropPlan> planTestTimeCrops(int width, int height, const TestTimeCropSpec& spec,
                                        const Preprocessing& preprocessing, int inputSize)
{
    if (width <= 0 || height <= 0)
        throw Error(
            ErrorCode::InvalidArgument,
            fmt::format("test-time crops of a {}x{} picture: it has no pixels", width, height));
    const bool ownScale = spec.scales.empty();
    const std::vector<int> scales =
        ownScale ? std::vector<int>{shorterSideForCrop(inputSize, preprocessing.cropFraction)}
                 : spec.scales;
    const int perFlip = spec.crops == "center" ? 1 : 5;
    const int flips = spec.crops == "ten" ? 2 : 1;

    std::vector<CropPlan> plans;
    plans.reserve(scales.size() * std::size_t(perFlip * flips));
    for (const int scale : scales) {
        if (scale < inputSize)
            throw Error(ErrorCode::InvalidArgument,
                        fmt::format("test-time crop scale {} is below the input size {}: a crop "
                                    "of {}x{} does not fit",
                                    scale, inputSize, inputSize, inputSize));
        const ResizedSize resized = resizeShorterSide(width, height, scale);
        const double scaleX = double(width) / resized.width;
        const double scaleY = double(height) / resized.height;
        const int right = resized.width - inputSize;
        const int bottom = resized.height - inputSize;
        const std::pair<int, int> corners[5] = {
            {centreOffset(resized.width, inputSize), centreOffset(resized.height, inputSize)},
            {0, 0},
            {right, 0},
            {0, bottom},
            {right, bottom}};
        for (int flip = 0; flip < flips; ++flip) {
            for (int k = 0; k < perFlip; ++k) {
                CropPlan plan;
                if (k == 0 && ownScale) {
                    plan = evaluationPlan(width, height, preprocessing, inputSize);
                } else {
                    plan.resizedWidth = resized.width;
                    plan.resizedHeight = resized.height;
                    plan.left = corners[k].first;
                    plan.top = corners[k].second;
                    plan.box.x = plan.left * scaleX;
                    plan.box.y = plan.top * scaleY;
                    plan.box.width = inputSize * scaleX;
                    plan.box.height = inputSize * scaleY;
                    plan.box.scale = scale;
                    plan.box.position = kPositions[k];
                }
                plan.box.flipped = flip == 1;
                plans.push_back(std::move(plan));
            }
        }
    }
    return plans;
}

TestTimeCropper::TestTimeCropper(TestTimeCropSpec spec, Preprocessing preprocessing, int inputSize)
    : m_spec(std::move(spec))
    , m_transform(AugmentationSpec{}, std::move(preprocessing), inputSize)
{
    m_spec.validate();
    for (const int scale : m_spec.scales)
        if (scale < inputSize)
            throw Error(ErrorCode::InvalidArgument,
                        fmt::format("test-time crop scale {} is below the input size {}", scale,
                                    inputSize));
}

int TestTimeCropper::count() const
{
    const int perScale = m_spec.crops == "center" ? 1 : m_spec.crops == "five" ? 5 : 10;
    return perScale * std::max<int>(1, int(m_spec.scales.size()));
}

std::vector<cv::Mat> TestTimeCropper::crops(const cv::Mat& rgb) const
{
    requirePicture(rgb);
    const int size = inputSize();
    const int flag = interpolationFlag(m_transform.preprocessing().interpolation);
    const std::vector<CropPlan> plans =
        planTestTimeCrops(rgb.cols, rgb.rows, m_spec, m_transform.preprocessing(), size);

    std::vector<cv::Mat> out;
    out.reserve(plans.size());
    cv::Mat resized; // of the current scale; plans of one scale come together
    int resizedScale = 0;
    for (const CropPlan& plan : plans) {
        cv::Mat crop;
        if (plan.evaluationInput) {
            crop = m_transform.resizeForInput(rgb).pixels;
        } else {
            if (resizedScale != plan.box.scale) {
                if (plan.resizedWidth == rgb.cols && plan.resizedHeight == rgb.rows)
                    resized = rgb;
                else
                    cv::resize(rgb, resized, cv::Size(plan.resizedWidth, plan.resizedHeight), 0, 0,
                               flag);
                resizedScale = plan.box.scale;
            }
            crop = resized(cv::Rect(plan.left, plan.top, size, size));
        }
        cv::Mat owned;
        if (plan.box.flipped)
            cv::flip(crop, owned, 1);
        else
            owned = crop.clone(); // never a view of the caller's picture
        out.push_back(std::move(owned));
    }
    return out;
}

void TestTimeCropper::normalisedCrops(const cv::Mat& rgb, float* out) const
{
    const std::size_t planes = 3 * std::size_t(inputSize()) * std::size_t(inputSize());
    std::size_t i = 0;
    for (cv::Mat& crop : crops(rgb))
        m_transform.normalise(SampleImage{std::move(crop)}, out + planes * i++);
}

std::vector<float> TestTimeCropper::normalisedCrops(const cv::Mat& rgb) const
{
    std::vector<float> out(std::size_t(count()) * 3 * std::size_t(inputSize()) *
                           std::size_t(inputSize()));
    normalisedCrops(rgb, out.data());
    return out;
}

} // namespace fovea::data
