#include "DynamicLossScaler.h"

namespace fovea {

DynamicLossScaler::DynamicLossScaler(bool enabled, double initialScale, int growthInterval)
    : m_enabled(enabled)
    , m_scale(initialScale)
    , m_growthInterval(growthInterval)
{
}

torch::Tensor DynamicLossScaler::scaleLoss(const torch::Tensor& loss) const
{
    return m_enabled ? loss * m_scale : loss;
}

bool DynamicLossScaler::unscaleAndCheck(const std::vector<torch::Tensor>& parameters)
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> sums;
    sums.reserve(parameters.size());
    for (const torch::Tensor& parameter : parameters) {
        torch::Tensor grad = parameter.grad();
        if (!grad.defined())
            continue;
        if (m_enabled)
            grad.mul_(1.0 / m_scale);
        // A NaN or an Inf anywhere survives the sum (Inf - Inf is NaN), so one reduction per
        // tensor and one read-back decide for the whole model.
        sums.push_back(grad.sum(torch::kFloat64));
    }
    const bool finite = sums.empty() || torch::stack(sums).isfinite().all().item<bool>();
    if (!finite && m_enabled) {
        m_scale *= 0.5;
        m_cleanSteps = 0;
    }
    return finite;
}

void DynamicLossScaler::stepTaken()
{
    if (m_enabled && ++m_cleanSteps >= m_growthInterval) {
        m_scale *= 2.0;
        m_cleanSteps = 0;
    }
}

} // namespace fovea
