#pragma once

#include <torch/types.h>

#include <vector>

namespace fovea {

/// Dynamic loss scaling for float16 autocast (what torch.cuda.amp.GradScaler does in Python; the
/// C++ API of libtorch 1.13 has none): the loss is multiplied by a large scale before backward
/// so small float16 gradients do not flush to zero, the gradients are divided by it before the
/// step, and a step whose gradients overflowed is skipped and the scale halved. After
/// `growthInterval` clean steps the scale doubles again. Disabled, it is a no-op that still
/// reports non-finite gradients.
class DynamicLossScaler {
public:
    explicit DynamicLossScaler(bool enabled, double initialScale = 65536.0,
                               int growthInterval = 2000);

    bool enabled() const { return m_enabled; }
    double scale() const { return m_enabled ? m_scale : 1.0; }

    /// The loss to call backward() on.
    torch::Tensor scaleLoss(const torch::Tensor& loss) const;

    /// Divides the gradients by the scale and checks them. True when every gradient is finite
    /// (the step may be taken). When enabled, a false also halves the scale (an overflow is
    /// expected now and then and is no error); when disabled, false means NaN/Inf gradients.
    bool unscaleAndCheck(const std::vector<torch::Tensor>& parameters);

    /// Call after a step was taken (grows the scale after enough clean steps).
    void stepTaken();

private:
    bool m_enabled;
    double m_scale;
    int m_growthInterval;
    int m_cleanSteps = 0;
};

} // namespace fovea
