#pragma once

#include "augment/SampleImage.h"

#include "fovea/ArchitectureInfo.h"
#include "fovea/Augmentation.h"

#include <opencv2/core.hpp>

#include <cstdint>

namespace fovea::data {

/// Which draw of the augmentation a sample gets: a function of these three numbers only.
struct SampleKey {
    std::uint64_t seed = 0;
    std::int64_t epoch = 0;
    std::int64_t index = 0; ///< the sample's index in its dataset (not its place in the batch)
};

/// The one code path from a decoded picture to network input, shared by training, validation,
/// the preview, the crops inspector and classification (ARCHITECTURE.md, "One preprocessing
/// definition per model"):
///   1. the per-sample augmentation steps, in order (none for evaluation);
///   2. when the picture is not inputSize × inputSize by then, the preprocessing's resize
///      policy (crop / squash / pad) with its interpolation;
///   3. normalisation (mode torch / tf / caffe / dataset, channel order) into planar floats.
/// Thread-safe: const and stateless per call, so loader workers share one instance.
class SampleTransform {
public:
    /// `preprocessing` must be resolved: for mode "dataset" its mean/std hold the dataset's
    /// figures. Batch-level steps of `augmentation` are ignored here (the loader runs them).
    /// Throws Error(InvalidArgument) for a bad preprocessing, spec or size.
    SampleTransform(AugmentationSpec augmentation, Preprocessing preprocessing, int inputSize);

    int inputSize() const { return m_inputSize; }
    const Preprocessing& preprocessing() const { return m_preprocessing; }
    const AugmentationSpec& augmentation() const { return m_augmentation; }

    /// Steps 1 and 2: the augmented, input-sized RGB picture (CV_8UC3, or CV_32FC3 on the
    /// 0–255 scale when a step needed float). `rgb` is CV_8UC3 RGB of any size; it is never
    /// written to (steps that work in place get a copy), but when nothing changed an
    /// input-sized picture the result is a view of `rgb`'s pixels.
    SampleImage augment(const cv::Mat& rgb, const SampleKey& key) const;

    /// Step 3: writes 3 × inputSize × inputSize floats (planes in the model's channel order)
    /// to `out`. `image` must be input-sized.
    void normalise(const SampleImage& image, float* out) const;

    /// All three steps.
    void apply(const cv::Mat& rgb, const SampleKey& key, float* out) const;

    /// The inverse of normalise() for display: planar floats back to an RGB8 picture (clipped).
    cv::Mat denormalise(const float* planes) const;

    /// Step 2 alone on an un-augmented picture: evaluation and classification input (a view of
    /// `rgb` when it is input-sized already).
    SampleImage resizeForInput(const cv::Mat& rgb) const;

private:
    AugmentationSpec m_augmentation;
    Preprocessing m_preprocessing;
    int m_inputSize;
};

} // namespace fovea::data
