// Header parsing per format. Every offset comes from untrusted bytes, so each read is checked
// against the source's size and every loop is bounded.
#include "ImageHeaderReader.h"

#include "FormatSniffer.h"
#include "TiffDirectory.h"

#include "fovea/Error.h"

#include <fmt/format.h>

#include <cctype>
#include <cstring>
#include <limits>

namespace fovea::data {
namespace {

constexpr int kMaxSegments = 100000;
constexpr std::size_t kPnmHeaderBytes = 4096;
constexpr std::int64_t kMaxSide = std::numeric_limits<int>::max();

std::uint32_t le16(const std::uint8_t* p)
{
    return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8;
}
std::uint32_t le24(const std::uint8_t* p)
{
    return le16(p) | std::uint32_t(p[2]) << 16;
}
std::uint32_t le32(const std::uint8_t* p)
{
    return le24(p) | std::uint32_t(p[3]) << 24;
}
std::uint32_t be16(const std::uint8_t* p)
{
    return std::uint32_t(p[0]) << 8 | p[1];
}
std::uint32_t be32(const std::uint8_t* p)
{
    return be16(p) << 16 | be16(p + 2);
}

int validOrientation(std::optional<std::uint64_t> value)
{
    return value && *value >= 1 && *value <= 8 ? static_cast<int>(*value) : 1;
}

class HeaderParser {
public:
    HeaderParser(ByteSource& source, const std::string& name)
        : m_source(source)
        , m_name(name)
    {
    }

    ImageHeader parse()
    {
        std::uint8_t head[kSniffBytes] = {};
        const std::size_t got = m_source.readAt(0, head, sizeof head);
        const SniffResult sniff = sniffFormat(head, got, m_source.size());
        if (!sniff.format)
            fail(sniff.reason);
        m_header.info.format = *sniff.format;
        switch (*sniff.format) {
        case ImageFormat::Jpeg:
            parseJpeg();
            break;
        case ImageFormat::Png:
            parsePng();
            break;
        case ImageFormat::Bmp:
            parseBmp();
            break;
        case ImageFormat::Tiff:
            parseTiff();
            break;
        case ImageFormat::WebP:
            parseWebP();
            break;
        case ImageFormat::Pnm:
            parsePnm();
            break;
        }
        const ImageInfo& info = m_header.info;
        if (info.storedWidth <= 0 || info.storedHeight <= 0)
            fail(fmt::format("the {} header gives a size of {}×{}", imageFormatName(info.format),
                             info.storedWidth, info.storedHeight));
        return m_header;
    }

private:
    [[noreturn]] void fail(const std::string& reason) const { throwCorrupt(m_name, reason); }

    void need(std::uint64_t offset, void* into, std::size_t count, const char* what)
    {
        if (!m_source.readExact(offset, into, count))
            fail(fmt::format("the file is truncated: it ends inside the {}", what));
    }

    void setSize(std::int64_t width, std::int64_t height)
    {
        if (width <= 0 || height <= 0 || width > kMaxSide || height > kMaxSide)
            fail(fmt::format("the {} header gives an impossible size of {}×{}",
                             imageFormatName(m_header.info.format), width, height));
        m_header.info.storedWidth = static_cast<int>(width);
        m_header.info.storedHeight = static_cast<int>(height);
    }

    void parseJpeg()
    {
        std::uint64_t pos = 2;
        for (int segment = 0; segment < kMaxSegments; ++segment) {
            std::uint8_t marker[2];
            need(pos, marker, 2, "JPEG headers (no frame header found)");
            if (marker[0] != 0xff)
                fail(fmt::format("corrupt JPEG: no marker at byte {}", pos));
            ++pos;
            while (marker[1] == 0xff) // fill bytes may precede a marker
                need(++pos, &marker[1], 1, "JPEG headers");
            const std::uint8_t code = marker[1];
            ++pos;
            if (code == 0x01 || code == 0xd8 || (code >= 0xd0 && code <= 0xd7))
                continue; // markers without a length
            if (code == 0xd9 || code == 0xda)
                fail("corrupt JPEG: the image data starts before any frame header (SOF)");
            std::uint8_t lengthBytes[2];
            need(pos, lengthBytes, 2, "JPEG headers");
            const std::uint32_t length = be16(lengthBytes);
            if (length < 2)
                fail(fmt::format("corrupt JPEG: a segment at byte {} has length {}", pos, length));
            const bool isFrame =
                code >= 0xc0 && code <= 0xcf && code != 0xc4 && code != 0xc8 && code != 0xcc;
            if (isFrame) {
                std::uint8_t frame[6];
                need(pos + 2, frame, 6, "JPEG frame header");
                // A height of 0 means "defined later by a DNL marker", which libjpeg refuses too.
                setSize(be16(frame + 3), be16(frame + 1));
                return;
            }
            if (code == 0xe1 && length >= 8 + 6) {
                std::uint8_t exif[6];
                if (m_source.readExact(pos + 2, exif, 6) && std::memcmp(exif, "Exif\0\0", 6) == 0)
                    readExifOrientation(pos + 8, length - 8);
            }
            pos += length;
        }
        fail("corrupt JPEG: too many segments before the frame header");
    }

