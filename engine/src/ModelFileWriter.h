#pragma once

#include "fovea/ModelFile.h"
#include "models/ClassifierNet.h"

#include <string>

namespace fovea {

/// saveModelFile() for the trainer, which holds the bare network: architecture and options are
/// taken from `info` (they must be what `net` was built with, or the file will not load).
/// Validation and errors as for the public overload.
void saveModelFile(const std::string& path, const ClassifierNet& net, const ModelFileInfo& info);

} // namespace fovea
