#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace fovea {

/// How a front end steers a running job from another thread: stop (for good) and pause /
/// continue. The job polls it between batches; a paused job blocks on a condition variable
/// (no polling, no sleeps) until it is continued or stopped.
class RunControl {
public:
    /// Ends the job within one batch (and wakes it if it is paused).
    void requestStop()
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stop.store(true);
        }
        m_changed.notify_all();
    }
    bool stopRequested() const { return m_stop.load(std::memory_order_relaxed); }
    /// The flag itself, for engine calls that take a plain stop token.
    const std::atomic<bool>& stopFlag() const { return m_stop; }

    void setPaused(bool paused)
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_paused = paused;
        }
        m_changed.notify_all();
    }
    bool paused() const
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_paused;
    }

    /// Called by the job between batches: returns at once unless paused; then blocks until
    /// continued or stopped. Returns how long it waited, zero when it did not (the job may want
    /// to say so, and not count the pause as training time).
    std::chrono::steady_clock::duration waitWhilePaused()
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        if (!m_paused || m_stop.load())
            return {};
        const auto pausedAt = std::chrono::steady_clock::now();
        m_parked = true;
        m_changed.notify_all();
        m_changed.wait(lock, [this] { return !m_paused || m_stop.load(); });
        m_parked = false;
        return std::max(std::chrono::steady_clock::now() - pausedAt,
                        std::chrono::steady_clock::duration(1));
    }

    /// True while the job is blocked in waitWhilePaused(): a pause asked for takes effect at
    /// the next batch boundary, and a front end shows "paused" once this holds.
    bool parked() const
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_parked;
    }

    /// Blocks until the job is parked, or the pause was withdrawn, or a stop was requested.
    /// True when parked.
    bool waitUntilParked()
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_changed.wait(lock, [this] { return m_parked || !m_paused || m_stop.load(); });
        return m_parked;
    }

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::atomic<bool> m_stop{false};
    bool m_paused = false;
    bool m_parked = false;
};

} // namespace fovea
