#pragma once

#include "fovea/Image.h"

#include <string>

namespace fovea {

/// Encodes `image` by the extension of `path` (.png, .jpg/.jpeg, .bmp, .tif/.tiff, .webp, .ppm)
/// and writes it atomically (temporary file, flush, rename). Throws Error(InvalidArgument) for an
/// empty image or an unknown extension, Error(Io) naming the path when writing fails.
void writeImageFile(const Image& image, const std::string& path);

/// Lays `images` out in rows of `columns`, `gap` pixels apart on `background`; cells are as large
/// as the largest image. An empty list gives an empty image.
Image tileImages(const std::vector<Image>& images, int columns, int gap = 4,
                 Rgb8 background = {255, 255, 255});

} // namespace fovea
