#include "PixelConverter.h"

#include "ImageHeaderReader.h"

#include <fmt/format.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace fovea::data {
namespace {

/// Sample → [0, 1]; NaN (possible in a float TIFF) becomes 0 rather than poisoning the pixel.
inline float unit(float value, float scale)
{
    const float v = value * scale;
    return v > 0.0f ? (v < 1.0f ? v : 1.0f) : 0.0f;
}

inline std::uint8_t toByte(float v)
{
    return static_cast<std::uint8_t>(v * 255.0f + 0.5f);
}

/// The general path: any depth, any channel count, alpha composited. Row by row straight into the
/// output, so a 16-bit RGBA picture never needs a float copy of itself.
template <typename T>
void convertGeneral(const cv::Mat& src, const PixelLayout& layout, double sampleMax,
                    std::uint8_t* out)
{
    const int channels = src.channels();
    const float scale = static_cast<float>(1.0 / sampleMax);
    const float background[3] = {layout.background.r / 255.0f, layout.background.g / 255.0f,
                                 layout.background.b / 255.0f};
    for (int y = 0; y < src.rows; ++y) {
        const T* p = src.ptr<T>(y);
        for (int x = 0; x < src.cols; ++x, p += channels, out += 3) {
            float rgb[3];
            float alpha = 1.0f;
            if (channels <= 2) {
                rgb[0] = rgb[1] = rgb[2] = unit(static_cast<float>(p[0]), scale);
                if (channels == 2)
                    alpha = unit(static_cast<float>(p[1]), scale);
            } else {
                for (int c = 0; c < 3; ++c)
                    rgb[c] = unit(static_cast<float>(p[2 - c]), scale);
                if (channels == 4)
                    alpha = unit(static_cast<float>(p[3]), scale);
            }
            for (int c = 0; c < 3; ++c) {
                const float colour =
                    layout.premultiplied ? std::min(rgb[c], alpha) : rgb[c] * alpha;
                out[c] = toByte(colour + background[c] * (1.0f - alpha));
            }
        }
    }
}

} // namespace

namespace {

/// The sample value meaning full intensity; throws for a sample type or channel count that has
/// no sensible meaning, before anything is allocated for the output.
double checkedSampleMax(const cv::Mat& decoded, const PixelLayout& layout, const std::string& name)
{
    const int depth = decoded.depth();
    const int channels = decoded.channels();
    double fullScale = 0.0;
    switch (depth) {
    case CV_8U:
        fullScale = 255.0;
        break;
    case CV_16U:
        fullScale = 65535.0;
        break;
    case CV_32F:
    case CV_64F:
        fullScale = 1.0;
        break;
    default:
        throwCorrupt(
            name, fmt::format("its samples are of an unsupported type (OpenCV depth {})", depth));
    }
    if (channels < 1 || channels > 4)
        throwCorrupt(name, fmt::format("it has {} channels (1 to 4 are supported)", channels));
    return layout.sampleMax > 0.0 ? layout.sampleMax : fullScale;
}

} // namespace

void toRgb8(const cv::Mat& decoded, const PixelLayout& layout, const std::string& name,
            cv::Mat& out)
{
    const double sampleMax = checkedSampleMax(decoded, layout, name);
    const int depth = decoded.depth();
    const int channels = decoded.channels();
    out.create(decoded.rows, decoded.cols, CV_8UC3);
    // convertGeneral writes the rows as one run: it needs continuous memory.
    CV_Assert(out.isContinuous());
    // The common cases go through OpenCV's vectorised conversions.
    if (depth == CV_8U && sampleMax == 255.0 && channels == 3)
        cv::cvtColor(decoded, out, cv::COLOR_BGR2RGB);
    else if (depth == CV_8U && sampleMax == 255.0 && channels == 1)
        cv::cvtColor(decoded, out, cv::COLOR_GRAY2RGB);
    else if (depth == CV_8U)
        convertGeneral<std::uint8_t>(decoded, layout, sampleMax, out.data);
    else if (depth == CV_16U)
        convertGeneral<std::uint16_t>(decoded, layout, sampleMax, out.data);
    else if (depth == CV_32F)
        convertGeneral<float>(decoded, layout, sampleMax, out.data);
    else
        convertGeneral<double>(decoded, layout, sampleMax, out.data);
}

Image toRgb8(const cv::Mat& decoded, const PixelLayout& layout, const std::string& name)
{
    checkedSampleMax(decoded, layout, name); // refuse before allocating
    Image image;
    image.width = decoded.cols;
    image.height = decoded.rows;
    image.rgb.resize(std::size_t(image.width) * std::size_t(image.height) * 3);
    // A header over the Image's own bytes: converted in place, never copied.
    cv::Mat out(image.height, image.width, CV_8UC3, image.rgb.data());
    toRgb8(decoded, layout, name, out);
    return image;
}

cv::Mat applyOrientation(const cv::Mat& stored, int orientation)
{
    if (orientation < 2 || orientation > 8 || stored.empty())
        return stored;
    cv::Mat upright;
    switch (orientation) {
    case 2: // mirrored left-right
        cv::flip(stored, upright, 1);
        break;
    case 3:
        cv::rotate(stored, upright, cv::ROTATE_180);
        break;
    case 4: // mirrored top-bottom
        cv::flip(stored, upright, 0);
        break;
    case 5: // transposed
        cv::transpose(stored, upright);
        break;
    case 6: // the camera was turned clockwise: turn the picture back
        cv::rotate(stored, upright, cv::ROTATE_90_CLOCKWISE);
        break;
    case 7: // transverse: transposed along the other diagonal
        cv::transpose(stored, upright);
        cv::rotate(upright, upright, cv::ROTATE_180);
        break;
    case 8:
        cv::rotate(stored, upright, cv::ROTATE_90_COUNTERCLOCKWISE);
        break;
    }
    return upright;
}

void applyOrientation(Image& image, int orientation)
{
    if (orientation < 2 || orientation > 8 || image.empty())
        return;
    const cv::Mat stored(image.height, image.width, CV_8UC3, image.rgb.data());
    const cv::Mat upright = applyOrientation(stored, orientation);
    image.width = upright.cols;
    image.height = upright.rows;
    std::copy(upright.datastart, upright.dataend, image.rgb.begin());
}

} // namespace fovea::data
