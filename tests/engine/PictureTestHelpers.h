// Helpers shared by the augmentation and preprocessing tests: building augmentation steps, making
// test pictures, running one per-sample step, and comparing pictures (header only, no Qt moc
// involved). The tests that include it read the engine's private headers (engine/src).
#pragma once

#include "data/augment/AugmentationFunctions.h"
#include "fovea/Augmentation.h"
#include "fovea/Image.h"

#include <QString>

#include <opencv2/core.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace fovea::testing {

/// The index of the choice `name` of `kind`'s parameter `parameter`, looked up in the catalogue
/// so that tests can set a choice parameter by name. Throws std::invalid_argument for a name the
/// catalogue does not list.
inline double choice(const std::string& kind, const std::string& parameter, const std::string& name)
{
    for (const auto& candidate : fovea::augmentationKind(kind).parameters)
        if (candidate.name == parameter)
            for (std::size_t i = 0; i < candidate.choices.size(); ++i)
                if (candidate.choices[i] == name)
                    return double(i);
    throw std::invalid_argument("no choice " + name + " of " + kind + "." + parameter);
}

/// A step of `kind` with the catalogue's defaults and `overrides` set, validated, so that a
/// misspelt parameter or an out-of-range value fails where the test builds the step.
inline fovea::AugmentationStep makeStep(const std::string& kind,
                                        const std::map<std::string, double>& overrides = {})
{
    fovea::AugmentationStep step = fovea::AugmentationStep::make(kind);
    for (const auto& [key, value] : overrides)
        step.parameters.at(key) = value;
    fovea::AugmentationSpec{{step}}.validate();
    return step;
}

/// A step of `kind` that fires with `probability`, for tests of the code that makes the
/// probability draw. Not validated, so that a test can hand a bad probability to the code under
/// test and see that code refuse it.
inline fovea::AugmentationStep
stepWithProbability(const std::string& kind, double probability,
                    const std::map<std::string, double>& overrides = {})
{
    fovea::AugmentationStep step = fovea::AugmentationStep::make(kind);
    step.probability = probability;
    for (const auto& [key, value] : overrides)
        step.parameters.at(key) = value;
    return step;
}

/// A spec of `steps`, in order.
inline fovea::AugmentationSpec specOf(std::vector<fovea::AugmentationStep> steps)
{
    fovea::AugmentationSpec spec;
    spec.steps = std::move(steps);
    return spec;
}

/// Uniformly random 8-bit RGB pixels from a fixed seed: every pixel differs from its neighbours,
/// so that any resampling, move or mix shows.
inline cv::Mat noiseImage(int width, int height, std::uint64_t seed = 7)
{
    cv::Mat image(height, width, CV_8UC3);
    cv::RNG(seed).fill(image, cv::RNG::UNIFORM, 0, 256);
    return image;
}

/// An 8-bit RGB picture (any cv::Mat of type CV_8UC3) as a fovea::Image, for the public API.
inline fovea::Image imageOf(const cv::Mat& rgb)
{
    CV_Assert(rgb.type() == CV_8UC3);
    const cv::Mat packed = rgb.isContinuous() ? rgb : rgb.clone();
    fovea::Image image;
    image.width = packed.cols;
    image.height = packed.rows;
    image.rgb.assign(packed.data, packed.data + packed.total() * packed.elemSize());
    return image;
}

/// A fovea::Image's pixels as a CV_8UC3 cv::Mat that shares its bytes (no copy), to compare it
/// with OpenCV pictures.
inline cv::Mat view(const fovea::Image& image)
{
    return cv::Mat(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.rgb.data()));
}

/// Runs `step`'s per-sample function on a copy of `pixels`, as the loader does once the step's
/// probability draw has fired, with the random source of (seed, epoch 0, sample 0, step 0).
/// The caller's picture is left as it was.
inline cv::Mat applyStep(const fovea::AugmentationStep& step, const cv::Mat& pixels,
                         std::uint64_t seed, const fovea::data::AugmentContext& context = {})
{
    fovea::data::SampleImage image{pixels.clone()};
    fovea::data::SampleRandom random(seed, 0, 0, 0);
    fovea::data::sampleAugmentFunction(step.kind)(image, step, random, context);
    return image.pixels;
}

/// Whether two pictures have the same size, the same type and the same values, bit for bit.
inline bool identical(const cv::Mat& a, const cv::Mat& b)
{
    return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0.0;
}

/// What replaySeeds saw: whether seed 1 gave the same bytes twice, and how many of the other
/// seeds gave other bytes than seed 1.
struct SeedReplay {
    bool replays = false;
    int differing = 0;
};

/// Runs `step` on `source` with seed 1 twice and with seeds 2 to 1 + `others` once each, for the
/// "same seed, same bytes; other seeds, other bytes" tests.
inline SeedReplay replaySeeds(const fovea::AugmentationStep& step, const cv::Mat& source,
                              int others = 5)
{
    const cv::Mat first = applyStep(step, source, 1);
    SeedReplay result;
    result.replays = identical(applyStep(step, source, 1), first);
    for (std::uint64_t seed = 2; seed <= std::uint64_t(1 + others); ++seed)
        result.differing += identical(applyStep(step, source, seed), first) ? 0 : 1;
    return result;
}

/// The largest absolute difference between two pictures of the same size and channel count,
/// computed in double whatever their depths (so an 8-bit picture compares with a float one);
/// infinity when the sizes or the channel counts differ.
inline double maxDifference(const cv::Mat& a, const cv::Mat& b)
{
    if (a.size() != b.size() || a.channels() != b.channels())
        return std::numeric_limits<double>::infinity();
    cv::Mat first;
    cv::Mat second;
    a.convertTo(first, CV_64F);
    b.convertTo(second, CV_64F);
    return cv::norm(first, second, cv::NORM_INF);
}

/// The smallest and the largest value over all channels of a picture, to check a range.
inline std::pair<double, double> valueRange(const cv::Mat& picture)
{
    double low = 0.0;
    double high = 0.0;
    cv::minMaxLoc(picture.reshape(1), &low, &high);
    return {low, high};
}

/// "seed N: WxH at (x, y)": a rectangle a seeded draw produced, for failure messages.
inline QString boxNote(std::uint64_t seed, const cv::Rect& box)
{
    return QString("seed %1: %2x%3 at (%4, %5)")
        .arg(seed)
        .arg(box.width)
        .arg(box.height)
        .arg(box.x)
        .arg(box.y);
}

} // namespace fovea::testing
