// Geometric kinds: crops that produce the network's input size, flips and the Keras-style affine
// warp. Crops read only the region they need (a ROI, or a warp that samples the source where
// resize-then-crop would), so a large photo is never resized or copied as a whole.
#include "AugmentationFunctions.h"
#include "OpenCvFlags.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace fovea::data {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Python's round() (half to even), which torchvision's crop sizes use.
int roundHalfEven(double value)
{
    return static_cast<int>(std::nearbyint(value));
}

// torchvision RandomResizedCrop.get_params: ten tries of a random area fraction and log-uniform
// aspect ratio, then a centre crop clamped to the ratio range.
cv::Rect resizedCropRegion(int width, int height, const AugmentationStep& step,
                           SampleRandom& random)
{
    const double scaleMin = step.value("scale_min");
    const double scaleMax = step.value("scale_max");
    const double ratioMin = step.value("ratio_min");
    const double ratioMax = step.value("ratio_max");
    const double area = double(width) * double(height);
    const double logRatioMin = std::log(ratioMin);
    const double logRatioMax = std::log(ratioMax);
    for (int attempt = 0; attempt < 10; ++attempt) {
        const double targetArea = area * random.uniform(scaleMin, scaleMax);
        const double aspect = std::exp(random.uniform(logRatioMin, logRatioMax));
        const int w = roundHalfEven(std::sqrt(targetArea * aspect));
        const int h = roundHalfEven(std::sqrt(targetArea / aspect));
        if (w > 0 && w <= width && h > 0 && h <= height) {
            const int top = int(random.uniformInt(0, height - h));
            const int left = int(random.uniformInt(0, width - w));
            return {left, top, w, h};
        }
    }
    const double inRatio = double(width) / double(height);
    int w = width;
    int h = height;
    if (inRatio < ratioMin)
        h = roundHalfEven(w / ratioMin);
    else if (inRatio > ratioMax)
        w = roundHalfEven(h * ratioMax);
    // A thin picture can round a side to 0 (torchvision would fail there); keep one pixel.
    w = std::clamp(w, 1, width);
    h = std::clamp(h, 1, height);
    return {(width - w) / 2, (height - h) / 2, w, h};
}

// Samples `source` through the inverse map `m` (output pixel → source coordinates) into a
// size × size picture.
cv::Mat warpInverse(const cv::Mat& source, const cv::Matx23d& m, cv::Size size, int flag,
                    int border, double fillValue)
{
    cv::Mat result;
    cv::warpAffine(source, result, m, size, flag | cv::WARP_INVERSE_MAP, border,
                   cv::Scalar::all(fillValue));
    return result;
}

} // namespace

void randomResizedCrop(SampleImage& image, const AugmentationStep& step, SampleRandom& random,
                       const AugmentContext& context)
{
    const cv::Rect region = resizedCropRegion(image.width(), image.height(), step, random);
    const int size = context.outputSize;
    cv::Mat result;
    cv::resize(image.pixels(region), result, cv::Size(size, size), 0.0, 0.0,
               interpolationFlag(step.value("interpolation")));
    image.pixels = result;
}

void scaleJitterCrop(SampleImage& image, const AugmentationStep& step, SampleRandom& random,
                     const AugmentContext& context)
{
    const int size = context.outputSize;
    const int shorter =
        std::max<int>(size, int(random.uniformInt(std::int64_t(step.value("min_size")),
                                                  std::int64_t(step.value("max_size")))));
    const int width = image.width();
    const int height = image.height();
    // torchvision Resize(S): the longer side is truncated, not rounded.
    const int resizedWidth = width <= height ? shorter : int(double(shorter) * width / height);
    const int resizedHeight = width <= height ? int(double(shorter) * height / width) : shorter;
    const int top = int(random.uniformInt(0, resizedHeight - size));
    const int left = int(random.uniformInt(0, resizedWidth - size));
    const cv::Rect crop(left, top, size, size);

    if (resizedWidth == width && resizedHeight == height) {
        image.pixels = image.pixels(crop).clone();
        return;
    }
    const int flag = interpolationFlag(step.value("interpolation"));
    if (flag == cv::INTER_AREA) {
        // Box averaging has no warp equivalent: resize the whole picture, keep the crop.
        cv::Mat resized;
        cv::resize(image.pixels, resized, cv::Size(resizedWidth, resizedHeight), 0.0, 0.0, flag);
        image.pixels = resized(crop).clone();
        return;
    }
    // Sample the source exactly where cv::resize would for the crop's pixels: resize maps output
    // x to (x + 0.5)·s − 0.5 (to x·s for nearest, which the warp rounds, hence the −0.5). The edge
    // clamping of resize is BORDER_REPLICATE.
    const double scaleX = double(width) / resizedWidth;
    const double scaleY = double(height) / resizedHeight;
    const double shift = flag == cv::INTER_NEAREST ? 0.0 : 0.5;
    const cv::Matx23d m(scaleX, 0.0, (left + shift) * scaleX - 0.5, //
                        0.0, scaleY, (top + shift) * scaleY - 0.5);
    image.pixels =
        warpInverse(image.pixels, m, cv::Size(size, size), flag, cv::BORDER_REPLICATE, 0.0);
}

