#pragma once

#include <string>

namespace fovea {

/// `text` as one field of a CSV file (RFC 4180): quoted when it holds a separator, a quote or a
/// line break, or starts or ends with a space (which some readers would trim), with the quotes
/// inside doubled; as it is otherwise. Shared by every CSV Fovea writes (reports, predictions).
std::string csvField(const std::string& text);

} // namespace fovea
