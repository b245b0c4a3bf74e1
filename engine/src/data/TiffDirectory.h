#pragma once

#include "ByteSource.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace fovea::data {

/// The first image file directory (IFD0) of a TIFF structure: the header of a TIFF file, and the
/// body of an EXIF block in JPEG, PNG and WebP files. Only single-valued integer entries are kept
/// (sizes, orientation, sample layout), which is all a header reader needs.
class TiffDirectory {
public:
    /// Parses the TIFF structure that starts at `base` and spans `length` bytes of `source`
    /// (classic TIFF and BigTIFF, either byte order). On failure `error()` says why.
    TiffDirectory(ByteSource& source, std::uint64_t base, std::uint64_t length);

    bool ok() const { return m_error.empty(); }
    const std::string& error() const { return m_error; }
    std::optional<std::uint64_t> value(std::uint16_t tag) const;

    static constexpr std::uint16_t kImageWidth = 256;
    static constexpr std::uint16_t kImageLength = 257;
    static constexpr std::uint16_t kOrientation = 274;
    static constexpr std::uint16_t kExtraSamples = 338;

private:
    bool read(std::uint64_t offset, void* into, std::size_t count);
    std::uint64_t decode(const std::uint8_t* bytes, std::size_t count) const;

    ByteSource& m_source;
    std::uint64_t m_base;
    std::uint64_t m_length;
    bool m_bigEndian = false;
    std::map<std::uint16_t, std::uint64_t> m_values;
    std::string m_error;
};

} // namespace fovea::data
