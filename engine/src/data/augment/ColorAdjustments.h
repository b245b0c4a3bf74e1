#pragma once

#include <opencv2/core.hpp>

namespace fovea::data {

// The deterministic colour operations behind color_jitter and grayscale, kept apart from the
// random draws so that tests can compare them with torchvision.transforms.functional directly.
//
// Every function takes an RGB picture, CV_8UC3 or CV_32FC3 on the 0–255 scale, and changes it in
// place; any other type is an Error(InvalidArgument) naming it.
//
// 8-bit pictures reproduce torchvision's PIL path (Pillow's ImageEnhance and HSV conversions)
// bit for bit: a blend is out = d + f·(v − d) in single precision, truncated towards zero and
// clipped to [0, 255], as Pillow's ImagingBlend does. Float pictures use the same formulas
// without the 8-bit quantisation and are clipped to [0, 255].

/// Pillow's luminance of one 8-bit RGB pixel: 16-bit fixed point, rounded, as the Pillow 9.4 that
/// the reference tests use computes it. Older Pillow (and architectures.md §8) truncate
/// (299 R + 587 G + 114 B) / 1000 instead; the two differ by one grey level on some pixels.
inline int pilLuminance(int r, int g, int b)
{
    return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
}

/// torchvision adjust_brightness (PIL ImageEnhance.Brightness): blend with black.
void adjustBrightness(cv::Mat& rgb, double factor);

/// torchvision adjust_contrast (PIL ImageEnhance.Contrast): blend with a uniform grey at the
/// mean luminance, rounded to a whole grey level for 8-bit pictures (int(mean(L) + 0.5)).
void adjustContrast(cv::Mat& rgb, double factor);

/// torchvision adjust_saturation (PIL ImageEnhance.Color): blend with the pixel's own luminance.
void adjustSaturation(cv::Mat& rgb, double factor);

/// torchvision adjust_hue on a PIL image: the hue is rotated by `shift` turns (in [−0.5, 0.5]).
/// 8-bit pictures go through Pillow's 8-bit HSV (so even a shift of 0 may move a level, as in
/// torchvision) and the shift is quantised to trunc(shift·255)/255 turns; float pictures use
/// OpenCV's float HSV and the exact shift.
void adjustHue(cv::Mat& rgb, double shift);

/// torchvision rgb_to_grayscale(num_output_channels=3) on a PIL image: the luminance, repeated
/// in the three channels.
void toGrayscale(cv::Mat& rgb);

} // namespace fovea::data
