#include "fovea/AtomicFile.h"

#include "fovea/Error.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace fovea {
namespace {

std::string systemError()
{
    return std::strerror(errno);
}

void writeAll(int fd, std::string_view bytes, const std::string& path)
{
    const char* data = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t written = ::write(fd, data, left);
        if (written < 0) {
            if (errno == EINTR)
                continue;
            throw Error(ErrorCode::Io, fmt::format("cannot write '{}': {}", path, systemError()));
        }
        data += written;
        left -= static_cast<std::size_t>(written);
    }
}

// The rename is only durable once the folder's entry is on disk too.
void syncFolder(const std::filesystem::path& folder)
{
    const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

void writeFileAtomically(const std::string& path, std::string_view bytes)
{
    const std::filesystem::path target(path);
    std::random_device entropy;
    const std::string temporary =
        fmt::format("{}.tmp-{}-{:08x}", path, static_cast<long>(::getpid()), entropy());

    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error(ErrorCode::Io, fmt::format("cannot create '{}': {}", temporary, systemError()));
    try {
        writeAll(fd, bytes, temporary);
        if (::fsync(fd) != 0)
            throw Error(ErrorCode::Io,
                        fmt::format("cannot flush '{}': {}", temporary, systemError()));
    } catch (...) {
        ::close(fd);
        ::unlink(temporary.c_str());
        throw;
    }
    ::close(fd);
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string reason = systemError();
        ::unlink(temporary.c_str());
        throw Error(ErrorCode::Io, fmt::format("cannot replace '{}': {}", path, reason));
    }
    syncFolder(target.parent_path());
}

std::string readFile(const std::string& path)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw Error(ErrorCode::NotFound, fmt::format("file '{}' not found", path));
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::Io, fmt::format("cannot open '{}': {}", path, systemError()));
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
        throw Error(ErrorCode::Io, fmt::format("cannot read '{}'", path));
    return content;
}

int removeAtomicWriteLeftovers(const std::string& folder, const std::string& suffix)
{
    // writeFileAtomically() names its temporaries "<target>.tmp-<pid>-<8 hex digits>".
    static const std::regex temporary(R"((.*)\.tmp-[0-9]+-[0-9a-f]{8})");
    std::vector<std::filesystem::path> doomed;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        std::smatch match;
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file(ec) && std::regex_match(name, match, temporary) &&
            match[1].str().size() >= suffix.size() &&
            match[1].str().compare(match[1].str().size() - suffix.size(), suffix.size(), suffix) ==
                0)
            doomed.push_back(entry.path());
    }
    int removed = 0;
    for (const std::filesystem::path& path : doomed) {
        std::error_code removeError;
        if (std::filesystem::remove(path, removeError))
            ++removed;
    }
    return removed;
}

} // namespace fovea
