#pragma once

#include "fovea/Image.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace fovea {

/// The formats Fovea decodes. Anything else (GIF, JPEG 2000, HDR, EXR, PAM, …) is refused, told
/// apart by the file's leading bytes, never by its name.
enum class ImageFormat { Jpeg, Png, Bmp, Tiff, WebP, Pnm };

/// "JPEG", "PNG", "BMP", "TIFF", "WebP" or "PNM".
const char* imageFormatName(ImageFormat format) noexcept;

/// What a file's header says, read without decoding any pixel.
struct ImageInfo {
    ImageFormat format = ImageFormat::Jpeg;
    int storedWidth = 0; ///< as encoded, before the orientation is applied
    int storedHeight = 0;
    int orientation = 1; ///< EXIF/TIFF orientation 1..8; 1 when the file has none
    /// Width and height of the decoded (upright) image: swapped for orientations 5 to 8.
    int width() const { return orientation >= 5 ? storedHeight : storedWidth; }
    int height() const { return orientation >= 5 ? storedWidth : storedHeight; }
};

/// Reads only the header of the file at `path` (a few KB, even for a large file) and checks it
/// against options.maxPixels. Throws Error(NotFound) for a missing file, Error(Io) when it cannot
/// be read, and Error(CorruptFile) naming the file and the reason for an empty, unsupported,
/// malformed or over-limit file.
ImageInfo readImageInfo(const std::string& path, const DecodeOptions& options = {});

/// The same for bytes in memory; `name` is used in error messages.
ImageInfo readImageInfoBytes(const std::uint8_t* data, std::size_t size, const std::string& name,
                             const DecodeOptions& options = {});

/// Decodes the file at `path` into RGB8: the orientation applied; grey, palette, 16-bit, float,
/// CMYK and alpha converted (alpha composited over options.background). The pixel limit is checked
/// from the header before decoding. Errors as for readImageInfo; a truncated or corrupt file is
/// Error(CorruptFile), never a crash or a half-grey picture.
Image decodeImage(const std::string& path, const DecodeOptions& options = {});

/// The same for bytes in memory (the fuzzed entry point); `name` is used in error messages.
Image decodeImageBytes(const std::uint8_t* data, std::size_t size, const std::string& name,
                       const DecodeOptions& options = {});
Image decodeImageBytes(const std::vector<std::uint8_t>& bytes, const std::string& name,
                       const DecodeOptions& options = {});

} // namespace fovea