    void readExifOrientation(std::uint64_t base, std::uint64_t length)
    {
        // A broken EXIF block must not cost the picture: it only means "no orientation".
        TiffDirectory exif(m_source, base, length);
        if (exif.ok())
            m_header.info.orientation = validOrientation(exif.value(TiffDirectory::kOrientation));
    }

    void parsePng()
    {
        std::uint8_t ihdr[25];
        need(8, ihdr, sizeof ihdr, "PNG header chunk (IHDR)");
        if (be32(ihdr) != 13 || std::memcmp(ihdr + 4, "IHDR", 4) != 0)
            fail("corrupt PNG: the first chunk is not a header (IHDR)");
        setSize(be32(ihdr + 8), be32(ihdr + 12));
        // EXIF orientation lives in an eXIf chunk before the image data.
        std::uint64_t pos = 8 + 25;
        for (int chunk = 0; chunk < kMaxSegments; ++chunk) {
            std::uint8_t head[8];
            if (!m_source.readExact(pos, head, 8))
                return;
            const std::uint64_t length = be32(head);
            if (std::memcmp(head + 4, "IDAT", 4) == 0 || std::memcmp(head + 4, "IEND", 4) == 0)
                return;
            if (std::memcmp(head + 4, "eXIf", 4) == 0)
                readExifOrientation(pos + 8, length);
            pos += 12 + length;
        }
    }

    void parseBmp()
    {
        std::uint8_t header[26];
        need(0, header, sizeof header, "BMP header");
        const std::uint32_t dibSize = le32(header + 14);
        if (dibSize == 12) // OS/2 BITMAPCOREHEADER: 16-bit sizes
            setSize(le16(header + 18), le16(header + 20));
        else if (dibSize >= 16 && dibSize <= 1024) {
            // A negative height marks a top-down bitmap.
            const auto height = static_cast<std::int32_t>(le32(header + 22));
            setSize(static_cast<std::int32_t>(le32(header + 18)),
                    height < 0 ? -std::int64_t(height) : std::int64_t(height));
        } else
            fail(fmt::format("corrupt BMP: unknown header size {}", dibSize));
    }

    void parseTiff()
    {
        TiffDirectory ifd(m_source, 0, m_source.size());
        if (!ifd.ok())
            fail("corrupt TIFF: " + ifd.error());
        const auto width = ifd.value(TiffDirectory::kImageWidth);
        const auto height = ifd.value(TiffDirectory::kImageLength);
        if (!width || !height)
            fail("corrupt TIFF: the first directory has no image width or length");
        setSize(static_cast<std::int64_t>(std::min<std::uint64_t>(*width, kMaxSide + 1ull)),
                static_cast<std::int64_t>(std::min<std::uint64_t>(*height, kMaxSide + 1ull)));
        m_header.info.orientation = validOrientation(ifd.value(TiffDirectory::kOrientation));
        m_header.codecAppliesOrientation = true;
        m_header.tiffExtraSamples =
            static_cast<int>(ifd.value(TiffDirectory::kExtraSamples).value_or(0));
    }

