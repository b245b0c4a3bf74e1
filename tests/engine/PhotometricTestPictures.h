#pragma once

// The pictures and helpers the photometric tests share (PhotometricAugmentationTest,
// ColorReferenceTest).
#include "data/augment/ColorAdjustments.h"

#include <opencv2/core.hpp>

#include <QString>
#include <QStringList>

#include <utility>

namespace fovea::testing::photometric {

constexpr int kWidth = 61; // odd sizes: no loop may assume a multiple of a vector width
constexpr int kHeight = 47;

/// A picture with every kind of pixel the conversions treat differently: random colours, pure
/// primaries and secondaries, greys (max = min), black, white, near-saturated values, and a
/// smooth gradient (so a blur has something to do besides noise).
inline cv::Mat testPicture()
{
    cv::Mat rgb(kHeight, kWidth, CV_8UC3);
    cv::RNG generator(20240601);
    generator.fill(rgb, cv::RNG::UNIFORM, cv::Scalar::all(0), cv::Scalar::all(256));
    const std::array<cv::Vec3b, 12> special{{{255, 0, 0},
                                             {0, 255, 0},
                                             {0, 0, 255},
                                             {255, 255, 0},
                                             {0, 255, 255},
                                             {255, 0, 255},
                                             {0, 0, 0},
                                             {255, 255, 255},
                                             {128, 128, 128},
                                             {1, 1, 1},
                                             {254, 255, 253},
                                             {200, 17, 199}}};
    for (int x = 0; x < kWidth; ++x)
        rgb.at<cv::Vec3b>(0, x) = special[std::size_t(x) % special.size()];
    for (int y = kHeight / 2; y < kHeight; ++y)
        for (int x = 0; x < kWidth / 2; ++x)
            rgb.at<cv::Vec3b>(y, x) =
                cv::Vec3b(cv::saturate_cast<uchar>(x * 8), cv::saturate_cast<uchar>(y * 5),
                          cv::saturate_cast<uchar>(255 - x * 4));
    return rgb;
}

/// The smallest and largest value of channel `c`.
inline std::pair<double, double> channelRange(const cv::Mat& picture, int c)
{
    std::vector<cv::Mat> channels;
    cv::split(picture, channels);
    double low = 0.0;
    double high = 0.0;
    cv::minMaxLoc(channels[std::size_t(c)], &low, &high);
    return {low, high};
}

/// Applies the colour adjustment that an operation of color_reference.py names
/// ("brightness:1.45", "hue:-0.21", "grayscale"; a "tensor_" prefix is ignored) to `picture` in
/// place. False, with the picture untouched, for an operation that is no colour adjustment.
inline bool adjustColours(cv::Mat& picture, const QString& operation)
{
    QStringList parts = operation.split(QLatin1Char(':'));
    parts[0].remove(QLatin1String("tensor_"));
    const double value = parts.value(1).toDouble();
    if (parts[0] == QLatin1String("brightness"))
        fovea::data::adjustBrightness(picture, value);
    else if (parts[0] == QLatin1String("contrast"))
        fovea::data::adjustContrast(picture, value);
    else if (parts[0] == QLatin1String("saturation"))
        fovea::data::adjustSaturation(picture, value);
    else if (parts[0] == QLatin1String("hue"))
        fovea::data::adjustHue(picture, value);
    else if (parts[0] == QLatin1String("grayscale"))
        fovea::data::toGrayscale(picture);
    else
        return false;
    return true;
}

/// The float picture: the same values plus a fraction, to see that nothing rounds them.
inline cv::Mat floatPicture()
{
    cv::Mat pixels;
    testPicture().convertTo(pixels, CV_32F);
    cv::Mat fraction(pixels.size(), CV_32FC3);
    cv::RNG(99).fill(fraction, cv::RNG::UNIFORM, cv::Scalar::all(0.0), cv::Scalar::all(0.99));
    cv::Mat result = pixels + fraction;
    cv::min(result, 255.0, result);
    return result;
}

} // namespace fovea::testing::photometric
