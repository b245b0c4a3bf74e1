#include "FileByteSource.h"

#include "fovea/Error.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace fovea::data {
namespace {
constexpr std::size_t kBlockBytes = 64 * 1024;
}

FileByteSource::FileByteSource(const std::string& path)
    : m_path(path)
{
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status))
        throw Error(ErrorCode::NotFound, fmt::format("image file '{}' not found", path));
    // Opening a FIFO or a device would block or read forever.
    if (!std::filesystem::is_regular_file(status))
        throw Error(ErrorCode::Io, fmt::format("'{}' is not a regular file", path));
    m_stream.open(path, std::ios::binary);
    if (!m_stream)
        throw Error(ErrorCode::Io, fmt::format("cannot open image file '{}'", path));
    m_stream.seekg(0, std::ios::end);
    const std::streamoff end = m_stream.tellg();
    if (end < 0)
        throw Error(ErrorCode::Io, fmt::format("cannot read the size of '{}'", path));
    m_size = static_cast<std::uint64_t>(end);
}

bool FileByteSource::loadBlock(std::uint64_t offset)
{
    m_stream.clear();
    m_stream.seekg(static_cast<std::streamoff>(offset));
    m_block.resize(static_cast<std::size_t>(std::min<std::uint64_t>(kBlockBytes, m_size - offset)));
    m_stream.read(reinterpret_cast<char*>(m_block.data()),
                  static_cast<std::streamsize>(m_block.size()));
    m_block.resize(static_cast<std::size_t>(std::max<std::streamsize>(m_stream.gcount(), 0)));
    m_blockOffset = offset;
    return !m_block.empty();
}

std::size_t FileByteSource::readAt(std::uint64_t offset, void* into, std::size_t count)
{
    auto* out = static_cast<std::uint8_t*>(into);
    std::size_t done = 0;
    while (done < count && offset + done < m_size) {
        const std::uint64_t at = offset + done;
        if (at < m_blockOffset || at >= m_blockOffset + m_block.size())
            if (!loadBlock(at))
                break;
        const std::size_t inBlock = static_cast<std::size_t>(at - m_blockOffset);
        const std::size_t n = std::min(count - done, m_block.size() - inBlock);
        std::copy_n(m_block.data() + inBlock, n, out + done);
        done += n;
    }
    return done;
}

std::vector<std::uint8_t> FileByteSource::readAll(std::uint64_t maxBytes)
{
    if (m_size > maxBytes)
        throw Error(ErrorCode::CorruptFile,
                    fmt::format("image file '{}' is {} bytes, over the limit of {}", m_path, m_size,
                                maxBytes));
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(m_size));
    m_stream.clear();
    m_stream.seekg(0);
    m_stream.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(m_size));
    if (static_cast<std::uint64_t>(m_stream.gcount()) != m_size)
        throw Error(ErrorCode::Io, fmt::format("cannot read image file '{}'", m_path));
    return bytes;
}

} // namespace fovea::data
