#pragma once

#include <QString>

namespace fovea::app {

/// Where Fashion-MNIST lives when Debian's dataset-fashion-mnist is installed.
inline constexpr const char* kSystemFashionMnist = "/usr/share/datasets/fashion-mnist";

/// The dataset the main window opens on, so a new user can press Train at once: the system's
/// Fashion-MNIST when installed, otherwise the small sample embedded in the program, copied
/// once to the user's data folder (the engine reads files, not Qt resources).
/// `systemFolder` is a parameter so tests can point it elsewhere.
QString
defaultDatasetFolder(const QString& systemFolder = QString::fromLatin1(kSystemFashionMnist));

/// Copies the embedded sample to `targetFolder` (when not already there) and returns its path,
/// or an empty string when it cannot be written.
QString extractEmbeddedSample(const QString& targetFolder);

} // namespace fovea::app
