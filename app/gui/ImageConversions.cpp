#include "ImageConversions.h"

#include <algorithm>

namespace fovea::app {
namespace {

/// A QImage over the engine picture's bytes: valid while `image` lives.
QImage viewOf(const fovea::Image& image)
{
    return QImage(image.rgb.data(), image.width, image.height, image.width * 3,
                  QImage::Format_RGB888);
}

} // namespace

QImage qImageOf(const fovea::Image& image)
{
    return viewOf(image).copy();
}

fovea::Image imageFrom(const QImage& picture)
{
    const QImage rgb = picture.convertToFormat(QImage::Format_RGB888);
    fovea::Image image;
    image.width = rgb.width();
    image.height = rgb.height();
    image.rgb.resize(std::size_t(image.width) * std::size_t(image.height) * 3);
    for (int y = 0; y < image.height; ++y)
        std::copy_n(rgb.constScanLine(y), image.width * 3,
                    image.rgb.data() + std::size_t(y) * std::size_t(image.width) * 3);
    return image;
}

QImage thumbnailOf(const fovea::Image& image, int side)
{
    QImage reduced = viewOf(image);
    // Quick halvings first: smooth scaling of a 12-megapixel photo straight to 64 px is slow.
    while (reduced.width() > 4 * side && reduced.height() > 4 * side)
        reduced = reduced.scaled(reduced.width() / 2, reduced.height() / 2, Qt::IgnoreAspectRatio,
                                 Qt::FastTransformation);
    const bool enlarging = reduced.width() < side && reduced.height() < side;
    QImage thumbnail =
        reduced.scaled(side, side, Qt::KeepAspectRatio,
                       enlarging ? Qt::FastTransformation : Qt::SmoothTransformation);
    // A picture already at the size comes back from scaled() as itself, still over `image`'s
    // bytes, which die with `image`: other pictures' pixels showed through. Own them.
    if (thumbnail.constBits() == image.rgb.data())
        thumbnail = thumbnail.copy();
    return thumbnail;
}

} // namespace fovea::app
