// The photometric per-sample kinds: colour jitter, RGB shift, PCA lighting, grayscale, blur and
// noise. Each works on 8-bit and float pictures; the ones that add values finer than a grey level
// (lighting, noise) turn the picture into float first, the others keep 8-bit pictures 8-bit.
//
// Every random draw comes from the step's SampleRandom, in the order written next to each
// function: that order is part of the replay contract (the preview and the tests redraw it).
#include "AugmentationFunctions.h"
#include "ColorAdjustments.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <utility>

namespace fovea::data {
namespace {

void clipTo255(cv::Mat& pixels)
{
    cv::max(pixels, 0.0, pixels);
    cv::min(pixels, 255.0, pixels);
}

// Adds a constant colour to a float picture and clips.
void addColour(cv::Mat& pixels, const std::array<double, 3>& offset)
{
    cv::add(pixels, cv::Scalar(offset[0], offset[1], offset[2]), pixels);
    clipTo255(pixels);
}

// ImageNet's RGB principal components (fb.resnet.torch, architectures.md §8): eigenvalues, and
// the eigenvectors as the columns of kEigenvectors (rows R, G, B), for RGB on the 0–1 scale.
constexpr std::array<double, 3> kEigenvalues{0.2175, 0.0188, 0.0045};
constexpr double kEigenvectors[3][3] = {
    {-0.5675, 0.7192, 0.4009},
    {-0.5808, -0.0045, -0.8140},
    {-0.5836, -0.6948, 0.4203},
};

} // namespace

// Draws: the order of the four adjustments (Fisher–Yates from the last position down, the
// counterpart of torch.randperm(4)), then the brightness, contrast and saturation factors, each
// uniform in [max(0, 1 − s), 1 + s], then the hue shift, uniform in [−h, h]. All are drawn even
// when a strength is 0, so changing one strength leaves the other draws as they were; a strength
// of 0 skips its adjustment altogether, as torchvision's ColorJitter does (an 8-bit hue round
// trip is not exact, so "hue 0" must not run it).
void colorJitter(SampleImage& image, const AugmentationStep& step, SampleRandom& random,
                 const AugmentContext&)
{
    const std::array<double, 4> strengths{step.value("brightness"), step.value("contrast"),
                                          step.value("saturation"), step.value("hue")};
    std::array<int, 4> order{0, 1, 2, 3};
    for (int i = 3; i > 0; --i)
        std::swap(order[std::size_t(i)], order[std::size_t(random.uniformInt(0, i))]);
    std::array<double, 4> factors{};
    for (std::size_t i = 0; i < 3; ++i)
        factors[i] = random.uniform(std::max(0.0, 1.0 - strengths[i]), 1.0 + strengths[i]);
    factors[3] = random.uniform(-strengths[3], strengths[3]);

    for (const int which : order) {
        if (strengths[std::size_t(which)] <= 0.0)
            continue;
        const double factor = factors[std::size_t(which)];
        switch (which) {
        case 0:
            adjustBrightness(image.pixels, factor);
            break;
        case 1:
            adjustContrast(image.pixels, factor);
            break;
        case 2:
            adjustSaturation(image.pixels, factor);
            break;
        default:
            adjustHue(image.pixels, factor);
            break;
        }
    }
}

// Draws: one offset per channel (R, G, B), uniform in [−shift, shift]. An 8-bit picture gets the
// offsets rounded to whole levels through one table per channel (a sub-level offset means
// nothing on 8-bit data, and the picture stays 8-bit); a float one gets them as drawn.
void rgbShift(SampleImage& image, const AugmentationStep& step, SampleRandom& random,
              const AugmentContext&)
{
    const double shift = step.value("shift");
    std::array<double, 3> offset{};
    for (double& value : offset)
        value = random.uniform(-shift, shift);
    if (image.isFloat()) {
        addColour(image.pixels, offset);
        return;
    }
    std::array<int, 3> levels{};
    for (std::size_t c = 0; c < 3; ++c)
        levels[c] = static_cast<int>(std::lround(offset[c]));
    if (levels == std::array<int, 3>{0, 0, 0})
        return;
    cv::Mat table(1, 256, CV_8UC3);
    auto* entry = table.ptr<std::uint8_t>();
    for (int value = 0; value < 256; ++value, entry += 3)
        for (std::size_t c = 0; c < 3; ++c)
            entry[c] = static_cast<std::uint8_t>(std::clamp(value + levels[c], 0, 255));
    cv::LUT(image.pixels, table, image.pixels);
}

// Draws: α₁, α₂, α₃ ~ N(0, alpha_std), in that order, once per picture. Adds
// Σⱼ αⱼ λⱼ vⱼ · 255 to every pixel (the 0–1 recipe on the 0–255 scale, as ClassyVision does).
void pcaLighting(SampleImage& image, const AugmentationStep& step, SampleRandom& random,
                 const AugmentContext&)
{
    const double alphaStd = step.value("alpha_std");
    if (alphaStd <= 0.0)
        return; // no offset: keep the picture as it is (and 8-bit)
    std::array<double, 3> alpha{};
    for (double& value : alpha)
        value = random.normal(0.0, alphaStd);
    std::array<double, 3> offset{};
    for (std::size_t row = 0; row < 3; ++row)
        for (std::size_t j = 0; j < 3; ++j)
            offset[row] += kEigenvectors[row][j] * alpha[j] * kEigenvalues[j] * 255.0;
    image.ensureFloat();
    addColour(image.pixels, offset);
}

// No draws.
void randomGrayscale(SampleImage& image, const AugmentationStep&, SampleRandom&,
                     const AugmentContext&)
{
    toGrayscale(image.pixels);
}

// Draws: sigma, uniform in [sigma_min, sigma_max]. The kernel covers ±3 sigma (odd side
// 2·ceil(3σ) + 1); borders mirror without repeating the edge, like torchvision's reflect padding.
void gaussianBlur(SampleImage& image, const AugmentationStep& step, SampleRandom& random,
                  const AugmentContext&)
{
    const double sigma = random.uniform(step.value("sigma_min"), step.value("sigma_max"));
    const int side = 2 * static_cast<int>(std::ceil(3.0 * sigma)) + 1;
    cv::GaussianBlur(image.pixels, image.pixels, cv::Size(side, side), sigma, sigma,
                     cv::BORDER_REFLECT_101);
}

// Draws: one 64-bit word that seeds OpenCV's generator for the noise field. cv::RNG is
// OpenCV's own generator (not the standard library's), so the field is the same everywhere, and
// its vectorised fill is far cheaper than a Box–Muller draw per value from SampleRandom.
void gaussianNoise(SampleImage& image, const AugmentationStep& step, SampleRandom& random,
                   const AugmentContext&)
{
    const double sigma = step.value("std") * 255.0;
    if (sigma <= 0.0)
        return; // no noise: keep the picture as it is (and 8-bit)
    cv::RNG generator(random.next());
    image.ensureFloat();
    // One buffer per loader thread: no allocation per sample once the size has been seen.
    thread_local cv::Mat noise;
    noise.create(image.pixels.size(), CV_32FC3);
    generator.fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0.0), cv::Scalar::all(sigma));
    cv::add(image.pixels, noise, image.pixels);
    clipTo255(image.pixels);
}

} // namespace fovea::data
