#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace fovea {

/// A decoded picture as it crosses the engine's boundary: 8-bit RGB, interleaved, rows top to
/// bottom with no padding (rgb.size() == width * height * 3).
struct Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;

    bool empty() const { return width <= 0 || height <= 0; }
    /// The three bytes of pixel (x, y); no bounds check.
    const std::uint8_t* pixel(int x, int y) const
    {
        return rgb.data() + (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                             static_cast<std::size_t>(x)) *
                                3;
    }
};

/// An 8-bit RGB colour.
struct Rgb8 {
    std::uint8_t r = 0;
    std::uint8_t g = 0;
    std::uint8_t b = 0;
};

/// How untrusted image files are decoded.
struct DecodeOptions {
    /// Width × height above which a file is refused before any pixel is decoded: a small file can
    /// claim an enormous canvas (a decompression bomb). 100 megapixels is a 300 MB RGB8 image,
    /// a little above Pillow's warning threshold of 89 megapixels.
    std::uint64_t maxPixels = 100'000'000;
    /// Transparent pixels are composited over this colour (not just stripped of their alpha,
    /// which would reveal whatever colour the encoder left under them).
    Rgb8 background{255, 255, 255};
};

} // namespace fovea
