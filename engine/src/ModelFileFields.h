#pragma once

#include <ATen/core/Dict.h>
#include <ATen/core/ivalue.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace fovea {

/// What a value read from a file is, for messages: "an integer", "the string 'abc'", "a dict".
std::string describeValue(const c10::IValue& value);

/// Typed access to one dict of a model file as torch::pickle_load returns it. Every error is
/// Error(CorruptFile) naming the file and the key's full path ("preprocessing.mean"), so that a
/// hand-edited or damaged file says exactly what is wrong where.
class ModelFileFields {
public:
    /// `prefix` is the path of this dict in the file ("" for the top level, "preprocessing.").
    ModelFileFields(c10::impl::GenericDict dict, std::string path, std::string prefix = {});

    const std::string& path() const { return m_path; }
    const c10::impl::GenericDict& dict() const { return m_dict; }

    /// Throws Error(CorruptFile): "model file 'PATH': key 'PREFIXKEY' PROBLEM".
    [[noreturn]] void fail(const std::string& key, const std::string& problem) const;

    bool has(const std::string& key) const;
    /// The value under `key`; an error when it is missing.
    c10::IValue value(const std::string& key) const;

    std::string string(const std::string& key) const;
    bool boolean(const std::string& key) const;
    /// An integer in [low, high] (a float is an error, not rounded).
    std::int64_t integer(const std::string& key, std::int64_t low, std::int64_t high) const;
    /// An integer or float in [low, high]; NaN is out of every range.
    double number(const std::string& key, double low, double high) const;
    /// A list of at most `maxCount` strings.
    std::vector<std::string> strings(const std::string& key, std::int64_t maxCount) const;
    /// A list of three finite numbers.
    std::array<float, 3> floats3(const std::string& key) const;
    /// A list of three integers from 0 to 255.
    std::array<std::uint8_t, 3> bytes3(const std::string& key) const;
    /// The dict under `key`, its keys named "key.inner" in messages.
    ModelFileFields child(const std::string& key) const;

private:
    double numberOf(const std::string& key, const c10::IValue& value) const;
    c10::ArrayRef<c10::IValue> list3(const std::string& key, const char* what) const;

    c10::impl::GenericDict m_dict;
    std::string m_path;
    std::string m_prefix;
};

} // namespace fovea
