#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

namespace fovea::app {

/// The rows waiting for a thumbnail, newest first, shared by the GUI thread (which adds the rows
/// a view paints) and the worker that decodes them. Scrolling through a large dataset paints
/// thousands of rows in passing: served oldest first, the rows on screen would wait behind all
/// of them. Served newest first and bounded, what is on screen comes next, and requests for rows
/// long scrolled past are dropped (the view asks again if it paints them again).
class ThumbnailQueue {
public:
    explicit ThumbnailQueue(std::size_t capacity);

    struct Added {
        bool startWorker = false; ///< no worker drains the queue: start one
        std::vector<int> dropped; ///< the oldest rows, pushed out to keep the capacity
    };
    /// Adds `row` as the newest request (moving it up when it already waits).
    Added add(int row);

    /// The newest row, taken out; none when the queue is empty, which also ends the worker's
    /// turn (the next add() says to start one again).
    std::optional<int> takeNewest();

    /// Empties the queue for good: takeNewest() gives nothing more and add() starts no worker
    /// (its dataset was replaced, or the window closes).
    void abandon();

private:
    std::mutex m_mutex;
    std::deque<int> m_rows; ///< newest at the front
    std::size_t m_capacity;
    bool m_workerRunning = false;
    bool m_abandoned = false;
};

} // namespace fovea::app
