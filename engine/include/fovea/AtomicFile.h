#pragma once

#include <string>
#include <string_view>

namespace fovea {

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk and renames it over
/// `path`, so `path` always holds either the old or the new content in full.
/// Throws Error(Io) naming the path.
void writeFileAtomically(const std::string& path, std::string_view bytes);

/// Reads a whole file; throws Error(NotFound / Io) naming the path.
std::string readFile(const std::string& path);

} // namespace fovea
