#include "DirectoryWalker.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace fovea::data {

namespace fs = std::filesystem;

DirectoryWalker::DirectoryWalker(std::vector<RejectedFile>& rejected, int maxDepth,
                                 const std::atomic<bool>* stopRequested)
    : m_rejected(rejected)
    , m_maxDepth(maxDepth)
    , m_stop(stopRequested)
{
}

void DirectoryWalker::reject(const fs::path& path, const std::string& reason)
{
    m_rejected.push_back({path.string(), reason});
}

DirectoryWalker::Entry DirectoryWalker::classify(const fs::path& path)
{
    std::error_code ec;
    const fs::file_status own = fs::symlink_status(path, ec);
    const bool isLink = !ec && fs::is_symlink(own);
    const fs::file_status target = fs::status(path, ec); // follows links
    if (ec) {
        if (isLink && ec == std::errc::too_many_symbolic_link_levels)
            reject(path, "symbolic link loop: the link resolves to itself");
        else if (isLink && ec == std::errc::no_such_file_or_directory) {
            std::error_code readError;
            const fs::path to = fs::read_symlink(path, readError);
            reject(path, fmt::format("dangling symbolic link: its target '{}' does not exist",
                                     to.string()));
        } else
            reject(path, fmt::format("cannot be read: {}", ec.message()));
        return {path, Kind::Rejected};
    }
    if (fs::is_directory(target))
        return {path, Kind::Directory};
    if (fs::is_regular_file(target))
        return {path, Kind::File};
    // Opening a FIFO or a device could block or never end.
    reject(path, "not a regular file (a device, FIFO or socket)");
    return {path, Kind::Rejected};
}

std::vector<DirectoryWalker::Entry> DirectoryWalker::entries(const fs::path& dir)
{
    std::vector<fs::path> names;
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!name.empty() && name[0] != '.')
            names.push_back(it->path());
    }
    if (ec)
        reject(dir, fmt::format("cannot list the folder: {}", ec.message()));
    std::sort(names.begin(), names.end());
    std::vector<Entry> result;
    result.reserve(names.size());
    for (const fs::path& name : names)
        result.push_back(classify(name));
    return result;
}

bool DirectoryWalker::enter(const fs::path& dir)
{
    std::error_code ec;
    const fs::path canonical = fs::canonical(dir, ec);
    if (ec) {
        reject(dir, fmt::format("cannot resolve the folder: {}", ec.message()));
        return false;
    }
    if (!m_entered.insert(canonical.string()).second) {
        reject(dir, fmt::format("symbolic link to a folder already scanned ('{}'); a link loop "
                                "or a duplicate, not followed again",
                                canonical.string()));
        return false;
    }
    return true;
}

void DirectoryWalker::collectFiles(const fs::path& dir,
                                   const std::function<void(const std::string&)>& onFile)
{
    collect(dir, 1, onFile);
}

void DirectoryWalker::collect(const fs::path& dir, int depth,
                              const std::function<void(const std::string&)>& onFile)
{
    for (const Entry& entry : entries(dir)) {
        if (stopped())
            return;
        if (entry.kind == Kind::File)
            onFile(entry.path.string());
        else if (entry.kind == Kind::Directory) {
            if (depth >= m_maxDepth)
                reject(
                    entry.path,
                    fmt::format("folder nested more than {} levels deep; not scanned", m_maxDepth));
            else if (enter(entry.path))
                collect(entry.path, depth + 1, onFile);
        }
    }
}

} // namespace fovea::data
