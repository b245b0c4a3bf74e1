// NASNet-A Mobile and Large (Zoph et al. 2018), as Cadene's pretrainedmodels port
// (nasnet_mobile.py, nasnet.py) and timm build them: a stem convolution, two reduction cells as
// stem, then three stages of N normal cells separated by reduction cells. The cells themselves
// are in NASNetCells.h. Module names match Cadene/timm so their state dicts load unchanged.
#include "models/NASNetCells.h"
#include "models/RegisteredArchitecture.h"

#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace fovea {
namespace {

using namespace nasnet;

/// One NASNet-A configuration, "NASNet-A (N @ penultimateFilters)" in the paper's notation.
struct NASNetSpec {
    std::int64_t penultimateFilters; ///< channels of the last cell's output
    int cellsPerStage;               ///< N normal cells per stage
    std::int64_t stemFilters;        ///< output channels of the stem convolution
    /// Large: after a reduction, the next cell's second input stays the one the reduction cell
    /// was given (the second-to-last normal cell); Mobile passes the reduction's own input.
    bool skipReduction;
};

class NASNet : public ClassifierNet {
public:
    NASNet(const NASNetSpec& spec, const ModelOptions& options)
        : m_head(options.head)
    {
        // The cells' base width; it doubles at each reduction (filter multiplier 2), and the
        // last stage's cells output 6 × 4 × filters = penultimateFilters channels.
        const std::int64_t filters = spec.penultimateFilters / 24;
        const std::int64_t stem = spec.stemFilters;

        // Stem convolution: 3×3 stride 2 without padding ("valid") and without ReLU. The compact
        // stem (28–64 px inputs) runs it at stride 1 with SAME padding, so the network shrinks
        // the image 16× instead of 32× (32 px reach the last stage at 2×2, not 1×1); the keys
        // and shapes stay the same, so pretrained weights still load.
        const auto conv0Options =
            options.compactStem ? nn::Conv2dOptions(3, stem, 3).stride(1).padding(1).bias(false)
                                : nn::Conv2dOptions(3, stem, 3).stride(2).padding(0).bias(false);
        conv0 = register_module(
            "conv0", nn::Sequential({{"conv", nn::Conv2d(conv0Options)}, {"bn", batchNorm(stem)}}));

        // Channels of the tensors the next cell reads: x (latest output) and prev (the one
        // before). Each cell maps (x, prev) to (its output, x), except after a reduction with
        // skipReduction, where prev stays.
        std::int64_t xChannels = stem;
        std::int64_t prevChannels = stem;
        const auto addCell = [&](const std::string& name, std::shared_ptr<CellImpl> cell,
                                 std::int64_t outChannels, bool keepPrevious) {
            m_cells.push_back({register_module(name, std::move(cell)), keepPrevious, name});
            if (!keepPrevious)
                prevChannels = xChannels;
            xChannels = outChannels;
        };

        // Stem cells at filters/4 and filters/2: the first reads the stem convolution twice (as
        // x and as prev), the second gets it as prev at twice its own resolution.
        addCell("cell_stem_0",
                std::make_shared<ReductionCellImpl>(stem, stem, filters / 4, PreviousInput::Raw),
                filters, false);
        addCell("cell_stem_1",
                std::make_shared<ReductionCellImpl>(prevChannels, xChannels, filters / 2,
                                                    PreviousInput::Factorized),
                2 * filters, false);

        // Three stages of N normal cells at filters × 1, 2, 4, each stage after the first opened
        // by a reduction cell at the new width. Cadene numbers the normal cells of stage s from
        // cell_{6s}, for Mobile (N = 4) too.
        for (int stage = 0; stage < 3; ++stage) {
            const std::int64_t width = filters << stage;
            if (stage > 0) {
                addCell("reduction_cell_" + std::to_string(stage - 1),
                        std::make_shared<ReductionCellImpl>(prevChannels, xChannels, width,
                                                            PreviousInput::Projection),
                        4 * width, spec.skipReduction);
            }
            for (int i = 0; i < spec.cellsPerStage; ++i) {
                // The first cell of a stage sees prev at twice its resolution (Cadene FirstCell).
                const PreviousInput previous =
                    i == 0 ? PreviousInput::Factorized : PreviousInput::Projection;
                addCell("cell_" + std::to_string(6 * stage + i),
                        std::make_shared<NormalCellImpl>(prevChannels, xChannels, width, previous),
                        6 * width, false);
            }
        }
        m_featureChannels = xChannels;
        replaceHead(options.numClasses);
        // Initialisation: PyTorch's defaults, as in Cadene's and timm's NASNet (no custom init).
    }

protected:
    ModelOutput forwardLayers(torch::Tensor input) override
    {
        torch::Tensor x = stage("conv0", conv0, input);
        torch::Tensor prev = x;
        for (const CellStep& step : m_cells) {
            torch::Tensor out = tapStage(step.name, step.cell->forward(x, prev));
            if (!step.keepPrevious)
                prev = std::move(x);
            x = std::move(out);
        }
        // The last cell's output is a sum of BN outputs: the head starts with a ReLU.
        x = tapFeatures(torch::relu(x));
        if (m_genericHead)
            return {m_genericHead->forward(x), {}};
        // Cadene pools with AvgPool2d(7) / (11), i.e. globally at the default input sizes.
        x = torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
        x = torch::dropout(x, kDropout, is_training());
        return {last_linear->forward(x), {}};
    }

public:
    void replaceHead(std::int64_t numClasses) override
    {
        installHead("last_linear", m_head, m_featureChannels, numClasses, last_linear,
                    m_genericHead);
    }

