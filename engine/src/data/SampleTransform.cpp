// SampleTransform: the one path from a decoded picture to network input (see the header).
#include "SampleTransform.h"

#include "CropGeometry.h"
#include "augment/AugmentationFunctions.h"
#include "augment/OpenCvFlags.h"
#include "augment/SampleRandom.h"

#include "fovea/Error.h"

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace fovea::data {
namespace {

constexpr int kMinInputSize = 8;
constexpr int kMaxInputSize = 4096;

/// The centre-crop ROI is resized on its own (instead of resizing the whole picture and cutting
/// the crop out) only when rounding it to whole source pixels moves no sample by more than 1/32
/// of a pixel, the precision OpenCV's own warps work at. Bilinear samples points, so the shift
/// counts in source pixels; area averages boxes `scale` source pixels wide, so it counts in
/// output pixels; nearest picks whole pixels and must be exact.
constexpr double kRoiTolerance = 1.0 / 32.0;

/// Per output plane: out = x * scale + offset, reading RGB channel `source`.
struct PlaneMap {
    std::array<float, 3> scale{};
    std::array<float, 3> offset{};
    std::array<int, 3> source{0, 1, 2};
};

/// Caffe mode means BGR planes (that is how the Caffe weights were trained), whatever
/// channelOrder says; the other modes follow channelOrder.
bool bgrPlanes(const Preprocessing& preprocessing)
{
    return preprocessing.mode == "caffe" || preprocessing.channelOrder == "BGR";
}

PlaneMap planeMap(const Preprocessing& preprocessing)
{
    std::array<float, 3> scale{};
    std::array<float, 3> offset{};
    for (int c = 0; c < 3; ++c) {
        const double mean = preprocessing.mean[c];
        const double std = preprocessing.std[c];
        if (preprocessing.mode == "tf") {
            scale[c] = float(1.0 / 127.5);
            offset[c] = -1.0f;
        } else if (preprocessing.mode == "caffe") {
            // The mean is stored on the [0, 1] scale in RGB order like every other mode's.
            scale[c] = 1.0f;
            offset[c] = float(-mean * 255.0);
        } else { // torch, dataset: (x / 255 - mean) / std
            scale[c] = float(1.0 / (255.0 * std));
            offset[c] = float(-mean / std);
        }
    }
    PlaneMap map;
    for (int p = 0; p < 3; ++p) {
        const int c = bgrPlanes(preprocessing) ? 2 - p : p;
        map.source[p] = c;
        map.scale[p] = scale[c];
        map.offset[p] = offset[c];
    }
    return map;
}

/// One pass over the interleaved pixels, writing the three planes. The channel order is a
/// template argument so that the inner loop has constant offsets.
template <typename T, bool Bgr>
void writePlanes(const cv::Mat& image, const PlaneMap& map, float* out)
{
    constexpr int s0 = Bgr ? 2 : 0;
    constexpr int s2 = Bgr ? 0 : 2;
    const std::size_t planeSize = std::size_t(image.rows) * std::size_t(image.cols);
    const float a0 = map.scale[0], a1 = map.scale[1], a2 = map.scale[2];
    const float b0 = map.offset[0], b1 = map.offset[1], b2 = map.offset[2];
    for (int y = 0; y < image.rows; ++y) {
        const T* row = image.ptr<T>(y);
        float* o0 = out + std::size_t(y) * std::size_t(image.cols);
        float* o1 = o0 + planeSize;
        float* o2 = o1 + planeSize;
        for (int x = 0; x < image.cols; ++x) {
            const T* px = row + 3 * x;
            o0[x] = float(px[s0]) * a0 + b0;
            o1[x] = float(px[1]) * a1 + b1;
            o2[x] = float(px[s2]) * a2 + b2;
        }
    }
}

/// Whether resizing the rounded source ROI reproduces resize-then-crop along one axis. `start`
/// and `length` are the exact source interval that maps onto the crop, `scale` source pixels per
/// output pixel; on success `roiStart` / `roiLength` hold the ROI in whole pixels.
bool roiAxis(double start, double length, double scale, int full, int outputLength, int flag,
             int& roiStart, int& roiLength)
{
    const int first = std::max(0, int(std::lround(start)));
    const int last = std::min(full, int(std::lround(start + length)));
    if (last - first < 1)
        return false;
    const bool wholeAxis = first == 0 && last == full;
    // Bilinear/area/nearest samples of a downscale stay inside the interval they map from, so a
    // ROI reads what the whole picture would; upscales and bicubic read a pixel beyond it.
    const bool readsInside = flag == cv::INTER_NEAREST || (flag != cv::INTER_CUBIC && scale >= 1.0);
    if (!wholeAxis && !readsInside)
        return false;
    // Sample positions (bilinear: (d + 0.5) * scale - 0.5, area: boxes from d * scale) move
    // linearly with the output index d, so the ends of [0, outputLength] bound the shift.
    const double roiScale = double(last - first) / outputLength;
    const double shift = first - start;
    const double error =
        std::max(std::abs(shift), std::abs(shift + outputLength * (roiScale - scale)));
    const double tolerance = flag == cv::INTER_NEAREST ? 1e-9
                             : flag == cv::INTER_AREA  ? kRoiTolerance * scale
                                                       : kRoiTolerance;
    if (error > tolerance)
        return false;
    roiStart = first;
    roiLength = last - first;
    return true;
}

/// torchvision's Resize(round(size / cropFraction)) then CenterCrop(size), with OpenCV's
/// resampling.
cv::Mat resizeAndCentreCrop(const cv::Mat& src, int size, float cropFraction, int flag)
{
    const int width = src.cols;
    const int height = src.rows;
    const ResizedSize resizedSize =
        resizeShorterSide(width, height, shorterSideForCrop(size, cropFraction));
    const int resizedWidth = resizedSize.width;
    const int resizedHeight = resizedSize.height;
    const int left = centreOffset(resizedWidth, size);
    const int top = centreOffset(resizedHeight, size);

    const double scaleX = double(width) / resizedWidth;
    const double scaleY = double(height) / resizedHeight;
    int roiX = 0, roiY = 0, roiWidth = 0, roiHeight = 0;
    if (roiAxis(left * scaleX, size * scaleX, scaleX, width, size, flag, roiX, roiWidth) &&
        roiAxis(top * scaleY, size * scaleY, scaleY, height, size, flag, roiY, roiHeight)) {
        cv::Mat out;
        cv::resize(src(cv::Rect(roiX, roiY, roiWidth, roiHeight)), out, cv::Size(size, size), 0, 0,
                   flag);
        return out;
    }
    cv::Mat resized;
    cv::resize(src, resized, cv::Size(resizedWidth, resizedHeight), 0, 0, flag);
    return resized(cv::Rect(left, top, size, size)).clone();
}

cv::Mat padAndResize(const cv::Mat& src, int size, const std::array<std::uint8_t, 3>& color,
                     int flag)
{
    cv::Mat square = src;
    if (src.cols != src.rows) {
        const int side = std::max(src.cols, src.rows);
        const int top = (side - src.rows) / 2;
        const int left = (side - src.cols) / 2;
        cv::copyMakeBorder(src, square, top, side - src.rows - top, left, side - src.cols - left,
                           cv::BORDER_CONSTANT, cv::Scalar(color[0], color[1], color[2]));
    }
    if (square.cols == size)
        return square;
    cv::Mat out;
    cv::resize(square, out, cv::Size(size, size), 0, 0, flag);
    return out;
}

void requirePicture(const cv::Mat& rgb, const char* what)
{
    if (rgb.empty() || (rgb.type() != CV_8UC3 && rgb.type() != CV_32FC3))
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("{}: expected a non-empty 3-channel 8-bit or float picture, got "
                                "{}x{} of OpenCV type {}",
                                what, rgb.cols, rgb.rows, rgb.type()));
}

bool sharesMemory(const cv::Mat& a, const cv::Mat& b)
{
    return a.datastart && b.datastart && a.datastart < b.dataend && b.datastart < a.dataend;
}

} // namespace

