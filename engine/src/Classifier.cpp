// fovea::Classifier and its Impl: a model file's network behind the model's one preprocessing.
#include "Classifier.h"

#include "ModelImpl.h"
#include "data/DecodeToMat.h"
#include "data/ImageMat.h"
#include "data/TestTimeCropper.h"

#include <c10/core/InferenceMode.h>

#include <utility>

namespace fovea {

Classifier::Impl::Impl(LoadedModelFile model)
    : m_model(std::move(model))
{
    m_model.model.impl().network->eval();
}

torch::Tensor Classifier::Impl::cropProbabilities(const cv::Mat& rgb,
                                                  const TestTimeCropSpec& crops) const
{
    // The cropper validates the spec (scales against the input size included) and the picture.
    const data::TestTimeCropper cropper(crops, m_model.info.preprocessing, m_model.info.inputSize);
    std::vector<float> input = cropper.normalisedCrops(rgb);
    const std::int64_t size = cropper.inputSize();
    c10::InferenceMode inference;
    const torch::Tensor batch =
        torch::from_blob(input.data(), {cropper.count(), 3, size, size}, torch::kFloat32);
    return probabilities(batch); // a new tensor: `input` may go
}

std::vector<float> Classifier::Impl::classify(const cv::Mat& rgb,
                                              const TestTimeCropSpec& crops) const
{
    c10::InferenceMode inference;
    const torch::Tensor mean = cropProbabilities(rgb, crops).mean(0).contiguous();
    const float* values = mean.data_ptr<float>();
    return std::vector<float>(values, values + mean.numel());
}

std::vector<float> Classifier::Impl::classifyFile(const std::string& path,
                                                  const TestTimeCropSpec& crops) const
{
    return classify(data::decodeImageMat(path), crops);
}

torch::Tensor Classifier::Impl::probabilities(const torch::Tensor& batch) const
{
    c10::InferenceMode inference;
    return torch::softmax(m_model.model.impl().network->forward(batch), 1);
}

Classifier::Classifier(const std::string& modelFile)
    : Classifier(loadModelFile(modelFile))
{
}

Classifier::Classifier(LoadedModelFile model)
    : m_impl(std::make_unique<Impl>(std::move(model)))
{
}

Classifier::~Classifier() = default;
Classifier::Classifier(Classifier&&) noexcept = default;
Classifier& Classifier::operator=(Classifier&&) noexcept = default;

const ModelFileInfo& Classifier::info() const
{
    return m_impl->info();
}

std::vector<float> Classifier::classify(const Image& image, const TestTimeCropSpec& crops) const
{
    return m_impl->classify(data::viewOf(image, "classify"), crops);
}

std::vector<float> Classifier::classifyFile(const std::string& path,
                                            const TestTimeCropSpec& crops) const
{
    return m_impl->classifyFile(path, crops);
}

std::vector<std::vector<float>> Classifier::classifyEachCrop(const Image& image,
                                                             const TestTimeCropSpec& crops) const
{
    c10::InferenceMode inference;
    const torch::Tensor rows =
        m_impl->cropProbabilities(data::viewOf(image, "classifyEachCrop"), crops).contiguous();
    std::vector<std::vector<float>> result;
    const float* values = rows.data_ptr<float>();
    for (std::int64_t i = 0; i < rows.size(0); ++i)
        result.emplace_back(values + i * rows.size(1), values + (i + 1) * rows.size(1));
    return result;
}

} // namespace fovea
