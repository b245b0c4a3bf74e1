// Occlusion kinds: random erasing and cutout. Both overwrite one rectangle of the picture in
// place; nothing else of it is read or copied.
#include "AugmentationFunctions.h"

#include <cmath>

namespace fovea::data {
namespace {

// The catalogue's fill choices for both kinds.
enum class OcclusionFill { Mean = 0, Random = 1, Constant = 2 };

// Python's round() (half to even), which torchvision's rectangle sizes use.
int roundHalfEven(double value)
{
    return static_cast<int>(std::nearbyint(value));
}

void fillRegion(SampleImage& image, const cv::Rect& region, const AugmentationStep& step,
                SampleRandom& random, const AugmentContext& context)
{
    if (region.empty())
        return;
    cv::Mat target = image.pixels(region);
    switch (static_cast<OcclusionFill>(int(step.value("fill")))) {
    case OcclusionFill::Mean:
        target.setTo(cv::Scalar(context.meanRgb[0], context.meanRgb[1], context.meanRgb[2]));
        break;
    case OcclusionFill::Random: {
        // cv::RNG fills with vectorised code; seeding it from the step's draw keeps it replayable.
        cv::RNG noise(random.next());
        // The upper bound is exclusive: 256 lets 8-bit noise reach 255.
        noise.fill(target, cv::RNG::UNIFORM, cv::Scalar::all(0.0),
                   cv::Scalar::all(image.isFloat() ? 255.0 : 256.0));
        break;
    }
    case OcclusionFill::Constant:
        target.setTo(cv::Scalar::all(step.value("fill_value")));
        break;
    }
}

} // namespace

void randomErasing(SampleImage& image, const AugmentationStep& step, SampleRandom& random,
                   const AugmentContext& context)
{
    // torchvision RandomErasing.get_params: ten tries of a random area fraction and log-uniform
    // aspect ratio (height / width); when none fits inside, the picture is left as it is.
    const int width = image.width();
    const int height = image.height();
    const double area = double(width) * double(height);
    const double scaleMin = step.value("scale_min");
    const double scaleMax = step.value("scale_max");
    const double logRatioMin = std::log(step.value("ratio_min"));
    const double logRatioMax = std::log(step.value("ratio_max"));
    for (int attempt = 0; attempt < 10; ++attempt) {
        const double eraseArea = area * random.uniform(scaleMin, scaleMax);
        const double aspect = std::exp(random.uniform(logRatioMin, logRatioMax));
        const int h = roundHalfEven(std::sqrt(eraseArea * aspect));
        const int w = roundHalfEven(std::sqrt(eraseArea / aspect));
        if (h < height && w < width) {
            const int top = int(random.uniformInt(0, height - h));
            const int left = int(random.uniformInt(0, width - w));
            fillRegion(image, cv::Rect(left, top, w, h), step, random, context);
            return;
        }
    }
}

void cutout(SampleImage& image, const AugmentationStep& step, SampleRandom& random,
            const AugmentContext& context)
{
    // DeVries & Taylor: the centre may lie anywhere in the picture, so the square is clipped at
    // the border as often as the picture's margins allow.
    const int size = int(step.value("size"));
    const int centreY = int(random.uniformInt(0, image.height() - 1));
    const int centreX = int(random.uniformInt(0, image.width() - 1));
    const cv::Rect square(centreX - size / 2, centreY - size / 2, size, size);
    fillRegion(image, square & cv::Rect(0, 0, image.width(), image.height()), step, random,
               context);
}

} // namespace fovea::data
