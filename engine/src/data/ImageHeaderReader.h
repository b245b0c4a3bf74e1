#pragma once

#include "ByteSource.h"

#include "fovea/ImageDecoder.h"

#include <string>

namespace fovea::data {

/// What the decoder needs to know beyond the public ImageInfo.
struct ImageHeader {
    ImageInfo info;
    /// libtiff applies a TIFF's orientation itself; for JPEG, PNG and WebP we do it.
    bool codecAppliesOrientation = false;
    /// The sample value that means full intensity when it is not the depth's maximum (a PNM
    /// maxval such as 15 or 1023, which OpenCV returns unscaled); 0: the depth's maximum.
    double sampleMax = 0.0;
    /// TIFF ExtraSamples: 1 associated (premultiplied) alpha, 2 unassociated; 0 none.
    int tiffExtraSamples = 0;
};

/// Reads the header of one supported image: the format from the leading bytes, then its size and
/// orientation, touching only the bytes that hold them. Throws Error(CorruptFile) whose message
/// names `name` and the reason: empty, unsupported, truncated or malformed header.
ImageHeader readImageHeader(ByteSource& source, const std::string& name);

/// "cannot read image '<name>': <reason>" as an Error(CorruptFile).
[[noreturn]] void throwCorrupt(const std::string& name, const std::string& reason);

} // namespace fovea::data
