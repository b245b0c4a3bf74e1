#include "ModelFileFields.h"

#include "fovea/Error.h"

#include <fmt/format.h>

#include <cmath>

namespace fovea {

std::string describeValue(const c10::IValue& value)
{
    if (value.isNone())
        return "None";
    if (value.isBool())
        return "a bool";
    if (value.isInt())
        return "an integer";
    if (value.isDouble())
        return "a float";
    if (value.isString())
        return fmt::format("the string '{}'", value.toStringRef().substr(0, 80));
    if (value.isList())
        return "a list";
    if (value.isGenericDict())
        return "a dict";
    if (value.isTensor())
        return "a tensor";
    if (value.isTuple())
        return "a tuple";
    return value.tagKind();
}

ModelFileFields::ModelFileFields(c10::impl::GenericDict dict, std::string path, std::string prefix)
    : m_dict(std::move(dict))
    , m_path(std::move(path))
    , m_prefix(std::move(prefix))
{
}

void ModelFileFields::fail(const std::string& key, const std::string& problem) const
{
    throw Error(ErrorCode::CorruptFile,
                fmt::format("model file '{}': key '{}{}' {}", m_path, m_prefix, key, problem));
}

bool ModelFileFields::has(const std::string& key) const
{
    return m_dict.find(c10::IValue(key)) != m_dict.end();
}

c10::IValue ModelFileFields::value(const std::string& key) const
{
    const auto it = m_dict.find(c10::IValue(key));
    if (it == m_dict.end())
        fail(key, "is missing");
    return it->value();
}

std::string ModelFileFields::string(const std::string& key) const
{
    const c10::IValue v = value(key);
    if (!v.isString())
        fail(key, fmt::format("holds {}; expected a string", describeValue(v)));
    return v.toStringRef();
}

bool ModelFileFields::boolean(const std::string& key) const
{
    const c10::IValue v = value(key);
    if (!v.isBool())
        fail(key, fmt::format("holds {}; expected True or False", describeValue(v)));
    return v.toBool();
}

std::int64_t ModelFileFields::integer(const std::string& key, std::int64_t low,
                                      std::int64_t high) const
{
    const c10::IValue v = value(key);
    if (!v.isInt())
        fail(key, fmt::format("holds {}; expected an integer", describeValue(v)));
    const std::int64_t number = v.toInt();
    if (number < low || number > high)
        fail(key, fmt::format("is {}; expected {} to {}", number, low, high));
    return number;
}

double ModelFileFields::number(const std::string& key, double low, double high) const
{
    const double number = numberOf(key, value(key));
    if (!(number >= low && number <= high))
        fail(key, fmt::format("is {}; expected {} to {}", number, low, high));
    return number;
}

std::vector<std::string> ModelFileFields::strings(const std::string& key,
                                                  std::int64_t maxCount) const
{
    const c10::IValue v = value(key);
    if (!v.isList())
        fail(key, fmt::format("holds {}; expected a list of strings", describeValue(v)));
    const c10::ArrayRef<c10::IValue> items = v.toListRef();
    if (std::int64_t(items.size()) > maxCount)
        fail(key, fmt::format("has {} entries; at most {} are allowed", items.size(), maxCount));
    std::vector<std::string> out;
    out.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!items[i].isString())
            fail(key, fmt::format("[{}] holds {}; expected a list of strings", i,
                                  describeValue(items[i])));
        out.push_back(items[i].toStringRef());
    }
    return out;
}

std::array<float, 3> ModelFileFields::floats3(const std::string& key) const
{
    const c10::ArrayRef<c10::IValue> items = list3(key, "numbers");
    std::array<float, 3> out{};
    for (std::size_t c = 0; c < 3; ++c) {
        const std::string element = fmt::format("{}[{}]", key, c);
        const double number = numberOf(element, items[c]);
        if (!std::isfinite(number))
            fail(element, "is not a finite number");
        out[c] = float(number);
    }
    return out;
}

std::array<std::uint8_t, 3> ModelFileFields::bytes3(const std::string& key) const
{
    const c10::ArrayRef<c10::IValue> items = list3(key, "integers from 0 to 255");
    std::array<std::uint8_t, 3> out{};
    for (std::size_t c = 0; c < 3; ++c) {
        if (!items[c].isInt() || items[c].toInt() < 0 || items[c].toInt() > 255)
            fail(fmt::format("{}[{}]", key, c),
                 fmt::format("holds {}; expected an integer from 0 to 255",
                             describeValue(items[c])));
        out[c] = std::uint8_t(items[c].toInt());
    }
    return out;
}

ModelFileFields ModelFileFields::child(const std::string& key) const
{
    const c10::IValue v = value(key);
    if (!v.isGenericDict())
        fail(key, fmt::format("holds {}; expected a dict", describeValue(v)));
    return ModelFileFields(v.toGenericDict(), m_path, m_prefix + key + ".");
}

double ModelFileFields::numberOf(const std::string& key, const c10::IValue& v) const
{
    if (v.isDouble())
        return v.toDouble();
    if (v.isInt())
        return double(v.toInt());
    fail(key, fmt::format("holds {}; expected a number", describeValue(v)));
}

c10::ArrayRef<c10::IValue> ModelFileFields::list3(const std::string& key, const char* what) const
{
    const c10::IValue v = value(key);
    if (!v.isList() || v.toListRef().size() != 3)
        fail(key, fmt::format("holds {}; expected a list of 3 {}", describeValue(v), what));
    // `v` shares the list with the dict, which outlives the reference returned.
    return v.toListRef();
}

} // namespace fovea
