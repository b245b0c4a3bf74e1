#include "PreviewCommand.h"

#include "OutputPath.h"

#include "fovea/ArchitectureRegistry.h"
#include "fovea/AtomicFile.h"
#include "fovea/Augmentation.h"
#include "fovea/AugmentationPreview.h"
#include "fovea/Error.h"
#include "fovea/ImageDecoder.h"
#include "fovea/ImageWriter.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace fovea {

AugmentationSpec augmentationFromArgument(const std::string& argument)
{
    const auto& presets = AugmentationSpec::presetNames();
    if (std::find(presets.begin(), presets.end(), argument) != presets.end())
        return AugmentationSpec::preset(argument);
    if (!std::filesystem::is_regular_file(argument))
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("--augment '{}' is neither a preset ({}) nor a JSON file of steps",
                                argument, fmt::join(presets, ", ")));
    return AugmentationSpec::fromJson(readFile(argument), argument);
}

PreviewCommand::PreviewCommand(CLI::App& app)
    : m_command(app.add_subcommand(
          "preview", "Write a contact sheet of what augmentation makes of one picture"))
{
    m_command->alias("augment-preview");
    m_command->add_option("image", m_image, "The picture (JPEG, PNG, BMP, TIFF, WebP, PNM)")
        ->required()
        ->check(CLI::ExistingFile);
    m_command->add_option("--arch", m_architecture,
                          "Architecture whose input size and preprocessing apply");
    m_command->add_option("--augment", m_augmentation, "A preset or a JSON file of steps");
    m_command->add_option("--count", m_count, "Draws to show (epochs 1, 2, …)")
        ->check(CLI::Range(1, 256));
    m_command->add_option("--columns", m_columns, "Pictures per row")->check(CLI::Range(1, 64));
    m_command
        ->add_option("--input-size", m_inputSize,
                     "Network input in pixels (0: the "
                     "architecture's)")
        ->check(CLI::Range(0, 4096));
    m_command->add_option("--seed", m_seed, "The run's seed");
    m_command->add_option("--sample-index", m_sampleIndex,
                          "The picture's index in the dataset (its draws depend on it)");
    m_command->add_flag("--network-input", m_networkInput,
                        "Show the normalised input de-normalised, as the network gets it");
    m_command->add_option("--out,-o", m_output, "Image file to write (.png, .jpg, …)");
}

int PreviewCommand::run() const
{
    checkOutputFile("preview", "--out", m_output, {m_image});
    const ArchitectureInfo& info = architecture(m_architecture);
    const AugmentationSpec spec = augmentationFromArgument(m_augmentation);
    const int inputSize = m_inputSize > 0 ? m_inputSize : info.defaultInputSize;
    if (inputSize < info.minInputSize)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("input size {} px is below the minimum of {} px for '{}'",
                                inputSize, info.minInputSize, info.name));
    // The sheet and the draws behind it are held in memory: 256 draws at 4096 px would take
    // over 12 GB. 64 megapixels is 16 draws at 2048 px.
    constexpr double kMaxSheetMegapixels = 64.0;
    const double megapixels = double(m_count) * inputSize * inputSize / 1e6;
    if (megapixels > kMaxSheetMegapixels)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("--count {} draws at {} px make a {:.0f}-megapixel sheet, over the "
                                "limit of {:.0f}: show fewer draws or a smaller --input-size",
                                m_count, inputSize, megapixels, kMaxSheetMegapixels));
    // Training counts epochs from 1: the sheet shows the draws of the first `count` epochs.
    const std::vector<AugmentationPreviewItem> items =
        previewAugmentations(decodeImage(m_image), spec, info.preprocessing, inputSize, m_count,
                             m_seed, m_sampleIndex, 1);
    std::vector<Image> tiles;
    tiles.reserve(items.size());
    for (const AugmentationPreviewItem& item : items)
        tiles.push_back(m_networkInput ? item.networkInput : item.augmented);
    writeImageFile(tileImages(tiles, m_columns), m_output);
    fmt::print("{} draws of {} at {} px written to {}\n", items.size(), m_augmentation, inputSize,
               m_output);
    return 0;
}

} // namespace fovea
