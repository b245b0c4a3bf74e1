#include "JpegRgbDecoder.h"

#include "ImageHeaderReader.h"

#include <fmt/format.h>

#include <csetjmp>
#include <cstdio> // jpeglib.h needs FILE
#include <new>

#include <jpeglib.h>

namespace fovea::data {
namespace {

/// libjpeg reports fatal errors through error_exit, which must not return: it jumps back to
/// runLibjpeg's setjmp (no C++ exception may cross libjpeg's C frames).
struct ErrorManager {
    jpeg_error_mgr library;
    std::jmp_buf jump;
};

void onError(j_common_ptr info)
{
    std::longjmp(reinterpret_cast<ErrorManager*>(info->err)->jump, 1);
}

void onMessage(j_common_ptr) {}

enum class Outcome { Decoded, NotHandled, Failed, WrongSize, OutOfMemory };

/// Only C objects live in this frame, so the jump skips no destructor; `out` belongs to the
/// caller. `message` receives libjpeg's text on failure (JMSG_LENGTH_MAX bytes).
Outcome runLibjpeg(const std::uint8_t* data, std::size_t size, cv::Size expected, cv::Mat& out,
                   char* message, cv::Size& produced)
{
    jpeg_decompress_struct info;
    ErrorManager errors;
    info.err = jpeg_std_error(&errors.library);
    errors.library.error_exit = onError;
    errors.library.output_message = onMessage;
    if (setjmp(errors.jump)) {
        (*info.err->format_message)(reinterpret_cast<j_common_ptr>(&info), message);
        jpeg_destroy_decompress(&info);
        return Outcome::Failed;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, static_cast<unsigned long>(size));
    jpeg_read_header(&info, TRUE);
    if (info.num_components != 3 ||
        (info.jpeg_color_space != JCS_YCbCr && info.jpeg_color_space != JCS_RGB)) {
        jpeg_destroy_decompress(&info);
        return Outcome::NotHandled;
    }
    info.out_color_space = JCS_RGB;
    jpeg_start_decompress(&info);
    produced = cv::Size(int(info.output_width), int(info.output_height));
    if (produced != expected || info.output_components != 3) {
        jpeg_destroy_decompress(&info);
        return Outcome::WrongSize;
    }
    try {
        out.create(expected, CV_8UC3);
    } catch (...) {
        jpeg_destroy_decompress(&info);
        return Outcome::OutOfMemory;
    }
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = out.ptr<JSAMPLE>(int(info.output_scanline));
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return Outcome::Decoded;
}

} // namespace

bool decodeJpegRgb(const std::uint8_t* data, std::size_t size, const std::string& name,
                   cv::Size expected, cv::Mat& out)
{
    char message[JMSG_LENGTH_MAX] = {};
    cv::Size produced;
    switch (runLibjpeg(data, size, expected, out, message, produced)) {
    case Outcome::Decoded:
        return true;
    case Outcome::NotHandled:
        return false;
    case Outcome::Failed:
        throwCorrupt(name, fmt::format("the JPEG decoder failed: {}", message));
    case Outcome::WrongSize:
        throwCorrupt(name,
                     fmt::format("the JPEG decoder produced {}×{} pixels but the header "
                                 "says {}×{}",
                                 produced.width, produced.height, expected.width, expected.height));
    case Outcome::OutOfMemory:
        throw std::bad_alloc();
    }
    return false;
}

} // namespace fovea::data
