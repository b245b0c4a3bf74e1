#pragma once

#include <string>
#include <vector>

namespace fovea {

/// Checks a command's output file before any work, so that a long evaluation or sweep does not
/// end in an error, and nothing the user made is replaced: throws Error(InvalidArgument) naming
/// `option` when `output` is an existing folder or the same file as one of `inputs` (the model,
/// a picture, a dataset list or config the command reads; links resolved), Error(NotFound) when
/// the folder it would go in does not exist.
void checkOutputFile(const std::string& command, const std::string& option,
                     const std::string& output, const std::vector<std::string>& inputs);

/// The same for an output folder (`eval --out`, created if missing): an existing file there is
/// refused.
void checkOutputFolder(const std::string& command, const std::string& option,
                       const std::string& output);

} // namespace fovea
