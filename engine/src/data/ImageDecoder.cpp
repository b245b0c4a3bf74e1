// The decode entry points: header first (format by content, size against the pixel limit), then
// the stream's completeness, then OpenCV with IMREAD_UNCHANGED so that alpha, 16-bit samples and
// grey survive to be converted on purpose, and the orientation last.
#include "fovea/ImageDecoder.h"

#include "DecodeToMat.h"
#include "FileByteSource.h"
#include "ImageHeaderReader.h"
#include "JpegRgbDecoder.h"
#include "MemoryByteSource.h"
#include "PixelConverter.h"
#include "StreamIntegrity.h"

#include "fovea/Error.h"

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>

#include <limits>
#include <new>

namespace fovea {
namespace {

// OpenCV refuses larger sides (CV_IO_MAX_IMAGE_WIDTH/HEIGHT) with an assertion; say it plainly.
constexpr std::uint64_t kMaxSide = 1u << 20;
// cv::Mat counts columns in an int, and imdecode takes the whole file as one row.
constexpr std::uint64_t kMaxFileBytes = std::numeric_limits<int>::max();

void checkLimits(const data::ImageHeader& header, const std::string& name,
                 const DecodeOptions& options)
{
    const ImageInfo& info = header.info;
    const std::uint64_t pixels = std::uint64_t(info.storedWidth) * std::uint64_t(info.storedHeight);
    if (pixels > options.maxPixels)
        data::throwCorrupt(name, fmt::format("the {} image is {}×{} = {} pixels, over the limit of "
                                             "{} pixels (a guard against decompression bombs)",
                                             imageFormatName(info.format), info.storedWidth,
                                             info.storedHeight, pixels, options.maxPixels));
    if (std::uint64_t(info.storedWidth) > kMaxSide || std::uint64_t(info.storedHeight) > kMaxSide)
        data::throwCorrupt(name, fmt::format("the image is {}×{}; sides over {} pixels are not "
                                             "supported",
                                             info.storedWidth, info.storedHeight, kMaxSide));
}

data::ImageHeader checkedHeader(data::ByteSource& source, const std::string& name,
                                const DecodeOptions& options)
{
    data::ImageHeader header = data::readImageHeader(source, name);
    checkLimits(header, name, options);
    return header;
}

cv::Mat runDecoder(const std::uint8_t* data, std::size_t size, const data::ImageHeader& header,
                   const std::string& name)
{
    const char* format = imageFormatName(header.info.format);
    cv::Mat decoded;
    try {
        // imdecode only reads the buffer; the Mat header just lends it the pointer.
        const cv::Mat encoded(1, static_cast<int>(size), CV_8U, const_cast<std::uint8_t*>(data));
        decoded = cv::imdecode(encoded, cv::IMREAD_UNCHANGED);
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& error) {
        data::throwCorrupt(name, fmt::format("the {} decoder failed: {}", format, error.what()));
    }
    if (decoded.empty())
        data::throwCorrupt(name, fmt::format("the {} data is corrupt or uses a variant the decoder "
                                             "does not support",
                                             format));
    // The decoder parses the header again; were it to disagree with ours, the limit we checked
    // would not be the size it allocated.
    const ImageInfo& info = header.info;
    const int expectedWidth = header.codecAppliesOrientation ? info.width() : info.storedWidth;
    const int expectedHeight = header.codecAppliesOrientation ? info.height() : info.storedHeight;
    if (decoded.cols != expectedWidth || decoded.rows != expectedHeight)
        data::throwCorrupt(name, fmt::format("the {} decoder produced {}×{} pixels but the header "
                                             "says {}×{}",
                                             format, decoded.cols, decoded.rows, expectedWidth,
                                             expectedHeight));
    return decoded;
}

/// The size the decoder must produce: libtiff turns the picture upright itself.
cv::Size decodedSize(const data::ImageHeader& header)
{
    const ImageInfo& info = header.info;
    return header.codecAppliesOrientation ? cv::Size(info.width(), info.height())
                                          : cv::Size(info.storedWidth, info.storedHeight);
}

/// Decodes and converts to RGB8 into `rgb` (used as it is when it already is CV_8UC3 of the
/// decoded size, so the public entry point decodes straight into its Image), orientation not yet
/// applied. Colour JPEG, the common case, goes straight from libjpeg to RGB; everything else
/// through OpenCV (IMREAD_UNCHANGED) and toRgb8.
void decodeToRgb(const std::uint8_t* data, std::size_t size, const data::ImageHeader& header,
                 const std::string& name, const DecodeOptions& options, cv::Mat& rgb)
{
    if (size > kMaxFileBytes)
        data::throwCorrupt(
            name, fmt::format("the file is {} bytes, over the limit of {}", size, kMaxFileBytes));
    data::checkStreamComplete(header.info.format, data, size, name);
    if (header.info.format == ImageFormat::Jpeg &&
        data::decodeJpegRgb(data, size, name, decodedSize(header), rgb))
        return;
    const cv::Mat decoded = runDecoder(data, size, header, name);

    data::PixelLayout layout;
    layout.background = options.background;
    layout.sampleMax = header.sampleMax;
    // libtiff's RGBA path (OpenCV's route for 8-bit TIFF) premultiplies unassociated alpha; a file
    // with associated alpha is premultiplied whatever the route.
    layout.premultiplied = header.info.format == ImageFormat::Tiff &&
                           (header.tiffExtraSamples == 1 ||
                            (header.tiffExtraSamples == 2 && decoded.depth() == CV_8U));
    data::toRgb8(decoded, layout, name, rgb);
}

Image decodeChecked(const std::uint8_t* data, std::size_t size, const data::ImageHeader& header,
                    const std::string& name, const DecodeOptions& options)
{
    const cv::Size expected = decodedSize(header);
    Image image;
    image.width = expected.width;
    image.height = expected.height;
    image.rgb.resize(std::size_t(expected.width) * std::size_t(expected.height) * 3);
    // A header over the Image's bytes: the pixels are written there, never copied.
    cv::Mat rgb(expected, CV_8UC3, image.rgb.data());
    decodeToRgb(data, size, header, name, options, rgb);
    if (!header.codecAppliesOrientation)
        data::applyOrientation(image, header.info.orientation);
    return image;
}

cv::Mat decodeCheckedMat(const std::uint8_t* data, std::size_t size,
                         const data::ImageHeader& header, const std::string& name,
                         const DecodeOptions& options)
{
    cv::Mat rgb;
    decodeToRgb(data, size, header, name, options, rgb);
    if (!header.codecAppliesOrientation)
        return data::applyOrientation(rgb, header.info.orientation);
    return rgb;
}

} // namespace

const char* imageFormatName(ImageFormat format) noexcept
{
    switch (format) {
    case ImageFormat::Jpeg:
        return "JPEG";
    case ImageFormat::Png:
        return "PNG";
    case ImageFormat::Bmp:
        return "BMP";
    case ImageFormat::Tiff:
        return "TIFF";
    case ImageFormat::WebP:
        return "WebP";
    case ImageFormat::Pnm:
        return "PNM";
    }
    return "unknown";
}

ImageInfo readImageInfo(const std::string& path, const DecodeOptions& options)
{
    data::FileByteSource source(path);
    return checkedHeader(source, path, options).info;
}

ImageInfo readImageInfoBytes(const std::uint8_t* data, std::size_t size, const std::string& name,
                             const DecodeOptions& options)
{
    data::MemoryByteSource source(data, size);
    return checkedHeader(source, name, options).info;
}

Image decodeImage(const std::string& path, const DecodeOptions& options)
{
    data::FileByteSource source(path);
    // The header is checked before the file is read in full: a huge file is refused unread. The
    // bytes are then parsed again, so a file changed in between cannot slip past the checks.
    checkedHeader(source, path, options);
    const std::vector<std::uint8_t> bytes = source.readAll(kMaxFileBytes);
    return decodeImageBytes(bytes.data(), bytes.size(), path, options);
}

Image decodeImageBytes(const std::uint8_t* data, std::size_t size, const std::string& name,
                       const DecodeOptions& options)
{
    data::MemoryByteSource source(data, size);
    const data::ImageHeader header = checkedHeader(source, name, options);
    return decodeChecked(data, size, header, name, options);
}

Image decodeImageBytes(const std::vector<std::uint8_t>& bytes, const std::string& name,
                       const DecodeOptions& options)
{
    return decodeImageBytes(bytes.data(), bytes.size(), name, options);
}

namespace data {

cv::Mat decodeImageMat(const std::string& path, const DecodeOptions& options)
{
    // As decodeImage: the header is checked before the whole file is read.
    FileByteSource source(path);
    checkedHeader(source, path, options);
    const std::vector<std::uint8_t> bytes = source.readAll(kMaxFileBytes);
    return decodeImageMatBytes(bytes.data(), bytes.size(), path, options);
}

cv::Mat decodeImageMatBytes(const std::uint8_t* data, std::size_t size, const std::string& name,
                            const DecodeOptions& options)
{
    MemoryByteSource source(data, size);
    const ImageHeader header = checkedHeader(source, name, options);
    return decodeCheckedMat(data, size, header, name, options);
}

} // namespace data

} // namespace fovea
