#pragma once

#include "fovea/Image.h"

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace fovea::data {

/// The outcome of reading one file's header.
struct HeaderResult {
    bool read = false; ///< false when the scan stopped before this file
    bool ok = false;
    int width = 0; ///< upright
    int height = 0;
    std::string reason; ///< why not ok (the path is not repeated)
};

/// Reads many image headers on a few threads (a scan is mostly waiting for the disk). Progress is
/// reported on the calling thread, which reads headers too.
class HeaderScanner {
public:
    HeaderScanner(const DecodeOptions& options, int threads, const std::atomic<bool>* stop);

    /// `onProgress(done)` is called now and then from the calling thread.
    std::vector<HeaderResult> scan(const std::vector<std::string>& paths,
                                   const std::function<void(std::size_t)>& onProgress) const;

private:
    HeaderResult readOne(const std::string& path) const;

    DecodeOptions m_options;
    int m_threads;
    const std::atomic<bool>* m_stop;
};

} // namespace fovea::data
