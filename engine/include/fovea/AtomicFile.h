#pragma once

#include <string>
#include <string_view>

namespace fovea {

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk and renames it over
/// `path`, so `path` always holds either the old or the new content in full.
/// Throws Error(Io) naming the path.
void writeFileAtomically(const std::string& path, std::string_view bytes);

/// Deletes the temporaries that writeFileAtomically() calls cut short by a crash left in
/// `folder` (`<name>.tmp-<pid>-<hex>`), those of files named `*<suffix>` only when a suffix is
/// given; returns how many. Call it only where no other process writes into the folder.
int removeAtomicWriteLeftovers(const std::string& folder, const std::string& suffix = {});

/// Reads a whole file; throws Error(NotFound / Io) naming the path.
std::string readFile(const std::string& path);

} // namespace fovea
