#pragma once

#include <ATen/autocast_mode.h>

namespace fovea {

/// CUDA autocast (float16 where it is safe, float32 elsewhere) for the forward passes in one
/// scope; a no-op when not enabled. Autocast state is thread-local, like NoGradGuard.
class AutocastGuard {
public:
    explicit AutocastGuard(bool enabled)
        : m_enabled(enabled)
    {
        if (m_enabled)
            at::autocast::set_enabled(true);
    }
    ~AutocastGuard()
    {
        if (m_enabled) {
            at::autocast::set_enabled(false);
            // Casts of the weights are cached within one autocast region; drop them so the next
            // step sees the updated weights.
            at::autocast::clear_cache();
        }
    }
    AutocastGuard(const AutocastGuard&) = delete;
    AutocastGuard& operator=(const AutocastGuard&) = delete;

private:
    bool m_enabled;
};

} // namespace fovea
