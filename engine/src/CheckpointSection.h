#pragma once

// Reading a training checkpoint's archive (TrainingCheckpoint.cpp): nested sections whose
// accessors name the file and the full key when something is missing or of the wrong kind.
#include "fovea/Error.h"

#include <torch/serialize/input-archive.h>

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <vector>

namespace fovea::checkpoint {

inline Error corrupt(const std::string& path, const std::string& what)
{
    return Error(ErrorCode::CorruptFile, fmt::format("checkpoint '{}' {}", path, what));
}

// c10::Error's what() carries a C++ backtrace; messages only want the first line.
inline std::string torchMessage(const c10::Error& error)
{
    return error.what_without_backtrace();
}

/// A nested part of an archive being read; every accessor names the full key when it fails.
class CheckpointSection {
public:
    CheckpointSection(torch::serialize::InputArchive archive, std::string prefix,
                      const std::string& path)
        : m_archive(std::move(archive))
        , m_prefix(std::move(prefix))
        , m_path(path)
    {
    }

    std::string key(const std::string& name) const
    {
        return m_prefix.empty() ? name : m_prefix + "/" + name;
    }

    bool has(const std::string& name)
    {
        c10::IValue value;
        torch::serialize::InputArchive nested;
        try {
            return m_archive.try_read(name, value) || m_archive.try_read(name, nested);
        } catch (const c10::Error&) {
            return false;
        }
    }

    c10::IValue value(const std::string& name)
    {
        c10::IValue value;
        bool found = false;
        try {
            found = m_archive.try_read(name, value);
        } catch (const c10::Error& error) {
            throw corrupt(m_path, fmt::format("key '{}': {}", key(name), torchMessage(error)));
        }
        if (!found)
            throw corrupt(m_path, fmt::format("lacks the key '{}'", key(name)));
        return value;
    }

    std::int64_t integer(const std::string& name)
    {
        const c10::IValue v = value(name);
        if (!v.isInt())
            throw corrupt(m_path, fmt::format("key '{}' is not an integer", key(name)));
        return v.toInt();
    }

    double real(const std::string& name)
    {
        const c10::IValue v = value(name);
        if (!v.isDouble())
            throw corrupt(m_path, fmt::format("key '{}' is not a number", key(name)));
        return v.toDouble();
    }

    std::string text(const std::string& name)
    {
        const c10::IValue v = value(name);
        if (!v.isString())
            throw corrupt(m_path, fmt::format("key '{}' is not a string", key(name)));
        return v.toStringRef();
    }

    std::vector<std::int64_t> integers(const std::string& name)
    {
        const c10::IValue v = value(name);
        if (!v.isIntList())
            throw corrupt(m_path, fmt::format("key '{}' is not a list of integers", key(name)));
        return v.toIntVector();
    }

    torch::Tensor tensor(const std::string& name)
    {
        torch::Tensor tensor;
        bool found = false;
        try {
            found = m_archive.try_read(name, tensor, /*is_buffer=*/true);
        } catch (const c10::Error& error) {
            throw corrupt(m_path, fmt::format("key '{}': {}", key(name), torchMessage(error)));
        }
        if (!found || !tensor.defined())
            throw corrupt(m_path, fmt::format("lacks the tensor '{}'", key(name)));
        return tensor;
    }

    CheckpointSection section(const std::string& name)
    {
        torch::serialize::InputArchive nested;
        bool found = false;
        try {
            found = m_archive.try_read(name, nested);
        } catch (const c10::Error& error) {
            throw corrupt(m_path, fmt::format("key '{}': {}", key(name), torchMessage(error)));
        }
        if (!found)
            throw corrupt(m_path, fmt::format("lacks the section '{}'", key(name)));
        return CheckpointSection(std::move(nested), key(name), m_path);
    }

    torch::serialize::InputArchive& archive() { return m_archive; }

private:
    torch::serialize::InputArchive m_archive;
    std::string m_prefix;
    const std::string& m_path;
};

} // namespace fovea::checkpoint
