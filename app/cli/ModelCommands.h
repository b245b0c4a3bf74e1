#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace fovea {

/// `fovea-cli export` and `fovea-cli predict`: what a trained model file is used for without the
/// GUI. export writes its weights as a plain state dict for Python (torchvision's
/// load_state_dict takes it as is); predict classifies files and folders into a CSV of the top-k
/// classes, one row per file, through the model's own preprocessing.
class ModelCommands {
public:
    /// Adds both subcommands and their flags to `app`, which must outlive this object.
    explicit ModelCommands(CLI::App& app);
    ModelCommands(const ModelCommands&) = delete;
    ModelCommands& operator=(const ModelCommands&) = delete;

    /// Whether the command line named one of the two.
    bool parsed() const { return m_export->parsed() || m_predict->parsed(); }
    /// Runs the one parsed. Returns the exit code: 0 done, 1 a file could not be classified
    /// (the others are still written), 3 stopped by SIGINT/SIGTERM. Throws fovea::Error for a
    /// missing or unreadable model file, a bad crop spec or an output that cannot be written.
    int run() const;

private:
    int runExport() const;
    int runPredict() const;

    CLI::App* m_export = nullptr;
    std::string m_exportModel;
    std::string m_exportOutput;

    CLI::App* m_predict = nullptr;
    std::string m_predictModel;
    std::vector<std::string> m_paths;
    int m_topK = 5;
    std::string m_crops = "center";
    std::string m_scalesText; ///< "256,288"
    std::string m_predictOutput;
};

} // namespace fovea
