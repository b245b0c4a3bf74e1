// Latency of the augmentation preview: the median time of one previewAugmentations() call (16
// draws) over 20 runs, on one core, with a typical spec (random-resized crop, flip, colour
// jitter) at 224 px. The target is under 50 ms for a 500 px photo.
//
// Usage: fovea-bench-preview [PHOTO] [--count 16] [--runs 20] [--size 224] [--hue 0.0]
//        Without PHOTO a 500 x 375 picture is generated (smooth shading, edges and fine grain,
//        so that no step meets an unusually easy input).
#include "fovea/AugmentationPreview.h"
#include "fovea/Error.h"
#include "fovea/ImageDecoder.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

namespace {

fovea::Image generatedPhoto(int width, int height)
{
    fovea::Image image;
    image.width = width;
    image.height = height;
    image.rgb.resize(std::size_t(width) * std::size_t(height) * 3);
    cv::Mat view(height, width, CV_8UC3, image.rgb.data());
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const double u = double(x) / width;
            const double v = double(y) / height;
            view.at<cv::Vec3b>(y, x) =
                cv::Vec3b(cv::saturate_cast<std::uint8_t>(90 + 120 * u * (1 - v)),
                          cv::saturate_cast<std::uint8_t>(140 + 80 * std::sin(7 * u + 2 * v)),
                          cv::saturate_cast<std::uint8_t>(60 + 150 * v));
        }
    cv::circle(view, {width / 3, height / 2}, height / 4, cv::Scalar(230, 40, 30), cv::FILLED,
               cv::LINE_AA);
    cv::rectangle(view, {width / 2, height / 5}, {width * 7 / 8, height * 3 / 5},
                  cv::Scalar(20, 60, 200), cv::FILLED);
    cv::Mat grain(height, width, CV_8UC3);
    cv::RNG rng{12345};
    rng.fill(grain, cv::RNG::NORMAL, 0, 8);
    cv::add(view, grain, view); // saturating; the grain is what a camera adds
    return image;
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"Fovea augmentation preview latency (one core)"};
    std::string photo;
    int count = 16, runs = 20, size = 224;
    double hue = 0.0;
    app.add_option("photo", photo, "image file (default: a generated 500 x 375 picture)");
    app.add_option("--count", count, "previews per call")->check(CLI::Range(1, 1024));
    app.add_option("--runs", runs, "timed calls")->check(CLI::Range(1, 100000));
    app.add_option("--size", size, "network input size")->check(CLI::Range(8, 4096));
    app.add_option("--hue", hue, "colour jitter's hue strength (0: torchvision's ImageNet recipe)")
        ->check(CLI::Range(0.0, 0.5));
    CLI11_PARSE(app, argc, argv);

    // One core: the preview runs on one worker thread beside the GUI.
    at::set_num_threads(1);
    cv::setNumThreads(1);

    try {
        const fovea::Image image =
            photo.empty() ? generatedPhoto(500, 375) : fovea::decodeImage(photo);
        fovea::AugmentationSpec spec;
        spec.steps = {fovea::AugmentationStep::make("random_resized_crop"),
                      fovea::AugmentationStep::make("horizontal_flip"),
                      fovea::AugmentationStep::make("color_jitter")};
        spec.steps[2].parameters.at("brightness") = 0.4;
        spec.steps[2].parameters.at("contrast") = 0.4;
        spec.steps[2].parameters.at("saturation") = 0.4;
        spec.steps[2].parameters.at("hue") = hue;
        const fovea::Preprocessing preprocessing; // torch mode, ImageNet mean/std

        using Clock = std::chrono::steady_clock;
        std::vector<double> milliseconds;
        for (int run = -1; run < runs; ++run) { // run -1 warms the caches up, untimed
            const auto start = Clock::now();
            const auto items = fovea::previewAugmentations(image, spec, preprocessing, size, count,
                                                           42, 0, std::int64_t(run + 1) * count);
            const std::chrono::duration<double, std::milli> elapsed = Clock::now() - start;
            if (int(items.size()) != count)
                return 1;
            if (run >= 0)
                milliseconds.push_back(elapsed.count());
        }
        std::sort(milliseconds.begin(), milliseconds.end());
        const double median = milliseconds[milliseconds.size() / 2];
        fmt::print("preview: {} x {} px photo, {} previews at {} px, hue {}: median {:.2f} ms "
                   "({:.2f} ms each), min {:.2f} ms, max {:.2f} ms over {} runs, 1 thread\n",
                   image.width, image.height, count, size, hue, median, median / count,
                   milliseconds.front(), milliseconds.back(), runs);
    } catch (const fovea::Error& error) {
        fmt::print(stderr, "fovea-bench-preview: {}\n", error.what());
        return 1;
    }
    return 0;
}
