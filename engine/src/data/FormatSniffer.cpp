// Content sniffing. OpenCV would try every decoder it was built with (JPEG 2000, OpenEXR, HDR,
// Sun raster, GDAL …); we decide first, so only the six formats we promise reach a decoder: a
// smaller attack surface, and a reason a person understands when a file is refused.
#include "FormatSniffer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace fovea::data {
namespace {

constexpr const char* kSupported = "supported: JPEG, PNG, BMP, TIFF, WebP, PNM";

bool startsWith(const std::uint8_t* head, std::size_t size, const char* magic, std::size_t length,
                std::size_t at = 0)
{
    return size >= at + length && std::memcmp(head + at, magic, length) == 0;
}

bool isPnmSpace(std::uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '#';
}

bool looksLikeText(const std::uint8_t* head, std::size_t size)
{
    std::size_t printable = 0;
    for (std::size_t i = 0; i < size; ++i) {
        const std::uint8_t c = head[i];
        if (c == 0)
            return false;
        if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7f))
            ++printable;
    }
    return size > 0 && printable * 100 >= size * 95;
}

/// Names formats we recognise but do not decode, so the message says what the file is.
const char* unsupportedName(const std::uint8_t* h, std::size_t n)
{
    struct Magic {
        const char* bytes;
        std::size_t length;
        std::size_t at;
        const char* name;
    };
    static const Magic magics[] = {
        {"GIF87a", 6, 0, "GIF"},
        {"GIF89a", 6, 0, "GIF"},
        {"\0\0\0\x0cjP  \r\n\x87\n", 12, 0, "JPEG 2000"},
        {"\xff\x4f\xff\x51", 4, 0, "JPEG 2000 (codestream)"},
        {"\0\0\0\x0cJXL \r\n\x87\n", 12, 0, "JPEG XL"},
        {"\xff\x0a", 2, 0, "JPEG XL"},
        {"\x76\x2f\x31\x01", 4, 0, "OpenEXR"},
        {"#?RADIANCE", 10, 0, "Radiance HDR"},
        {"#?RGBE", 6, 0, "Radiance HDR"},
        {"\x59\xa6\x6a\x95", 4, 0, "Sun raster"},
        {"P7", 2, 0, "PAM (P7)"},
        {"PF", 2, 0, "PFM"},
        {"Pf", 2, 0, "PFM"},
        {"\0\0\1\0", 4, 0, "ICO (or TGA)"},
        {"\0\0\2\0", 4, 0, "CUR (or TGA)"},
        {"8BPS", 4, 0, "Photoshop PSD"},
        {"qoif", 4, 0, "QOI"},
        {"ftypavif", 8, 4, "AVIF"},
        {"ftypavis", 8, 4, "AVIF"},
        {"ftypheic", 8, 4, "HEIF"},
        {"ftypheix", 8, 4, "HEIF"},
        {"ftypmif1", 8, 4, "HEIF"},
        {"ftypmsf1", 8, 4, "HEIF"},
        {"DICM", 4, 128, "DICOM"},
        {"%PDF", 4, 0, "PDF"},
        {"PK\3\4", 4, 0, "ZIP archive"},
        {"\x1f\x8b", 2, 0, "gzip archive"},
        {"<svg", 4, 0, "SVG"},
        {"<?xml", 5, 0, "XML (SVG?)"},
        {"RIFF", 4, 0, "RIFF container that is not WebP"},
    };
    for (const Magic& magic : magics)
        if (startsWith(h, n, magic.bytes, magic.length, magic.at))
            return magic.name;
    return nullptr;
}

} // namespace

SniffResult sniffFormat(const std::uint8_t* head, std::size_t n, std::uint64_t fileSize)
{
    SniffResult result;
    if (fileSize == 0) {
        result.reason = "the file is empty (0 bytes)";
        return result;
    }
    if (startsWith(head, n, "\xff\xd8\xff", 3))
        result.format = ImageFormat::Jpeg;
    else if (startsWith(head, n, "\x89PNG\r\n\x1a\n", 8))
        result.format = ImageFormat::Png;
    else if (startsWith(head, n, "BM", 2))
        result.format = ImageFormat::Bmp;
    else if (startsWith(head, n, "II*\0", 4) || startsWith(head, n, "MM\0*", 4) ||
             startsWith(head, n, "II+\0", 4) || startsWith(head, n, "MM\0+", 4))
        result.format = ImageFormat::Tiff;
    else if (startsWith(head, n, "RIFF", 4) && startsWith(head, n, "WEBP", 4, 8))
        result.format = ImageFormat::WebP;
    else if (n >= 3 && head[0] == 'P' && head[1] >= '1' && head[1] <= '6' && isPnmSpace(head[2]))
        result.format = ImageFormat::Pnm;
    if (result.format)
        return result;

    if (const char* name = unsupportedName(head, n))
        result.reason = fmt::format("{} images are not supported ({})", name, kSupported);
    else if (looksLikeText(head, n))
        result.reason = fmt::format("the file holds text, not an image ({})", kSupported);
    else if (fileSize < 8)
        result.reason = fmt::format("the file is too short to be an image ({} bytes)", fileSize);
    else {
        std::string bytes;
        for (std::size_t i = 0; i < std::min<std::size_t>(n, 8); ++i)
            bytes += fmt::format("{}{:02x}", i ? " " : "", head[i]);
        result.reason = fmt::format("unknown image format (first bytes {}; {})", bytes, kSupported);
    }
    return result;
}

} // namespace fovea::data
