#include "StreamIntegrity.h"

#include "ImageHeaderReader.h"

#include <fmt/format.h>

#include <cctype>
#include <cstring>

namespace fovea::data {
namespace {

/// A chunk type for a message: four letters, or '?' for bytes that are not.
std::string chunkName(const std::uint8_t* type)
{
    std::string name;
    for (int i = 0; i < 4; ++i)
        name += std::isalpha(type[i]) ? static_cast<char>(type[i]) : '?';
    return name;
}

std::uint32_t be32(const std::uint8_t* p)
{
    return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
}

/// Skips entropy-coded data: returns the offset of the next real marker's 0xFF, or `size`.
/// Inside scan data 0xFF is followed by 0x00 (a stuffed byte), a restart marker or fill bytes.
std::size_t skipScanData(const std::uint8_t* data, std::size_t size, std::size_t pos)
{
    while (pos < size) {
        const void* found = std::memchr(data + pos, 0xff, size - pos);
        if (!found)
            return size;
        pos = static_cast<std::size_t>(static_cast<const std::uint8_t*>(found) - data);
        std::size_t next = pos + 1;
        while (next < size && data[next] == 0xff)
            ++next;
        if (next >= size)
            return size;
        const std::uint8_t code = data[next];
        if (code != 0x00 && !(code >= 0xd0 && code <= 0xd7))
            return next - 1;
        pos = next + 1;
    }
    return size;
}

void checkJpeg(const std::uint8_t* data, std::size_t size, const std::string& name)
{
    std::size_t pos = 2;
    while (pos + 1 < size) {
        if (data[pos] != 0xff) {
            // libjpeg skips stray bytes before a marker with a warning; so do we.
            const void* found = std::memchr(data + pos, 0xff, size - pos);
            if (!found)
                break;
            pos = static_cast<std::size_t>(static_cast<const std::uint8_t*>(found) - data);
        }
        std::size_t at = pos + 1;
        while (at < size && data[at] == 0xff)
            ++at;
        if (at >= size)
            break;
        const std::uint8_t code = data[at];
        pos = at + 1;
        if (code == 0xd9)
            return; // end of image
        if (code == 0x01 || code == 0xd8 || (code >= 0xd0 && code <= 0xd7))
            continue;
        if (pos + 2 > size)
            break;
        const std::size_t length = std::size_t(data[pos]) << 8 | data[pos + 1];
        if (length < 2)
            throwCorrupt(
                name, fmt::format("corrupt JPEG: a segment at byte {} has length {}", pos, length));
        pos += length;
        if (code == 0xda) // start of scan: entropy-coded data follows the header
            pos = skipScanData(data, size, pos);
    }
    throwCorrupt(name, "the JPEG file is truncated: it ends before the end-of-image marker");
}

void checkPng(const std::uint8_t* data, std::size_t size, const std::string& name)
{
    std::size_t pos = 8;
    while (pos + 8 <= size) {
        const std::uint64_t length = be32(data + pos);
        const std::uint8_t* type = data + pos + 4;
        if (pos + 12 + length > size)
            throwCorrupt(name,
                         fmt::format("the PNG file is truncated: it ends inside the '{}' chunk",
                                     chunkName(type)));
        if (std::memcmp(type, "IEND", 4) == 0)
            return;
        pos += 12 + static_cast<std::size_t>(length);
    }
    throwCorrupt(name, "the PNG file is truncated: it ends before the IEND chunk");
}

} // namespace

void checkStreamComplete(ImageFormat format, const std::uint8_t* data, std::size_t size,
                         const std::string& name)
{
    if (format == ImageFormat::Jpeg)
        checkJpeg(data, size, name);
    else if (format == ImageFormat::Png)
        checkPng(data, size, name);
}

} // namespace fovea::data
