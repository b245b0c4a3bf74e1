// libFuzzer target for the decode entry point: any bytes must give an RGB8 image or a
// fovea::Error, never a crash, a hang, a sanitizer report or an unexpected exception type.
#include "fovea/Error.h"
#include "fovea/ImageDecoder.h"

#include <opencv2/core.hpp>
#include <opencv2/core/utils/logger.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    // One thread keeps runs reproducible; silence OpenCV's own warnings about bad input.
    cv::setNumThreads(1);
    cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    fovea::DecodeOptions options;
    // 4 megapixels: the limit logic is the same as with the default, and each input stays fast.
    options.maxPixels = 4u << 20;
    fovea::Image image;
    try {
        image = fovea::decodeImageBytes(data, size, "fuzz-input", options);
    } catch (const fovea::Error&) {
        try {
            fovea::readImageInfoBytes(data, size, "fuzz-input", options);
        } catch (const fovea::Error&) {
        }
        return 0;
    }
    // What decoded must agree with its own header; readImageInfoBytes must not throw now.
    const fovea::ImageInfo info = fovea::readImageInfoBytes(data, size, "fuzz-input", options);
    if (image.width != info.width() || image.height != info.height() ||
        image.rgb.size() != std::size_t(image.width) * std::size_t(image.height) * 3 ||
        std::uint64_t(image.width) * std::uint64_t(image.height) > options.maxPixels)
        std::abort();
    return 0;
}
