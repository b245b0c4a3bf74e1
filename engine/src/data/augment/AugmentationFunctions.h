#pragma once

#include "SampleImage.h"
#include "SampleRandom.h"

#include "fovea/Augmentation.h"

namespace fovea::data {

/// One per-sample kind's implementation. Called only when the step's probability draw said yes;
/// the step's parameters are validated. Crop kinds leave the image at context.outputSize².
using SampleAugmentFunction = void (*)(SampleImage& image, const AugmentationStep& step,
                                       SampleRandom& random, const AugmentContext& context);

// Geometric kinds (GeometricAugmentations.cpp).
void randomResizedCrop(SampleImage&, const AugmentationStep&, SampleRandom&, const AugmentContext&);
void scaleJitterCrop(SampleImage&, const AugmentationStep&, SampleRandom&, const AugmentContext&);
void paddedRandomCrop(SampleImage&, const AugmentationStep&, SampleRandom&, const AugmentContext&);
void horizontalFlip(SampleImage&, const AugmentationStep&, SampleRandom&, const AugmentContext&);
void verticalFlip(SampleImage&, const AugmentationStep&, SampleRandom&, const AugmentContext&);
void randomAffine(SampleImage&, const AugmentationStep&, SampleRandom&, const AugmentContext&);

// Photometric kinds (PhotometricAugmentations.cpp).
void colorJitter(SampleImage&, const AugmentationStep&, SampleRandom&, const AugmentContext&);
void rgbShift(SampleImage&, const AugmentationStep&, SampleRandom&, const AugmentContext&);
void pcaLighting(SampleImage&, const AugmentationStep&, SampleRandom&, const AugmentContext&);
void randomGrayscale(SampleImage&, const AugmentationStep&, SampleRandom&, const AugmentContext&);
void gaussianBlur(SampleImage&, const AugmentationStep&, SampleRandom&, const AugmentContext&);
void gaussianNoise(SampleImage&, const AugmentationStep&, SampleRandom&, const AugmentContext&);

// Occlusion kinds (OcclusionAugmentations.cpp).
void randomErasing(SampleImage&, const AugmentationStep&, SampleRandom&, const AugmentContext&);
void cutout(SampleImage&, const AugmentationStep&, SampleRandom&, const AugmentContext&);

/// The implementation of a per-sample kind; nullptr for batch-level kinds.
SampleAugmentFunction sampleAugmentFunction(const std::string& kind);

} // namespace fovea::data
