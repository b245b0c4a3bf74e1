// Grad-CAM on the engine's networks: the last feature map is read through
// ClassifierNet::FeatureTapScope, the class score's gradient with respect to it through
// torch::autograd::grad (so the shared model's parameters accumulate nothing).
#include "fovea/GradCam.h"

#include "Classifier.h"
#include "ModelImpl.h"
#include "data/ImageMat.h"
#include "data/TestTimeCropper.h"
#include "fovea/Error.h"
#include "fovea/TestTimeCrops.h"

#include <torch/autograd.h>
#include <torch/nn/functional/upsampling.h>

#include <fmt/format.h>

namespace fovea {

GradCamMap gradCam(const Classifier& classifier, const Image& image, int classIndex)
{
    const ModelFileInfo& info = classifier.info();
    const int classes = static_cast<int>(info.classNames.size());
    if (classIndex < -1 || classIndex >= classes)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("Grad-CAM: class {} is outside the model's {} classes", classIndex,
                                classes));
    const cv::Mat rgb = data::viewOf(image, "gradCam");
    const TestTimeCropSpec centre{"center", {}};
    const data::TestTimeCropper cropper(centre, info.preprocessing, info.inputSize);
    std::vector<float> normalised = cropper.normalisedCrops(rgb);
    const std::int64_t size = cropper.inputSize();
    const torch::Tensor input =
        torch::from_blob(normalised.data(), {1, 3, size, size}, torch::kFloat32);

    ClassifierNet& network = *classifier.impl().model().impl().network;
    torch::AutoGradMode gradients(true);
    torch::Tensor features;
    const ClassifierNet::FeatureTapScope tap(
        [&features](const torch::Tensor& map) { features = map; });
    const torch::Tensor logits = network.forward(input);
    if (!features.defined() || features.dim() != 4)
        throw Error(
            ErrorCode::Internal,
            fmt::format("Grad-CAM: '{}' passed no feature map to its tap", info.architecture));
    const torch::Tensor probabilities = torch::softmax(logits.detach(), 1)[0];
    const int target = classIndex >= 0 ? classIndex : int(probabilities.argmax().item<int64_t>());
    const torch::Tensor gradient =
        torch::autograd::grad({logits[0][target]}, {features}, {}, /*retain_graph=*/false)[0];

    GradCamMap map;
    map.size = static_cast<int>(size);
    map.classIndex = target;
    map.probability = probabilities[target].item<float>();
    map.input = testTimeCropImages(image, centre, info.preprocessing, info.inputSize).front();
    torch::NoGradGuard noGrad;
    const torch::Tensor weights = gradient.mean({2, 3}, /*keepdim=*/true);
    torch::Tensor cam = (weights * features).sum(1, /*keepdim=*/true).relu();
    cam = torch::nn::functional::interpolate(cam, torch::nn::functional::InterpolateFuncOptions()
                                                      .size(std::vector<int64_t>{size, size})
                                                      .mode(torch::kBilinear)
                                                      .align_corners(false))
              .reshape({size, size});
    const float peak = cam.max().item<float>();
    if (peak > 0.0f)
        cam = cam / peak;
    cam = cam.contiguous();
    map.values.assign(cam.data_ptr<float>(), cam.data_ptr<float>() + cam.numel());
    return map;
}

} // namespace fovea
