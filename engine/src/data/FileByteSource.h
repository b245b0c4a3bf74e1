#pragma once

#include "ByteSource.h"

#include <fstream>
#include <string>
#include <vector>

namespace fovea::data {

/// A file read through one cached block, so a parser's many small reads near each other cost one
/// system call. Throws Error(NotFound / Io) naming the path when the file cannot be opened.
class FileByteSource final : public ByteSource {
public:
    explicit FileByteSource(const std::string& path);
    std::uint64_t size() const override { return m_size; }
    std::size_t readAt(std::uint64_t offset, void* into, std::size_t count) override;

    /// The whole file; throws Error(Io) when it cannot be read or exceeds `maxBytes`.
    std::vector<std::uint8_t> readAll(std::uint64_t maxBytes);

private:
    bool loadBlock(std::uint64_t offset);

    std::string m_path;
    std::ifstream m_stream;
    std::uint64_t m_size = 0;
    std::vector<std::uint8_t> m_block;
    std::uint64_t m_blockOffset = 0;
};

} // namespace fovea::data