SampleTransform::SampleTransform(AugmentationSpec augmentation, Preprocessing preprocessing,
                                 int inputSize)
    : m_augmentation(std::move(augmentation))
    , m_preprocessing(std::move(preprocessing))
    , m_inputSize(inputSize)
{
    if (m_inputSize < kMinInputSize || m_inputSize > kMaxInputSize)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("input size {} is outside [{}, {}]", m_inputSize, kMinInputSize,
                                kMaxInputSize));
    m_preprocessing.validate();
    m_augmentation.validate();
}

SampleImage SampleTransform::augment(const cv::Mat& rgb, const SampleKey& key) const
{
    requirePicture(rgb, "augment");
    SampleImage image{rgb};
    AugmentContext context;
    context.outputSize = m_inputSize;
    context.fitToInput = [this](const cv::Mat& picture) { return resizeForInput(picture).pixels; };
    for (int c = 0; c < 3; ++c)
        context.meanRgb[c] = m_preprocessing.mean[c] * 255.0f;

    for (std::size_t i = 0; i < m_augmentation.steps.size(); ++i) {
        const AugmentationStep& step = m_augmentation.steps[i];
        const SampleAugmentFunction function = sampleAugmentFunction(step.kind);
        if (!function)
            continue; // batch level: the loader mixes whole batches later
        SampleRandom random(key.seed, key.epoch, key.index, int(i));
        if (!random.chance(step.probability))
            continue;
        // Kinds other than crops may write in place; the caller's pixels must survive (the
        // loader keeps decoded images cached, the preview reuses one picture).
        if (!augmentationKind(step.kind).producesInputSize && sharesMemory(image.pixels, rgb))
            image.pixels = image.pixels.clone();
        function(image, step, random, context);
    }
    if (image.width() != m_inputSize || image.height() != m_inputSize)
        return resizeForInput(image.pixels);
    return image;
}