void paddedRandomCrop(SampleImage& image, const AugmentationStep& step, SampleRandom& random,
                      const AugmentContext& context)
{
    const int size = context.outputSize;
    const int padding = int(step.value("padding"));
    // scale "input" (choice 0): as torchvision's Resize + RandomCrop(padding) — the crop shifts
    // the picture validation sees. Cropping a small picture as it is (28 px padded to a 32 px
    // crop) would train on objects smaller and framed unlike those validated on.
    if (step.value("scale") == 0.0 && context.fitToInput &&
        (image.width() != size || image.height() != size))
        image.pixels = context.fitToInput(image.pixels);
    // torchvision RandomCrop(pad_if_needed=True): a side still short of `size` after padding is
    // padded by the shortfall on both ends.
    const int padX = padding + std::max(0, size - (image.width() + 2 * padding));
    const int padY = padding + std::max(0, size - (image.height() + 2 * padding));
    const int top = int(random.uniformInt(0, image.height() + 2 * padY - size));
    const int left = int(random.uniformInt(0, image.width() + 2 * padX - size));
    const cv::Rect crop(left - padX, top - padY, size, size);

    if ((crop & cv::Rect(0, 0, image.width(), image.height())) == crop) {
        image.pixels = image.pixels(crop).clone();
        return;
    }
    // The crop reaches into the border: a whole-pixel shift with nearest sampling copies the
    // pixels exactly and extrapolates the border from the full picture without padding it.
    const cv::Matx23d m(1.0, 0.0, crop.x, 0.0, 1.0, crop.y);
    image.pixels = warpInverse(image.pixels, m, cv::Size(size, size), cv::INTER_NEAREST,
                               borderMode(step.value("fill")), step.value("fill_value"));
}

void horizontalFlip(SampleImage& image, const AugmentationStep&, SampleRandom&,
                    const AugmentContext&)
{
    // Into a new buffer: the picture may share its pixels with the caller's.
    cv::Mat result;
    cv::flip(image.pixels, result, 1);
    image.pixels = result;
}

void verticalFlip(SampleImage& image, const AugmentationStep&, SampleRandom&, const AugmentContext&)
{
    cv::Mat result;
    cv::flip(image.pixels, result, 0);
    image.pixels = result;
}

void randomAffine(SampleImage& image, const AugmentationStep& step, SampleRandom& random,
                  const AugmentContext&)
{
    const double rotation = step.value("rotation");
    const double translate = step.value("translate");
    const double shear = step.value("shear");
    const double theta = random.uniform(-rotation, rotation) * kPi / 180.0;
    const double shiftX = random.uniform(-translate, translate) * image.width();
    const double shiftY = random.uniform(-translate, translate) * image.height();
    const double shearAngle = random.uniform(-shear, shear) * kPi / 180.0;
    // The setting is a magnification (below 1 shrinks); Keras' zoom is the inverse map's scale,
    // drawn independently per axis.
    const double zoomX = random.uniform(step.value("zoom_min"), step.value("zoom_max"));
    const double zoomY = random.uniform(step.value("zoom_min"), step.value("zoom_max"));

    // Keras apply_affine_transform builds the inverse map rotation · shift · shear · zoom in
    // (row, column) coordinates about the centre (h/2 − 0.5, w/2 − 0.5). Written out in
    // (x, y) = (column, row): A maps an output pixel, relative to the centre, to the source.
    const double c = std::cos(theta);
    const double s = std::sin(theta);
    const double shearCos = std::cos(shearAngle);
    const double shearSin = std::sin(shearAngle);
    const double ix = 1.0 / zoomX;
    const double iy = 1.0 / zoomY;
    // (row, col) matrices: R = [[c, −s], [s, c]], H = [[1, −sin φ], [0, cos φ]],
    // Z = diag(1/zoomY, 1/zoomX); RHZ, then rows and columns swapped for (x, y).
    const double rowRow = c * iy;
    const double rowCol = (-c * shearSin - s * shearCos) * ix;
    const double colRow = s * iy;
    const double colCol = (-s * shearSin + c * shearCos) * ix;
    // The shift sits between R and H, so it is rotated: R · (shiftY, shiftX).
    const double offsetRow = c * shiftY - s * shiftX;
    const double offsetCol = s * shiftY + c * shiftX;
    const double centreX = image.width() / 2.0 - 0.5;
    const double centreY = image.height() / 2.0 - 0.5;
    const cv::Matx23d m(colCol, colRow, centreX + offsetCol - colCol * centreX - colRow * centreY,
                        rowCol, rowRow, centreY + offsetRow - rowCol * centreX - rowRow * centreY);
    image.pixels = warpInverse(image.pixels, m, image.pixels.size(),
                               interpolationFlag(step.value("interpolation")),
                               borderMode(step.value("fill")), step.value("fill_value"));
}

} // namespace fovea::data
