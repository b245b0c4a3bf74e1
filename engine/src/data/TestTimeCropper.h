#pragma once

#include "SampleTransform.h"

#include "fovea/TestTimeCrops.h"

#include <opencv2/core.hpp>

#include <vector>

namespace fovea::data {

/// One planned crop: where it lies in the original picture and how it is cut.
struct CropPlan {
    CropBox box;
    /// The evaluation input itself (SampleTransform::resizeForInput), not a cut of a resize.
    bool evaluationInput = false;
    int resizedWidth = 0; ///< the picture after Resize(box.scale)
    int resizedHeight = 0;
    int left = 0; ///< the crop's corner in the resized picture
    int top = 0;
};

/// The crops of a width × height picture, in testTimeCropBoxes()' order. Expects a validated
/// spec and preprocessing.
std::vector<CropPlan> planTestTimeCrops(int width, int height, const TestTimeCropSpec& spec,
                                        const Preprocessing& preprocessing, int inputSize);

/// Cuts the test-time crops of a picture and normalises them with the model's one
/// SampleTransform, ready to be stacked into a batch. Thread-safe (const).
class TestTimeCropper {
public:
    /// Throws Error(InvalidArgument) for a bad spec, preprocessing or size.
    TestTimeCropper(TestTimeCropSpec spec, Preprocessing preprocessing, int inputSize);

    int inputSize() const { return m_transform.inputSize(); }
    const TestTimeCropSpec& spec() const { return m_spec; }
    const SampleTransform& transform() const { return m_transform; }

    /// How many crops every picture gets: 1, 5 or 10 per scale.
    int count() const;

    /// The crops of `rgb` (CV_8UC3 RGB, any size): each inputSize² CV_8UC3 RGB.
    std::vector<cv::Mat> crops(const cv::Mat& rgb) const;

    /// count() × 3 × inputSize × inputSize normalised floats, crop after crop, to `out`.
    void normalisedCrops(const cv::Mat& rgb, float* out) const;
    std::vector<float> normalisedCrops(const cv::Mat& rgb) const;

private:
    TestTimeCropSpec m_spec;
    SampleTransform m_transform;
};

} // namespace fovea::data
