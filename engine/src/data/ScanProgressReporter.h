#pragma once

#include "fovea/FolderDataset.h"

#include <algorithm>
#include <chrono>

namespace fovea::data {

/// Throttles progress callbacks at the source (a GUI must not get one per file).
class ScanProgressReporter {
public:
    ScanProgressReporter(const ScanProgressCallback& callback, int intervalMs)
        : m_callback(callback)
        , m_interval(std::chrono::milliseconds(std::max(intervalMs, 0)))
    {
    }
    void update(bool force = false)
    {
        if (!m_callback)
            return;
        const std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now();
        if (!force && m_sent && now - m_last < m_interval)
            return;
        m_sent = true;
        m_last = now;
        m_callback(progress);
    }
    ScanProgress progress;

private:
    const ScanProgressCallback& m_callback;
    std::chrono::steady_clock::duration m_interval;
    std::chrono::steady_clock::time_point m_last;
    bool m_sent = false;
};

} // namespace fovea::data
