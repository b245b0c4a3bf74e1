#pragma once

#include <opencv2/core/mat.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace fovea::data {

/// Decodes a colour JPEG (three components, YCbCr or RGB; baseline or progressive) straight to
/// RGB with libjpeg: the library and settings OpenCV 4.6's decoder uses (so the same pixels,
/// bit for bit), without its scalar RGB→BGR swap and our swap back, which together cost about
/// as much as the decoding itself. Returns false, having changed nothing, for the variants left
/// to OpenCV (grey, CMYK, YCCK). Throws Error(CorruptFile) naming `name` with libjpeg's message,
/// or when the image is not `expected` in size (the header the limits were checked on).
///
/// `out` is used as it is when it already is CV_8UC3 of that size (a header over the caller's
/// memory), else allocated. The caller has checked the stream's completeness: libjpeg would
/// pad a truncated image with grey and only warn; warnings are otherwise ignored, as OpenCV
/// ignores them, and never printed.
bool decodeJpegRgb(const std::uint8_t* data, std::size_t size, const std::string& name,
                   cv::Size expected, cv::Mat& out);

} // namespace fovea::data
