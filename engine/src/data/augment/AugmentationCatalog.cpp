// The catalogue of augmentation kinds: names, settings with their ranges and defaults, and the
// function that implements each. Listed explicitly (no static registrars, which a static library
// drops), in the order a menu shows them.
#include "AugmentationFunctions.h"

#include "fovea/Error.h"

#include <fmt/format.h>

#include <utility>

namespace fovea {
namespace {

const std::vector<std::string> kInterpolations{"bilinear", "bicubic", "nearest", "area"};
const std::vector<std::string> kFillModes{"constant", "edge", "reflect", "wrap"};

AugmentationParameter number(std::string name, std::string summary, double value, double minimum,
                             double maximum)
{
    return {std::move(name), std::move(summary), value, minimum, maximum, false, {}};
}

AugmentationParameter pixels(std::string name, std::string summary, double value, double minimum,
                             double maximum)
{
    return {std::move(name), std::move(summary), value, minimum, maximum, true, {}};
}

AugmentationParameter choice(std::string name, std::string summary,
                             const std::vector<std::string>& choices, int value = 0)
{
    return {
        std::move(name), std::move(summary), double(value), 0.0, double(choices.size() - 1), true,
        choices};
}

struct CatalogueEntry {
    AugmentationKind kind;
    data::SampleAugmentFunction apply = nullptr; // nullptr: batch level
};

std::vector<CatalogueEntry> buildCatalogue()
{
    std::vector<CatalogueEntry> entries;
    auto add = [&entries](AugmentationKind kind, data::SampleAugmentFunction apply) {
        entries.push_back({std::move(kind), apply});
    };

    add({"random_resized_crop",
         "Inception-style crop: a random area fraction and aspect ratio, resized to the input "
         "size (torchvision RandomResizedCrop)",
         false,
         true,
         1.0,
         {number("scale_min", "smallest crop area, as a fraction of the image", 0.08, 0.001, 1.0),
          number("scale_max", "largest crop area, as a fraction of the image", 1.0, 0.001, 1.0),
          number("ratio_min", "smallest aspect ratio (width / height)", 3.0 / 4.0, 0.05, 20.0),
          number("ratio_max", "largest aspect ratio (width / height)", 4.0 / 3.0, 0.05, 20.0),
          choice("interpolation", "resampling filter", kInterpolations)}},
        data::randomResizedCrop);
    add({"scale_jitter",
         "VGG multi-scale training: the shorter side is resized to S drawn from [min_size, "
         "max_size], then a random input-size crop is cut (min = max: single scale)",
         false,
         true,
         1.0,
         {pixels("min_size", "smallest shorter side S, in pixels", 256, 8, 4096),
          pixels("max_size", "largest shorter side S, in pixels", 512, 8, 4096),
          choice("interpolation", "resampling filter", kInterpolations)}},
        data::scaleJitterCrop);
    add({"random_crop",
         "Pads the border, then cuts a random input-size crop (the CIFAR recipe; padding 0 is a "
         "plain random crop)",
         false,
         true,
         1.0,
         {choice("scale",
                 "input: first resize the picture as validation does (torchvision's Resize + "
                 "RandomCrop); none: crop it at its own size",
                 {"input", "none"}),
          pixels("padding", "border added on every side, in pixels", 4, 0, 512),
          choice("fill", "how the border is filled", kFillModes),
          pixels("fill_value", "grey level of a constant fill (0–255)", 0, 0, 255)}},
        data::paddedRandomCrop);
    add({"horizontal_flip", "Mirrors the image left to right", false, false, 0.5, {}},
        data::horizontalFlip);
    add({"vertical_flip", "Mirrors the image top to bottom", false, false, 0.5, {}},
        data::verticalFlip);
    add({"affine",
         "Rotation, translation, shear and zoom about the centre in one warp (Keras "
         "ImageDataGenerator); each amount is drawn uniformly from ±the setting",
         false,
         false,
         1.0,
         {number("rotation", "largest rotation, in degrees", 15.0, 0.0, 180.0),
          number("translate", "largest shift, as a fraction of width and height", 0.1, 0.0, 1.0),
          number("shear", "largest shear angle, in degrees", 0.0, 0.0, 80.0),
          number("zoom_min", "smallest zoom factor (below 1 shrinks)", 1.0, 0.1, 10.0),
          number("zoom_max", "largest zoom factor", 1.0, 0.1, 10.0),
          choice("fill", "how uncovered pixels are filled", kFillModes),
          pixels("fill_value", "grey level of a constant fill (0–255)", 0, 0, 255),
          choice("interpolation", "resampling filter", kInterpolations)}},
        data::randomAffine);
    add({"color_jitter",
         "Brightness, contrast, saturation and hue changed in a random order, each factor drawn "
         "from [1 − s, 1 + s] (hue: a shift of ±h turns); torchvision ColorJitter, Howard 2013",
         false,
         false,
         1.0,
         {number("brightness", "brightness strength s", 0.4, 0.0, 1.0),
          number("contrast", "contrast strength s", 0.4, 0.0, 1.0),
          number("saturation", "saturation strength s", 0.4, 0.0, 1.0),
          number("hue", "largest hue shift, in turns", 0.0, 0.0, 0.5)}},
        data::colorJitter);
    add({"rgb_shift",
         "Adds one random offset per channel, drawn from ±shift on the 0–255 scale (colour "
         "shift)",
         false,
         false,
         1.0,
         {number("shift", "largest offset per channel (0–255 scale)", 20.0, 0.0, 255.0)}},
        data::rgbShift);
    add({"pca_lighting",
         "AlexNet lighting noise: adds Σ αⱼλⱼvⱼ along the ImageNet RGB principal components, "
         "α ~ N(0, alpha_std)",
         false,
         false,
         1.0,
         {number("alpha_std", "standard deviation of the component weights", 0.1, 0.0, 2.0)}},
        data::pcaLighting);
    add({"grayscale",
         "Replaces the colour by its luminance (kept in three channels)",
         false,
         false,
         0.1,
         {}},
        data::randomGrayscale);
    add({"gaussian_blur",
         "Blurs with a Gaussian of a random sigma (kernel of about 6 sigma)",
         false,
         false,
         0.5,
         {number("sigma_min", "smallest sigma, in pixels", 0.1, 0.01, 50.0),
          number("sigma_max", "largest sigma, in pixels", 2.0, 0.01, 50.0)}},
        data::gaussianBlur);
    add({"gaussian_noise",
         "Adds independent Gaussian noise to every pixel and channel",
         false,
         false,
         0.5,
         {number("std", "standard deviation, as a fraction of the 0–255 range", 0.05, 0.0, 1.0)}},
        data::gaussianNoise);
    add({"random_erasing",
         "Erases a random rectangle of random area and aspect (Zhong et al. 2017; torchvision "
         "RandomErasing)",
         false,
         false,
         0.5,
         {number("scale_min", "smallest erased area, as a fraction of the image", 0.02, 0.0, 1.0),
          number("scale_max", "largest erased area, as a fraction of the image", 0.33, 0.0, 1.0),
          number("ratio_min", "smallest aspect ratio of the rectangle", 0.3, 0.05, 20.0),
          number("ratio_max", "largest aspect ratio of the rectangle", 3.3, 0.05, 20.0),
          choice("fill", "the dataset mean colour, random noise, or a grey level",
                 {"mean", "random", "constant"}),
          pixels("fill_value", "grey level of a constant fill (0–255)", 0, 0, 255)}},
        data::randomErasing);
    add({"cutout",
         "Erases a square of fixed size at a random centre, clipped at the border (DeVries & "
         "Taylor 2017)",
         false,
         false,
         1.0,
         {pixels("size", "side of the square, in pixels of the network input", 16, 1, 4096),
          choice("fill", "the dataset mean colour, random noise, or a grey level",
                 {"mean", "random", "constant"}),
          pixels("fill_value", "grey level of a constant fill (0–255)", 0, 0, 255)}},
        data::cutout);
    add({"mixup",
         "Batch level: blends each image and its label with another of the batch, weight "
         "λ ~ Beta(alpha, alpha) (Zhang et al. 2018)",
         true,
         false,
         1.0,
         {number("alpha", "Beta distribution parameter", 0.2, 0.01, 100.0)}},
        nullptr);
    add({"cutmix",
         "Batch level: pastes a random box of another image of the batch, labels mixed by area, "
         "λ ~ Beta(alpha, alpha) (Yun et al. 2019)",
         true,
         false,
         1.0,
         {number("alpha", "Beta distribution parameter", 1.0, 0.01, 100.0)}},
        nullptr);
    return entries;
}

const std::vector<CatalogueEntry>& catalogue()
{
    static const std::vector<CatalogueEntry> entries = buildCatalogue();
    return entries;
}

const CatalogueEntry& entryFor(const std::string& name)
{
    for (const CatalogueEntry& entry : catalogue())
        if (entry.kind.name == name)
            return entry;
    std::string known;
    for (const CatalogueEntry& entry : catalogue())
        known += (known.empty() ? "" : ", ") + entry.kind.name;
    throw Error(ErrorCode::InvalidArgument,
                fmt::format("unknown augmentation kind '{}'; known kinds: {}", name, known));
}

} // namespace

const std::vector<AugmentationKind>& augmentationKinds()
{
    static const std::vector<AugmentationKind> kinds = [] {
        std::vector<AugmentationKind> result;
        for (const CatalogueEntry& entry : catalogue())
            result.push_back(entry.kind);
        return result;
    }();
    return kinds;
}

const AugmentationKind& augmentationKind(const std::string& name)
{
    return entryFor(name).kind;
}

namespace data {

SampleAugmentFunction sampleAugmentFunction(const std::string& kind)
{
    return entryFor(kind).apply;
}

} // namespace data
} // namespace fovea
