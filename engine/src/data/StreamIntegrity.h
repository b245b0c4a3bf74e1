#pragma once

#include "fovea/ImageDecoder.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace fovea::data {

/// Throws Error(CorruptFile) naming `name` when a JPEG or PNG stream stops before its end marker.
/// libjpeg only warns about a truncated file and returns an image whose missing rows are grey;
/// such a picture must not reach training, so the whole stream is walked first (cheap next to
/// decoding it). Other formats are left to their decoders, which fail on truncation.
void checkStreamComplete(ImageFormat format, const std::uint8_t* data, std::size_t size,
                         const std::string& name);

} // namespace fovea::data
