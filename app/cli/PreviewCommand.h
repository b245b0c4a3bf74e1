#pragma once

#include "fovea/Augmentation.h"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace fovea {

/// `fovea-cli preview`: what the network will see of one picture under an augmentation, as a
/// contact sheet written to an image file — the GUI's live preview for terminals and scripts.
class PreviewCommand {
public:
    /// Adds the subcommand and its flags to `app`, which must outlive this object.
    explicit PreviewCommand(CLI::App& app);
    PreviewCommand(const PreviewCommand&) = delete;
    PreviewCommand& operator=(const PreviewCommand&) = delete;

    bool parsed() const { return m_command->parsed(); }
    /// Writes the sheet and prints where; throws fovea::Error for bad input.
    int run() const;

private:
    CLI::App* m_command = nullptr;
    std::string m_image;
    std::string m_architecture = "resnet18";
    std::string m_augmentation = "inception";
    std::string m_output = "preview.png";
    int m_count = 16;
    int m_columns = 4;
    int m_inputSize = 0;
    std::uint64_t m_seed = 0;
    std::int64_t m_sampleIndex = 0;
    bool m_networkInput = false;
};

/// A preset name or a JSON file of steps, as --augment takes it.
AugmentationSpec augmentationFromArgument(const std::string& argument);

} // namespace fovea
