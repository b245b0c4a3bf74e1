#pragma once

#include "fovea/ImageDecoder.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace fovea::data {

/// How many leading bytes sniffFormat looks at (DICOM's marker sits at offset 128).
constexpr std::size_t kSniffBytes = 132;

struct SniffResult {
    std::optional<ImageFormat> format; ///< set when the bytes start like a supported format
    std::string reason;                ///< otherwise: why not, for the error message
};

/// Tells the format from the leading bytes alone (file names lie). `head` holds the first
/// min(kSniffBytes, fileSize) bytes.
SniffResult sniffFormat(const std::uint8_t* head, std::size_t headSize, std::uint64_t fileSize);

} // namespace fovea::data
