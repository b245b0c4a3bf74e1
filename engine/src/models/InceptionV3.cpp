// Placeholder: the family is being written; it registers no architecture yet.
#include "models/RegisteredArchitecture.h"

namespace fovea {

std::vector<RegisteredArchitecture> inceptionV3Architectures() { return {}; }

} // namespace fovea
