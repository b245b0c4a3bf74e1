// Writing pictures (augmentation previews, crops) with OpenCV's encoders, atomically like every
// file Fovea writes.
#include "fovea/ImageWriter.h"

#include "fovea/AtomicFile.h"
#include "fovea/Error.h"

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>

namespace fovea {

void writeImageFile(const Image& image, const std::string& path)
{
    if (image.empty() || image.rgb.size() != std::size_t(image.width) * image.height * 3)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("cannot write '{}': the image is empty or inconsistent", path));
    std::string extension = std::filesystem::path(path).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    const std::vector<std::string> known{".png", ".jpg",  ".jpeg", ".bmp",
                                         ".tif", ".tiff", ".webp", ".ppm"};
    if (std::find(known.begin(), known.end(), extension) == known.end())
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("cannot write '{}': unknown image extension '{}'; use one of {}",
                                path, extension, fmt::join(known, ", ")));
    // OpenCV's encoders take BGR; the Mat header lends our bytes without copying.
    const cv::Mat rgb(image.height, image.width, CV_8UC3,
                      const_cast<std::uint8_t*>(image.rgb.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    std::vector<std::uint8_t> bytes;
    if (!cv::imencode(extension, bgr, bytes))
        throw Error(ErrorCode::Io, fmt::format("cannot encode '{}' as {}", path, extension));
    writeFileAtomically(
        path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

Image tileImages(const std::vector<Image>& images, int columns, int gap, Rgb8 background)
{
    Image tiled;
    if (images.empty() || columns <= 0)
        return tiled;
    int cellWidth = 0;
    int cellHeight = 0;
    for (const Image& image : images) {
        cellWidth = std::max(cellWidth, image.width);
        cellHeight = std::max(cellHeight, image.height);
    }
    columns = std::min<int>(columns, int(images.size()));
    const int rows = (int(images.size()) + columns - 1) / columns;
    tiled.width = columns * cellWidth + (columns - 1) * gap;
    tiled.height = rows * cellHeight + (rows - 1) * gap;
    tiled.rgb.resize(std::size_t(tiled.width) * tiled.height * 3);
    for (std::size_t i = 0; i < tiled.rgb.size(); i += 3) {
        tiled.rgb[i] = background.r;
        tiled.rgb[i + 1] = background.g;
        tiled.rgb[i + 2] = background.b;
    }
    for (std::size_t k = 0; k < images.size(); ++k) {
        const Image& image = images[k];
        const int left = int(k % std::size_t(columns)) * (cellWidth + gap);
        const int top = int(k / std::size_t(columns)) * (cellHeight + gap);
        for (int y = 0; y < image.height; ++y)
            std::memcpy(&tiled.rgb[(std::size_t(top + y) * tiled.width + left) * 3],
                        image.pixel(0, y), std::size_t(image.width) * 3);
    }
    return tiled;
}

} // namespace fovea
