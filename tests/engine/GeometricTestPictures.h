#pragma once

// Pictures whose pixels say where they came from, and the runner the geometric augmentation
// tests share (GeometricAugmentationTest, FlipAffineAugmentationTest).
#include "PictureTestHelpers.h"

#include "data/augment/AugmentationFunctions.h"

#include <opencv2/core.hpp>

#include <cmath>

namespace fovea::testing::geometric {

// R = x, G = y, B = 255. With nearest sampling every output pixel names the source pixel it came
// from, and B tells source pixels from a fill (fill_value below 255).
inline cv::Mat coordinateImage(int width, int height)
{
    cv::Mat image(height, width, CV_8UC3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            image.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(x), uchar(y), 255);
    return image;
}

// Smooth but with no symmetry: gradients in G and B make every position distinct.
inline cv::Mat smoothImage(int width, int height)
{
    cv::Mat image(height, width, CV_8UC3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            image.at<cv::Vec3b>(y, x) =
                cv::Vec3b(cv::saturate_cast<uchar>(128 + 60 * std::sin(x / 15.0 + y / 23.0)),
                          cv::saturate_cast<uchar>(255.0 * x / width),
                          cv::saturate_cast<uchar>(255.0 * y / height));
    return image;
}

inline cv::Mat asDepth(const cv::Mat& image, int depth)
{
    cv::Mat result;
    image.convertTo(result, depth);
    return result;
}

// Runs the kind's function on a copy of `pixels`, cropping to `outputSize`.
inline cv::Mat apply(const fovea::AugmentationStep& step, const cv::Mat& pixels, std::uint64_t seed,
                     int outputSize = 32)
{
    fovea::data::AugmentContext context;
    context.outputSize = outputSize;
    return applyStep(step, pixels, seed, context);
}

// The source pixel (x, y) of a coordinate-image pixel, or nothing for a fill.
inline bool sourceOf(const cv::Mat& output, int x, int y, int& sourceX, int& sourceY)
{
    const cv::Vec3b pixel = output.at<cv::Vec3b>(y, x);
    sourceX = pixel[0];
    sourceY = pixel[1];
    return pixel[2] == 255;
}

// The rectangle of the source a nearest-sampled coordinate-image output covers.
inline cv::Rect coveredRegion(const cv::Mat& output)
{
    cv::Mat channels[3];
    cv::split(output, channels);
    double minX, maxX, minY, maxY;
    cv::minMaxLoc(channels[0], &minX, &maxX);
    cv::minMaxLoc(channels[1], &minY, &maxY);
    return {int(minX), int(minY), int(maxX - minX) + 1, int(maxY - minY) + 1};
}

} // namespace fovea::testing::geometric
