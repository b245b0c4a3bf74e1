#include "TiffDirectory.h"

#include <cstring>

namespace fovea::data {
namespace {
constexpr std::uint16_t kTypeShort = 3;
constexpr std::uint16_t kTypeLong = 4;
constexpr std::uint16_t kTypeLong8 = 16;
// A real IFD0 has a few dozen entries; a count in the thousands is garbage, and walking it would
// only cost time.
constexpr std::uint64_t kMaxEntries = 4096;
} // namespace

TiffDirectory::TiffDirectory(ByteSource& source, std::uint64_t base, std::uint64_t length)
    : m_source(source)
    , m_base(base)
    , m_length(length)
{
    std::uint8_t header[16];
    if (!read(0, header, 8)) {
        m_error = "the TIFF header is truncated";
        return;
    }
    if (header[0] == 'I' && header[1] == 'I')
        m_bigEndian = false;
    else if (header[0] == 'M' && header[1] == 'M')
        m_bigEndian = true;
    else {
        m_error = "the TIFF header has no byte-order mark";
        return;
    }
    const std::uint64_t version = decode(header + 2, 2);
    const bool big = version == 43;
    if (version != 42 && !big) {
        m_error = "the TIFF header has a bad version number";
        return;
    }
    std::uint64_t ifd = 0;
    if (big) {
        if (!read(8, header + 8, 8) || decode(header + 4, 2) != 8) {
            m_error = "the BigTIFF header is malformed";
            return;
        }
        ifd = decode(header + 8, 8);
    } else {
        ifd = decode(header + 4, 4);
    }
    const std::size_t countBytes = big ? 8 : 2;
    const std::size_t entryBytes = big ? 20 : 12;
    const std::size_t valueBytes = big ? 8 : 4;
    std::uint8_t countField[8];
    if (ifd < 8 || !read(ifd, countField, countBytes)) {
        m_error = "the first TIFF directory lies outside the file";
        return;
    }
    const std::uint64_t entries = decode(countField, countBytes);
    if (entries == 0 || entries > kMaxEntries) {
        m_error = "the first TIFF directory has an implausible number of entries";
        return;
    }
    std::uint8_t entry[20];
    for (std::uint64_t i = 0; i < entries; ++i) {
        if (!read(ifd + countBytes + i * entryBytes, entry, entryBytes)) {
            m_error = "the first TIFF directory is truncated";
            return;
        }
        const auto tag = static_cast<std::uint16_t>(decode(entry, 2));
        const auto type = static_cast<std::uint16_t>(decode(entry + 2, 2));
        const std::uint64_t count = decode(entry + 4, big ? 8 : 4);
        const std::uint8_t* value = entry + 4 + (big ? 8 : 4);
        // Only the first value of an inline entry: ExtraSamples has one value per extra channel,
        // and the first is the alpha channel's.
        if (count < 1)
            continue;
        if (type == kTypeShort && count * 2 <= valueBytes)
            m_values.emplace(tag, decode(value, 2));
        else if (type == kTypeLong && count * 4 <= valueBytes)
            m_values.emplace(tag, decode(value, 4));
        else if (type == kTypeLong8 && big && count == 1)
            m_values.emplace(tag, decode(value, 8));
    }
}

std::optional<std::uint64_t> TiffDirectory::value(std::uint16_t tag) const
{
    const auto it = m_values.find(tag);
    if (it == m_values.end())
        return std::nullopt;
    return it->second;
}

bool TiffDirectory::read(std::uint64_t offset, void* into, std::size_t count)
{
    if (offset > m_length || count > m_length - offset)
        return false;
    return m_source.readExact(m_base + offset, into, count);
}

std::uint64_t TiffDirectory::decode(const std::uint8_t* bytes, std::size_t count) const
{
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t index = m_bigEndian ? i : count - 1 - i;
        value = (value << 8) | bytes[index];
    }
    return value;
}

} // namespace fovea::data
