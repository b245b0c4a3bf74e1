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
    std::vector<torch::Tensor> gradients;
    std::vector<torch::Tensor> sums;
    gradients.reserve(parameters.size());
    sums.reserve(parameters.size());
    for (const torch::Tensor& parameter : parameters) {
        torch::Tensor grad = parameter.grad();
        if (!grad.defined())
            continue;
        if (m_enabled)
            grad.mul_(1.0 / m_scale);
        // A NaN or an Inf anywhere survives the sum (Inf - Inf is NaN), so one reduction per
        // tensor and one read-back decide for the whole model. A float32 sum: a float64 one
        // costs three times as much (4 % of a ResNet-18 step at 32 px).
        sums.push_back(grad.sum(torch::kFloat));
        gradients.push_back(std::move(grad));
    }
    bool finite = sums.empty() || torch::stack(sums).isfinite().all().item<bool>();
    // Finite gradients near float32's limit can sum to an Inf: only an element that is not
    // finite counts.
    if (!finite) {
        std::vector<torch::Tensor> allFinite;
        allFinite.reserve(gradients.size());
        for (const torch::Tensor& grad : gradients)
            allFinite.push_back(grad.isfinite().all());
        finite = torch::stack(allFinite).all().item<bool>();
    }
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
