#pragma once

#include "fovea/ArchitectureInfo.h"

#include <string>
#include <vector>

namespace fovea {

/// Every registered architecture, in registration order.
const std::vector<ArchitectureInfo>& architectures();

/// The entry called `name`; throws Error(UnknownArchitecture) listing the known names otherwise.
const ArchitectureInfo& architecture(const std::string& name);

/// The known names joined by ", " (for messages and help texts).
std::string architectureNames();

} // namespace fovea
