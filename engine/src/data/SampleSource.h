#pragma once

#include <opencv2/core/mat.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace fovea::data {

/// Where the loader's pictures come from: a list of labelled images, each loadable on its own.
/// Implementations are immutable once built, and loadRgb() is called from many loader threads at
/// once, so every member is const and thread-safe.
class SampleSource {
public:
    virtual ~SampleSource() = default;

    virtual std::size_t size() const = 0;
    virtual int label(std::size_t index) const = 0;

    /// The picture as CV_8UC3 RGB, upright, owned by the caller (writing into it never changes
    /// the source). Throws fovea::Error naming the file for a sample that cannot be loaded
    /// (missing, corrupt, truncated, not an image); the loader skips and reports such samples.
    virtual cv::Mat loadRgb(std::size_t index) const = 0;

    /// What names the sample in a report: its file path, or "<set>#<index>" for images held in
    /// memory with no file of their own.
    virtual std::string describe(std::size_t index) const = 0;

    /// The picture's size when known without loading it (from a dataset scan's headers), so a
    /// cache can be sized before anything is decoded.
    virtual std::optional<cv::Size> knownSize(std::size_t /*index*/) const { return std::nullopt; }
};

} // namespace fovea::data
