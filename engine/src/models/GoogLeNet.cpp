// Placeholder: the family is being written; it registers no architecture yet.
#include "models/RegisteredArchitecture.h"

namespace fovea {

std::vector<RegisteredArchitecture> googLeNetArchitectures() { return {}; }

} // namespace fovea
