#pragma once

#include "fovea/Classifier.h"

#include <opencv2/core.hpp>
#include <torch/types.h>

#include <string>
#include <vector>

namespace fovea {

/// What fovea::Classifier runs, for engine code that holds decoded pictures or tensors (the
/// crops inspector, evaluation tools). Every picture goes through data::TestTimeCropper, whose
/// centre crop at the preprocessing's own scale is SampleTransform::resizeForInput(): the
/// validation input, pixel for pixel. Const and thread-safe; gradients are off on the calling
/// thread for the duration of each call (InferenceMode is thread-local).
class Classifier::Impl {
public:
    /// Takes the loaded file and puts its network in evaluation mode.
    explicit Impl(LoadedModelFile model);

    const ModelFileInfo& info() const { return m_model.info; }
    const Model& model() const { return m_model.model; }

    /// Class probabilities of `rgb` (CV_8UC3 RGB, any size), averaged over `crops`' crops.
    std::vector<float> classify(const cv::Mat& rgb, const TestTimeCropSpec& crops = {}) const;
    /// One row of probabilities per crop (crops × classes).
    torch::Tensor cropProbabilities(const cv::Mat& rgb, const TestTimeCropSpec& crops) const;
    /// The same for an image file, decoded as training decodes it.
    std::vector<float> classifyFile(const std::string& path,
                                    const TestTimeCropSpec& crops = {}) const;

    /// softmax(logits) of an N × 3 × inputSize × inputSize batch of normalised input: N × classes.
    torch::Tensor probabilities(const torch::Tensor& batch) const;

private:
    LoadedModelFile m_model;
};

} // namespace fovea
