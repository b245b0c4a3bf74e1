#pragma once

#include "ByteSource.h"

#include <cstring>

namespace fovea::data {

/// Bytes already in memory (not owned).
class MemoryByteSource final : public ByteSource {
public:
    MemoryByteSource(const std::uint8_t* data, std::size_t size)
        : m_data(data)
        , m_size(size)
    {
    }
    std::uint64_t size() const override { return m_size; }
    std::size_t readAt(std::uint64_t offset, void* into, std::size_t count) override
    {
        if (offset >= m_size)
            return 0;
        const std::size_t available = static_cast<std::size_t>(m_size - offset);
        const std::size_t n = count < available ? count : available;
        if (n > 0)
            std::memcpy(into, m_data + offset, n);
        return n;
    }

private:
    const std::uint8_t* m_data;
    std::size_t m_size;
};

} // namespace fovea::data
