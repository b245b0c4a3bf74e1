#include "ThumbnailQueue.h"

#include <algorithm>

namespace fovea::app {

ThumbnailQueue::ThumbnailQueue(std::size_t capacity)
    : m_capacity(std::max<std::size_t>(1, capacity))
{
}

ThumbnailQueue::Added ThumbnailQueue::add(int row)
{
    Added added;
    std::lock_guard lock(m_mutex);
    if (m_abandoned)
        return added;
    // A linear search is fine at a few hundred rows, and a view rarely asks twice.
    if (const auto it = std::find(m_rows.begin(), m_rows.end(), row); it != m_rows.end())
        m_rows.erase(it);
    m_rows.push_front(row);
    while (m_rows.size() > m_capacity) {
        added.dropped.push_back(m_rows.back());
        m_rows.pop_back();
    }
    added.startWorker = !m_workerRunning;
    m_workerRunning = true;
    return added;
}

std::optional<int> ThumbnailQueue::takeNewest()
{
    std::lock_guard lock(m_mutex);
    if (m_rows.empty()) {
        m_workerRunning = false;
        return std::nullopt;
    }
    const int row = m_rows.front();
    m_rows.pop_front();
    return row;
}

void ThumbnailQueue::abandon()
{
    std::lock_guard lock(m_mutex);
    m_abandoned = true;
    m_rows.clear();
}

} // namespace fovea::app
