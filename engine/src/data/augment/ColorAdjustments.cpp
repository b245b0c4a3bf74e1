// Colour adjustments that match torchvision's PIL path exactly on 8-bit pictures. The 8-bit code
// mirrors Pillow's C (ImagingBlend, rgb2hsv_row, hsv2rgb in Convert.c), including which parts
// run in single and which in double precision, because a different rounding shows up as
// off-by-one grey levels all over the picture.
#include "ColorAdjustments.h"

#include "fovea/Error.h"

#include <opencv2/imgproc.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

namespace fovea::data {
namespace {

void requireRgb(const cv::Mat& rgb, const char* operation)
{
    if (rgb.type() != CV_8UC3 && rgb.type() != CV_32FC3)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("{}: the picture's type is {} ({} channels), not 8-bit or float "
                                "RGB (CV_8UC3 or CV_32FC3)",
                                operation, cv::typeToString(rgb.type()), rgb.channels()));
}

// Pillow's blend of one 8-bit value with its degenerate: float arithmetic, truncated, clipped.
// Clamping before the cast equals Pillow's `temp <= 0 → 0, temp >= 255 → 255, else (UINT8)temp`
// and lets the compiler vectorise the loops.
inline std::uint8_t blend8(float degenerate, float factor, float value)
{
    const float mixed = degenerate + factor * (value - degenerate);
    return static_cast<std::uint8_t>(static_cast<int>(std::min(std::max(mixed, 0.0f), 255.0f)));
}

void clipTo255(cv::Mat& pixels)
{
    cv::max(pixels, 0.0, pixels);
    cv::min(pixels, 255.0, pixels);
}

// Blends every value with one constant degenerate value: a table of 256 entries for 8-bit
// pictures, a single scale-and-offset pass for float ones.
void blendWithConstant(cv::Mat& rgb, double degenerate, double factor)
{
    if (rgb.depth() == CV_8U) {
        cv::Mat table(1, 256, CV_8U);
        auto* entries = table.ptr<std::uint8_t>();
        for (int value = 0; value < 256; ++value)
            entries[value] = blend8(static_cast<float>(degenerate), static_cast<float>(factor),
                                    static_cast<float>(value));
        cv::LUT(rgb, table, rgb);
        return;
    }
    rgb.convertTo(rgb, -1, factor, (1.0 - factor) * degenerate);
    clipTo255(rgb);
}

// Float luminance with the same weights as Pillow's (and ITU-R 601).
inline float luminance(float r, float g, float b)
{
    return 0.299f * r + 0.587f * g + 0.114f * b;
}

// Pillow's 8-bit HSV conversions (rgb2hsv_row and hsv2rgb in Convert.c) do up to eight
// divisions per pixel. Most of them have only 256 or 65 536 possible operands, so they are
// looked up in tables computed once with the very same expressions: the results stay bit for bit
// Pillow's, at a fraction of the cost.
struct HsvTables {
    float quotient[256][256];          ///< [cr][a]: float(a) / float(cr), for rc, gc, bc
    std::uint8_t saturation[256][256]; ///< [max][cr]: int((cr / float(max)) · 255.0)
    int sector[256];                   ///< [h]: floor(float(h) · 6 / 255)
    float fraction[256];               ///< [h]: float(h) · 6 / 255 − sector
    float fs[256];                     ///< [s]: float(s) / 255
    std::uint8_t p[256][256];          ///< [s][v]: round(float(v) · (1 − fs))

    HsvTables()
    {
        for (int cr = 1; cr < 256; ++cr)
            for (int a = 0; a < 256; ++a)
                quotient[cr][a] = static_cast<float>(a) / static_cast<float>(cr);
        for (int maxc = 1; maxc < 256; ++maxc)
            for (int cr = 0; cr <= maxc; ++cr) {
                const float s = static_cast<float>(cr) / static_cast<float>(maxc);
                saturation[maxc][cr] =
                    static_cast<std::uint8_t>(std::clamp(static_cast<int>(s * 255.0), 0, 255));
            }
        for (int h = 0; h < 256; ++h) {
            // floor() of a non-negative value is its truncation.
            const double exact = static_cast<float>(h) * 6.0 / 255.0;
            sector[h] = static_cast<int>(exact) % 6;
            fraction[h] = static_cast<float>(exact - static_cast<float>(static_cast<int>(exact)));
        }
        for (int s = 0; s < 256; ++s) {
            fs[s] = static_cast<float>(static_cast<float>(s) / 255.0);
            for (int v = 0; v < 256; ++v)
                p[s][v] = level(static_cast<float>(v) * (1.0 - fs[s]));
        }
    }