SampleImage SampleTransform::resizeForInput(const cv::Mat& rgb) const
{
    requirePicture(rgb, "resizeForInput");
    if (rgb.cols == m_inputSize && rgb.rows == m_inputSize)
        return SampleImage{rgb};
    const int flag = interpolationFlag(m_preprocessing.interpolation);
    const std::string& policy = m_preprocessing.resize;
    if (policy == "squash") {
        cv::Mat out;
        cv::resize(rgb, out, cv::Size(m_inputSize, m_inputSize), 0, 0, flag);
        return SampleImage{out};
    }
    if (policy == "pad")
        return SampleImage{padAndResize(rgb, m_inputSize, m_preprocessing.padColor, flag)};
    return SampleImage{resizeAndCentreCrop(rgb, m_inputSize, m_preprocessing.cropFraction, flag)};
}

void SampleTransform::normalise(const SampleImage& image, float* out) const
{
    requirePicture(image.pixels, "normalise");
    if (image.width() != m_inputSize || image.height() != m_inputSize)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("normalise: the picture is {}x{}, not the input size {}x{}",
                                image.width(), image.height(), m_inputSize, m_inputSize));
    const PlaneMap map = planeMap(m_preprocessing);
    const bool bgr = bgrPlanes(m_preprocessing);
    if (image.isFloat())
        bgr ? writePlanes<float, true>(image.pixels, map, out)
            : writePlanes<float, false>(image.pixels, map, out);
    else
        bgr ? writePlanes<std::uint8_t, true>(image.pixels, map, out)
            : writePlanes<std::uint8_t, false>(image.pixels, map, out);
}

void SampleTransform::apply(const cv::Mat& rgb, const SampleKey& key, float* out) const
{
    normalise(augment(rgb, key), out);
}

cv::Mat SampleTransform::denormalise(const float* planes) const
{
    const PlaneMap map = planeMap(m_preprocessing);
    const std::size_t planeSize = std::size_t(m_inputSize) * std::size_t(m_inputSize);
    std::array<const float*, 3> source{};
    std::array<float, 3> inverse{};
    for (int p = 0; p < 3; ++p) {
        source[map.source[p]] = planes + std::size_t(p) * planeSize;
        inverse[map.source[p]] = 1.0f / map.scale[p];
    }
    std::array<float, 3> offset{};
    for (int p = 0; p < 3; ++p)
        offset[map.source[p]] = map.offset[p];

    cv::Mat rgb(m_inputSize, m_inputSize, CV_8UC3);
    for (int y = 0; y < m_inputSize; ++y) {
        std::uint8_t* row = rgb.ptr<std::uint8_t>(y);
        const std::size_t base = std::size_t(y) * std::size_t(m_inputSize);
        for (int x = 0; x < m_inputSize; ++x)
            for (int c = 0; c < 3; ++c)
                row[3 * x + c] =
                    cv::saturate_cast<std::uint8_t>((source[c][base + x] - offset[c]) * inverse[c]);
    }
    return rgb;
}

} // namespace fovea::data
