// Random-access reading for header parsers: a header may point anywhere in a file (a TIFF
// directory often sits at the end), and for a scan we want to read only those few bytes.
#pragma once

#include <cstddef>
#include <cstdint>

namespace fovea::data {

class ByteSource {
public:
    virtual ~ByteSource() = default;
    virtual std::uint64_t size() const = 0;
    /// Copies up to `count` bytes from `offset` into `into`; returns how many were available.
    virtual std::size_t readAt(std::uint64_t offset, void* into, std::size_t count) = 0;

    bool readExact(std::uint64_t offset, void* into, std::size_t count)
    {
        return readAt(offset, into, count) == count;
    }
};

} // namespace fovea::data
