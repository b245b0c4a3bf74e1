// Preprocessing: the checks every front end relies on before building a SampleTransform.
#include "fovea/ArchitectureInfo.h"
#include "fovea/Error.h"

#include <fmt/format.h>

#include <cmath>

namespace fovea {
namespace {

void requireOneOf(const char* field, const std::string& value,
                  std::initializer_list<const char*> allowed)
{
    for (const char* name : allowed)
        if (value == name)
            return;
    throw Error(ErrorCode::InvalidArgument, fmt::format("preprocessing '{}' is '{}'; allowed: {}",
                                                        field, value, fmt::join(allowed, ", ")));
}

} // namespace

void Preprocessing::validate() const
{
    requireOneOf("mode", mode, {"torch", "tf", "caffe", "dataset"});
    requireOneOf("interpolation", interpolation, {"bilinear", "bicubic", "nearest", "area"});
    requireOneOf("channel_order", channelOrder, {"RGB", "BGR"});
    requireOneOf("resize", resize, {"crop", "squash", "pad"});
    if (!(cropFraction > 0.0f && cropFraction <= 1.0f))
        throw Error(
            ErrorCode::InvalidArgument,
            fmt::format("preprocessing 'crop_fraction' is {}; it must be in (0, 1]", cropFraction));
    for (std::size_t c = 0; c < 3; ++c) {
        if (!std::isfinite(mean[c]))
            throw Error(ErrorCode::InvalidArgument,
                        fmt::format("preprocessing 'mean'[{}] is not a finite number", c));
        if (!(std::isfinite(std[c]) && std[c] > 0.0f))
            throw Error(
                ErrorCode::InvalidArgument,
                fmt::format("preprocessing 'std'[{}] is {}; it must be above 0", c, std[c]));
    }
}

bool Preprocessing::operator==(const Preprocessing& other) const
{
    return mode == other.mode && mean == other.mean && std == other.std &&
           cropFraction == other.cropFraction && interpolation == other.interpolation &&
           channelOrder == other.channelOrder && resize == other.resize &&
           padColor == other.padColor;
}

} // namespace fovea
