#pragma once

#include "fovea/TrainingConfig.h"

#include <ATen/autocast_mode.h>

namespace fovea {

/// Which autocast, if any, the training forward passes run under.
enum class AutocastMode {
    Off,
    CudaFloat16, ///< float16 where it is safe, float32 elsewhere; needs loss scaling
    CpuBfloat16, ///< bfloat16 convolutions and matrix products (oneDNN: AMX / AVX512-BF16);
                 ///< float32's exponent range, so no loss scaling
};

/// The config's choice for a run on CUDA (`onCuda`) or the CPU: `mixedPrecision` on CUDA,
/// `cpuBfloat16` on the CPU.
inline AutocastMode autocastMode(const TrainingConfig& config, bool onCuda)
{
    if (onCuda)
        return config.mixedPrecision ? AutocastMode::CudaFloat16 : AutocastMode::Off;
    return config.cpuBfloat16 ? AutocastMode::CpuBfloat16 : AutocastMode::Off;
}

/// Autocast for the forward passes in one scope; a no-op for AutocastMode::Off. Autocast state is
/// thread-local, like NoGradGuard; what was set before is restored at the end of the scope.
class AutocastGuard {
public:
    explicit AutocastGuard(AutocastMode mode)
        : m_mode(mode)
        , m_wasCudaEnabled(at::autocast::is_enabled())
        , m_wasCpuEnabled(at::autocast::is_cpu_enabled())
        , m_previousCpuType(at::autocast::get_autocast_cpu_dtype())
    {
        if (m_mode == AutocastMode::CudaFloat16) {
            at::autocast::set_enabled(true);
        } else if (m_mode == AutocastMode::CpuBfloat16) {
            at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
            at::autocast::set_cpu_enabled(true);
        }
        if (m_mode != AutocastMode::Off)
            at::autocast::increment_nesting();
    }
    ~AutocastGuard()
    {
        if (m_mode == AutocastMode::Off)
            return;
        at::autocast::set_enabled(m_wasCudaEnabled);
        at::autocast::set_cpu_enabled(m_wasCpuEnabled);
        at::autocast::set_autocast_cpu_dtype(m_previousCpuType);
        // Casts of the weights are cached within the outermost autocast region; drop them there
        // so the next step sees the updated weights (what Python's torch.autocast does).
        if (at::autocast::decrement_nesting() == 0)
            at::autocast::clear_cache();
    }
    AutocastGuard(const AutocastGuard&) = delete;
    AutocastGuard& operator=(const AutocastGuard&) = delete;

private:
    AutocastMode m_mode;
    bool m_wasCudaEnabled;
    bool m_wasCpuEnabled;
    at::ScalarType m_previousCpuType;
};

} // namespace fovea