    /// Pillow's round() (half away from zero) of a non-negative value, clipped to 255: the
    /// truncation, plus one when the exact fraction reaches a half.
    static std::uint8_t level(double x)
    {
        const int whole = static_cast<int>(x);
        const int rounded = whole + (x - whole >= 0.5 ? 1 : 0);
        return static_cast<std::uint8_t>(std::min(rounded, 255));
    }
};

const HsvTables& hsvTables()
{
    static const auto tables = std::make_unique<HsvTables>(); // 450 kB: not on the stack
    return *tables;
}

// Pillow's rgb2hsv_row for one pixel (colorsys.py on 8 bits).
inline void rgbToHsv8(const HsvTables& tables, int r, int g, int b, int& hue, int& saturation,
                      int& value)
{
    const int maxc = std::max(r, std::max(g, b));
    const int minc = std::min(r, std::min(g, b));
    value = maxc;
    if (minc == maxc) {
        hue = 0;
        saturation = 0;
        return;
    }
    const int cr = maxc - minc;
    const float* quotient = tables.quotient[cr];
    float h = 0.0f;
    if (r == maxc)
        h = quotient[maxc - b] - quotient[maxc - g]; // bc − gc
    else if (g == maxc)
        h = static_cast<float>(2.0 + quotient[maxc - r] - quotient[maxc - b]); // 2 + rc − bc
    else
        h = static_cast<float>(4.0 + quotient[maxc - g] - quotient[maxc - r]); // 4 + gc − rc
    // fmod(h / 6 + 1, 1) of a value in [5/6, 11/6): subtracting 1 is exact, and much cheaper.
    const double turns = h / 6.0 + 1.0;
    h = static_cast<float>(turns >= 1.0 ? turns - 1.0 : turns);
    hue = std::clamp(static_cast<int>(h * 255.0), 0, 255);
    saturation = tables.saturation[maxc][cr];
}

// Pillow's hsv2rgb for one pixel.
inline void hsvToRgb8(const HsvTables& tables, int h, int s, int v, std::uint8_t* out)
{
    if (s == 0) {
        out[0] = out[1] = out[2] = static_cast<std::uint8_t>(v);
        return;
    }
    const float f = tables.fraction[h];
    const float fs = tables.fs[s];
    const std::uint8_t up = tables.p[s][v];
    const std::uint8_t uq = HsvTables::level(static_cast<float>(v) * (1.0 - fs * f));
    const std::uint8_t ut = HsvTables::level(static_cast<float>(v) * (1.0 - fs * (1.0 - f)));
    const auto uv = static_cast<std::uint8_t>(v);
    switch (tables.sector[h]) {
    case 0:
        out[0] = uv, out[1] = ut, out[2] = up;
        break;
    case 1:
        out[0] = uq, out[1] = uv, out[2] = up;
        break;
    case 2:
        out[0] = up, out[1] = uv, out[2] = ut;
        break;
    case 3:
        out[0] = up, out[1] = uq, out[2] = uv;
        break;
    case 4:
        out[0] = ut, out[1] = up, out[2] = uv;
        break;
    default:
        out[0] = uv, out[1] = up, out[2] = uq;
        break;
    }
}

} // namespace

void adjustBrightness(cv::Mat& rgb, double factor)
{
    requireRgb(rgb, "adjust brightness");
    blendWithConstant(rgb, 0.0, factor);
}

void adjustContrast(cv::Mat& rgb, double factor)
{
    requireRgb(rgb, "adjust contrast");
    if (rgb.empty())
        return;
    const double count = static_cast<double>(rgb.total());
    if (rgb.depth() == CV_8U) {
        // ImageStat's mean of the "L" picture, then int(mean + 0.5).
        std::int64_t sum = 0;
        for (int y = 0; y < rgb.rows; ++y) {
            const auto* pixel = rgb.ptr<std::uint8_t>(y);
            for (int x = 0; x < rgb.cols; ++x, pixel += 3)
                sum += pilLuminance(pixel[0], pixel[1], pixel[2]);
        }
        const double mean = std::floor(static_cast<double>(sum) / count + 0.5);
        blendWithConstant(rgb, mean, factor);
        return;
    }
    const cv::Scalar channelMeans = cv::mean(rgb);
    const double mean = 0.299 * channelMeans[0] + 0.587 * channelMeans[1] + 0.114 * channelMeans[2];
    blendWithConstant(rgb, mean, factor);
}

