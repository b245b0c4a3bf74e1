#include "fovea/ReduceLrOnPlateau.h"

#include <algorithm>
#include <limits>

namespace fovea {
namespace {

// PyTorch skips reductions smaller than this, so that a rate at its floor stays put.
constexpr double kSmallestChange = 1e-8;

} // namespace

ReduceLrOnPlateau::ReduceLrOnPlateau(const TrainingConfig& config)
    : m_metric(config.plateauMetric)
    , m_maximise(config.plateauMode == "max" ||
                 (config.plateauMode == "auto" &&
                  config.plateauMetric.find("accuracy") != std::string::npos))
    , m_relative(config.plateauThresholdMode == "rel")
    , m_threshold(config.plateauThreshold)
    , m_factor(config.plateauFactor)
    , m_minLearningRate(config.minLearningRate)
    , m_patience(config.plateauPatience)
    , m_cooldown(config.plateauCooldown)
{
    config.validateSchedule();
    m_state.learningRate = config.learningRate;
    m_state.best = m_maximise ? -std::numeric_limits<double>::infinity()
                              : std::numeric_limits<double>::infinity();
}

bool ReduceLrOnPlateau::isBetter(double value) const
{
    const double best = m_state.best;
    if (m_maximise)
        return m_relative ? value > best * (m_threshold + 1.0) : value > best + m_threshold;
    return m_relative ? value < best * (1.0 - m_threshold) : value < best - m_threshold;
}

bool ReduceLrOnPlateau::update(double value)
{
    if (isBetter(value)) {
        m_state.best = value;
        m_state.badEpochs = 0;
    } else {
        ++m_state.badEpochs;
    }
    if (m_state.cooldownLeft > 0) {
        --m_state.cooldownLeft;
        m_state.badEpochs = 0; // epochs in cooldown do not count
    }
    if (m_state.badEpochs <= m_patience)
        return false;
    m_state.cooldownLeft = m_cooldown;
    m_state.badEpochs = 0;
    const double lowered = std::max(m_state.learningRate * m_factor, m_minLearningRate);
    if (!(m_state.learningRate - lowered > kSmallestChange))
        return false;
    m_state.learningRate = lowered;
    return true;
}

} // namespace fovea