    std::string headName() const override { return "last_linear"; }

private:
    static constexpr double kDropout = 0.5; // Cadene nn.Dropout(), Keras/TF-slim keep_prob 0.5

    struct CellStep {
        std::shared_ptr<CellImpl> cell;
        bool keepPrevious; // skipReduction: the next cell's prev is this cell's prev
        std::string name;  // its stage name, for the layer summary
    };

    HeadOptions m_head;
    std::int64_t m_featureChannels = 0;
    nn::Sequential conv0{nullptr};
    std::vector<CellStep> m_cells;
    nn::Linear last_linear{nullptr};
    nn::Sequential m_genericHead{nullptr};
};

RegisteredArchitecture nasNetEntry(const char* name, NASNetSpec spec, const char* summary,
                                   int inputSize, int resizeSize, std::int64_t parameters,
                                   KerasFigures keras)
{
    ArchitectureInfo info;
    info.name = name;
    info.family = "NASNet";
    info.summary = summary;
    info.defaultInputSize = inputSize;
    // Dynamic SAME padding and global pooling let the network run at any size from 3 px (the
    // valid stem convolution); at 32 px the last stage already works on 1×1 maps, the same
    // floor as ResNet's.
    info.minInputSize = 32;
    info.parameterCount = parameters;
    info.classifierName = "last_linear";
    // TF-slim weights: x/127.5 - 1, i.e. mean = std = 0.5 on the [0, 1] scale (Cadene settings);
    // centre crop inputSize out of resizeSize, bilinear (torchvision Resize default).
    info.preprocessing.mode = "tf";
    info.preprocessing.mean = {0.5f, 0.5f, 0.5f};
    info.preprocessing.std = {0.5f, 0.5f, 0.5f};
    info.preprocessing.cropFraction = float(inputSize) / float(resizeSize);
    info.preprocessing.interpolation = "bilinear";
    // No torchvision weights, hence no torchvision acc@1; the paper's figure is in the summary.
    info.referenceTop1 = 0.0;
    applyKerasFigures(info, keras);
    return {info, [spec](const ModelOptions& options) -> ClassifierNetPtr {
                return std::make_shared<NASNet>(spec, options);
            }};
}

} // namespace

std::vector<RegisteredArchitecture> nasNetArchitectures()
{
    // Counts from shared/reference/architectures.md §0 (Cadene/timm, 1000 classes).
    return {
        nasNetEntry("nasnetamobile", {1056, 4, 32, false},
                    "Normal and reduction cells found by architecture search, stacked 4 per "
                    "stage at 1056 channels (NASNet-A Mobile, paper: 74.0% top-1).",
                    224, 256, 5'289'978, {74.4, 91.9, 27.0, 5'326'716}),
        nasNetEntry("nasnetalarge", {4032, 6, 96, true},
                    "Normal and reduction cells found by architecture search, stacked 6 per "
                    "stage at 4032 channels (NASNet-A Large, paper: 82.7% top-1).",
                    331, 354, 88'753'150, {82.5, 96.0, 344.5, 88'949'818}),
    };
}

} // namespace fovea