void adjustSaturation(cv::Mat& rgb, double factor)
{
    requireRgb(rgb, "adjust saturation");
    const auto f = static_cast<float>(factor);
    if (rgb.depth() == CV_8U) {
        // Two passes per row: the grey level of every value's pixel, then the blend over the
        // row as one flat array, which the compiler vectorises (the interleaved form does not).
        const int width = rgb.cols * 3;
        std::vector<float> grey(static_cast<std::size_t>(width));
        for (int y = 0; y < rgb.rows; ++y) {
            auto* row = rgb.ptr<std::uint8_t>(y);
            for (int x = 0; x < width; x += 3)
                grey[std::size_t(x)] = grey[std::size_t(x) + 1] = grey[std::size_t(x) + 2] =
                    static_cast<float>(pilLuminance(row[x], row[x + 1], row[x + 2]));
            for (int i = 0; i < width; ++i)
                row[i] = blend8(grey[std::size_t(i)], f, row[i]);
        }
        return;
    }
    for (int y = 0; y < rgb.rows; ++y) {
        auto* pixel = rgb.ptr<float>(y);
        for (int x = 0; x < rgb.cols; ++x, pixel += 3) {
            const float grey = luminance(pixel[0], pixel[1], pixel[2]);
            for (int c = 0; c < 3; ++c)
                pixel[c] = std::min(std::max(grey + f * (pixel[c] - grey), 0.0f), 255.0f);
        }
    }
}

void adjustHue(cv::Mat& rgb, double shift)
{
    requireRgb(rgb, "adjust hue");
    if (!(shift >= -0.5 && shift <= 0.5))
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("adjust hue: the shift {} is outside [-0.5, 0.5] turns", shift));
    if (rgb.depth() == CV_8U) {
        // torchvision: np_h += np.uint8(hue_factor * 255), wrapping modulo 256. The float→uint8
        // conversion truncates towards zero before wrapping (−12.75 → −12 → 244).
        const int step = static_cast<int>(shift * 255.0) & 0xff;
        const HsvTables& tables = hsvTables();
        for (int y = 0; y < rgb.rows; ++y) {
            auto* pixel = rgb.ptr<std::uint8_t>(y);
            for (int x = 0; x < rgb.cols; ++x, pixel += 3) {
                int h = 0;
                int s = 0;
                int v = 0;
                rgbToHsv8(tables, pixel[0], pixel[1], pixel[2], h, s, v);
                hsvToRgb8(tables, (h + step) & 0xff, s, v, pixel);
            }
        }
        return;
    }
    // OpenCV's float HSV keeps V on the input's scale and H in degrees.
    const auto degrees = static_cast<float>(shift * 360.0);
    cv::cvtColor(rgb, rgb, cv::COLOR_RGB2HSV);
    for (int y = 0; y < rgb.rows; ++y) {
        auto* pixel = rgb.ptr<float>(y);
        for (int x = 0; x < rgb.cols; ++x, pixel += 3) {
            float h = pixel[0] + degrees;
            if (h >= 360.0f)
                h -= 360.0f;
            else if (h < 0.0f)
                h += 360.0f;
            pixel[0] = h;
        }
    }
    cv::cvtColor(rgb, rgb, cv::COLOR_HSV2RGB);
    clipTo255(rgb);
}

void toGrayscale(cv::Mat& rgb)
{
    requireRgb(rgb, "grayscale");
    if (rgb.depth() == CV_8U) {
        for (int y = 0; y < rgb.rows; ++y) {
            auto* pixel = rgb.ptr<std::uint8_t>(y);
            for (int x = 0; x < rgb.cols; ++x, pixel += 3)
                pixel[0] = pixel[1] = pixel[2] =
                    static_cast<std::uint8_t>(pilLuminance(pixel[0], pixel[1], pixel[2]));
        }
        return;
    }
    for (int y = 0; y < rgb.rows; ++y) {
        auto* pixel = rgb.ptr<float>(y);
        for (int x = 0; x < rgb.cols; ++x, pixel += 3)
            pixel[0] = pixel[1] = pixel[2] = luminance(pixel[0], pixel[1], pixel[2]);
    }
}

} // namespace fovea::data
