#pragma once

#include "fovea/TrainingConfig.h"

#include <string>

namespace fovea {

/// The "plateau" schedule: lowers the learning rate when a monitored metric stops improving.
/// Follows PyTorch's ReduceLROnPlateau step by step (Keras' is the same idea; its min_delta is
/// plateauThresholdMode "abs"). Fed once per epoch with the metric's value.
class ReduceLrOnPlateau {
public:
    /// What changes as metrics arrive; a checkpoint saves it and restore() puts it back.
    struct State {
        double learningRate = 0.0;
        double best = 0.0; ///< best value so far; ±infinity before the first
        int badEpochs = 0; ///< epochs in a row without improvement
        int cooldownLeft = 0;
    };

    /// Reads learningRate (the start), minLearningRate (the floor) and the plateau* fields.
    /// Throws Error(InvalidArgument) for a bad schedule field.
    explicit ReduceLrOnPlateau(const TrainingConfig& config);

    /// Takes one epoch's value of the monitored metric (NaN never counts as an improvement);
    /// returns true when it lowered the rate.
    bool update(double value);

    double learningRate() const { return m_state.learningRate; }
    /// The metrics.csv column it watches, e.g. "val_loss".
    const std::string& metric() const { return m_metric; }
    /// True when higher is better ("max", or "auto" on an accuracy).
    bool maximises() const { return m_maximise; }

    const State& state() const { return m_state; }
    void restore(const State& state) { m_state = state; }

private:
    bool isBetter(double value) const;

    std::string m_metric;
    bool m_maximise = false;
    bool m_relative = true;
    double m_threshold = 0.0;
    double m_factor = 0.1;
    double m_minLearningRate = 0.0;
    int m_patience = 0;
    int m_cooldown = 0;
    State m_state;
};

} // namespace fovea