    void parseWebP()
    {
        // 30 bytes hold every first-chunk header; a lossless one needs only 25.
        std::uint8_t h[30] = {};
        const std::size_t got = m_source.readAt(0, h, sizeof h);
        if (got < 25)
            fail("the file is truncated: it ends inside the WebP header");
        if (std::memcmp(h + 12, "VP8 ", 4) == 0) {
            if (got < 30 || h[23] != 0x9d || h[24] != 0x01 || h[25] != 0x2a)
                fail("corrupt WebP: the lossy frame header is truncated or has no start code");
            setSize(le16(h + 26) & 0x3fff, le16(h + 28) & 0x3fff);
        } else if (std::memcmp(h + 12, "VP8L", 4) == 0) {
            if (h[20] != 0x2f)
                fail("corrupt WebP: the lossless header has no signature");
            const std::uint32_t bits = le32(h + 21);
            setSize((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
        } else if (std::memcmp(h + 12, "VP8X", 4) == 0) {
            if (got < 30)
                fail("the file is truncated: it ends inside the WebP header");
            if (h[20] & 0x02)
                fail("animated WebP images are not supported");
            setSize(std::int64_t(le24(h + 24)) + 1, std::int64_t(le24(h + 27)) + 1);
            if (h[20] & 0x08)
                findWebPExif(12 + 8 + ((std::uint64_t(le32(h + 16)) + 1) & ~1ull));
        } else
            fail("corrupt WebP: the first chunk is not VP8, VP8L or VP8X");
    }

    void findWebPExif(std::uint64_t pos)
    {
        for (int chunk = 0; chunk < kMaxSegments; ++chunk) {
            std::uint8_t head[8];
            if (!m_source.readExact(pos, head, 8))
                return;
            const std::uint64_t length = le32(head + 4);
            if (std::memcmp(head, "EXIF", 4) == 0) {
                // Some writers keep JPEG's "Exif\0\0" prefix inside the chunk.
                std::uint8_t prefix[6];
                const bool prefixed = length >= 6 && m_source.readExact(pos + 8, prefix, 6) &&
                                      std::memcmp(prefix, "Exif\0\0", 6) == 0;
                readExifOrientation(pos + 8 + (prefixed ? 6 : 0), length - (prefixed ? 6 : 0));
                return;
            }
            pos += 8 + ((length + 1) & ~1ull);
        }
    }

    void parsePnm()
    {
        std::uint8_t text[kPnmHeaderBytes];
        const std::size_t size = m_source.readAt(0, text, sizeof text);
        const char kind = static_cast<char>(text[1]);
        const bool bitmap = kind == '1' || kind == '4';
        std::size_t pos = 2;
        std::int64_t values[3] = {0, 0, 0};
        const int needed = bitmap ? 2 : 3;
        for (int i = 0; i < needed; ++i) {
            // Whitespace and '#' comments (to the end of the line) separate the numbers.
            while (pos < size && (std::isspace(text[pos]) || text[pos] == '#')) {
                if (text[pos] == '#')
                    while (pos < size && text[pos] != '\n' && text[pos] != '\r')
                        ++pos;
                else
                    ++pos;
            }
            if (pos >= size || !std::isdigit(text[pos]))
                fail(size == sizeof text ? "corrupt PNM: the header is too long or malformed"
                                         : "corrupt PNM: the header is truncated or malformed");
            while (pos < size && std::isdigit(text[pos]) && values[i] <= kMaxSide)
                values[i] = values[i] * 10 + (text[pos++] - '0');
        }
        setSize(values[0], values[1]);
        if (!bitmap) {
            if (values[2] < 1 || values[2] > 65535)
                fail(fmt::format("corrupt PNM: maximum value {} (must be 1 to 65535)", values[2]));
            // OpenCV scales ASCII 8-bit samples (P2, P3) to 0..255 itself, but returns binary and
            // 16-bit samples as stored.
            const bool ascii = kind == '2' || kind == '3';
            if (!(ascii && values[2] <= 255))
                m_header.sampleMax = static_cast<double>(values[2]);
        }
    }

    ByteSource& m_source;
    const std::string& m_name;
    ImageHeader m_header;
};

} // namespace

void throwCorrupt(const std::string& name, const std::string& reason)
{
    throw Error(ErrorCode::CorruptFile, fmt::format("cannot read image '{}': {}", name, reason));
}

ImageHeader readImageHeader(ByteSource& source, const std::string& name)
{
    return HeaderParser(source, name).parse();
}

} // namespace fovea::data
