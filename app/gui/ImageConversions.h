#pragma once

#include "fovea/Image.h"

#include <QImage>

namespace fovea::app {

/// The engine's RGB8 picture as a QImage (a deep copy).
QImage qImageOf(const fovea::Image& image);
/// A QImage (any format) as the engine's RGB8 picture.
fovea::Image imageFrom(const QImage& picture);
/// A thumbnail at most `side` × `side` (aspect kept): smooth when shrinking, pixel-exact when
/// enlarging a small picture (28 px digits stay sharp). It owns its pixels.
QImage thumbnailOf(const fovea::Image& image, int side = 64);

} // namespace fovea::app
