#pragma once

#include "fovea/Image.h"

#include <opencv2/core/mat.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace fovea::data {

/// The engine's own decode entry points: the same checks and conversions as fovea::decodeImage
/// (header and pixel limit first, stream completeness, IMREAD_UNCHANGED, alpha/grey/16-bit/CMYK
/// converted, orientation applied) and the same Error(NotFound / Io / CorruptFile) naming the
/// file, but the result is a CV_8UC3 RGB cv::Mat, so the loader and the preview hand the pixels
/// to the transform without a copy into (and back out of) fovea::Image.
///
/// Always at full size. Reduced-size JPEG decoding (libjpeg's DCT scaling, OpenCV's
/// IMREAD_REDUCED_*) would be 2–3× cheaper, but is only exact enough where the transform is
/// known to shrink the picture at least twofold, and the random-resized crop may keep as little
/// as 8 % of it and enlarge that: on 400–500 px photographs (ImageNet-like) no training sample
/// qualifies, and evaluation's resize to 256 needs a shorter side of 512 or more. Not worth a
/// second code path until the transform can say how small a source it needs.
cv::Mat decodeImageMat(const std::string& path, const DecodeOptions& options = {});

/// The same for bytes in memory; `name` is used in error messages.
cv::Mat decodeImageMatBytes(const std::uint8_t* data, std::size_t size, const std::string& name,
                            const DecodeOptions& options = {});

} // namespace fovea::data
