#pragma once

#include "fovea/TrainingConfig.h"

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace fovea {

/// The `train` subcommand's flags, each bound to one TrainingConfig field. Registering a flag also
/// records how to copy its value, so "flags override --config" cannot miss a flag.
class TrainFlags {
public:
    /// Adds every flag to `command`, which must outlive this object.
    explicit TrainFlags(CLI::App& command);
    TrainFlags(const TrainFlags&) = delete;
    TrainFlags& operator=(const TrainFlags&) = delete;

    /// The --config path, or empty.
    const std::string& configPath() const { return m_configPath; }

    /// `base` with each flag that was given on the command line applied to it.
    TrainingConfig applyTo(TrainingConfig base) const;

private:
    template <typename T>
    CLI::Option* add(const std::string& names, T TrainingConfig::*field, const std::string& help);
    CLI::Option* addSwitch(const std::string& name, bool TrainingConfig::*field,
                           const std::string& help);

    CLI::App& m_command;
    TrainingConfig m_values; ///< what the flags parse into
    std::string m_configPath;
    std::string m_augmentation; ///< --augment: a preset name or a JSON file of steps
    std::vector<std::pair<CLI::Option*, std::function<void(TrainingConfig&)>>> m_overrides;
};

} // namespace fovea
