#pragma once

#include "fovea/Image.h"
#include "fovea/ModelFile.h"
#include "fovea/TestTimeCrops.h"

#include <memory>
#include <string>
#include <vector>

namespace fovea {

/// Classifies pictures with a trained model file, through the same preprocessing as training
/// and validation (the file's own): what drag-and-drop classification and `fovea-cli predict`
/// use. Const and thread-safe: several threads may classify at once.
class Classifier {
public:
    /// Loads `modelFile`; errors as for loadModelFile().
    explicit Classifier(const std::string& modelFile);
    /// Takes a model file already loaded.
    explicit Classifier(LoadedModelFile model);
    ~Classifier();
    Classifier(Classifier&&) noexcept;
    Classifier& operator=(Classifier&&) noexcept;

    const ModelFileInfo& info() const;

    /// The probability of each class (info().classNames order; they sum to 1). With more than
    /// one crop, the mean of the crops' probabilities. Throws Error(InvalidArgument) for an
    /// empty or malformed image or a bad crop spec (a scale below the input size included).
    std::vector<float> classify(const Image& image, const TestTimeCropSpec& crops = {}) const;
    /// The same for an image file; decoding errors (NotFound, Io, CorruptFile) name the file.
    std::vector<float> classifyFile(const std::string& path,
                                    const TestTimeCropSpec& crops = {}) const;
    /// The probabilities of each crop on its own, in the order of testTimeCropBoxes(): what
    /// classify() averages (to show what multi-crop evaluation does). Errors as classify().
    std::vector<std::vector<float>> classifyEachCrop(const Image& image,
                                                     const TestTimeCropSpec& crops) const;

    class Impl;
    Impl& impl() const { return *m_impl; }

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace fovea
