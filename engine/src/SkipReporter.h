#pragma once

#include "data/BatchLoader.h"

#include "fovea/TrainingObserver.h"

#include <fmt/format.h>

#include <cstdint>
#include <set>
#include <string>

namespace fovea {

/// Reports each file the loader skipped, once per run however many epochs meet it.
class SkipReporter {
public:
    explicit SkipReporter(TrainingObserver& observer)
        : m_observer(observer)
    {
    }

    void report(const data::LoadedBatch& batch)
    {
        for (const data::SkippedSample& skipped : batch.skipped)
            if (m_reported.insert(skipped.path).second)
                m_observer.onMessage(fmt::format("skipped {}: {}", skipped.path, skipped.reason));
    }

    std::int64_t count() const { return static_cast<std::int64_t>(m_reported.size()); }

private:
    TrainingObserver& m_observer;
    std::set<std::string> m_reported;
};

} // namespace fovea
