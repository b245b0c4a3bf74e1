#include "JsonText.h"

#include <fmt/format.h>

#include <set>
#include <stdexcept>
#include <vector>

namespace fovea {
namespace {

/// What the parse callback refuses beyond nlohmann's own checks.
struct Refused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

} // namespace

nlohmann::json parseJsonText(const std::string& text, const std::string& description,
                             ErrorCode code)
{
    // The keys of each object being read, innermost last: a key given twice would otherwise
    // silently take its last value ({"epochs": 5, …, "epochs": 50}).
    std::vector<std::set<std::string>> objectKeys;
    const auto check = [&objectKeys](int depth, nlohmann::json::parse_event_t event,
                                     nlohmann::json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        if (depth > int(kMaxJsonDepth))
            throw Refused(fmt::format("values nest deeper than {} levels", kMaxJsonDepth));
        if (event == Event::object_start)
            objectKeys.emplace_back();
        else if (event == Event::object_end && !objectKeys.empty())
            objectKeys.pop_back();
        else if (event == Event::key && !objectKeys.empty() &&
                 !objectKeys.back().insert(parsed.get<std::string>()).second)
            throw Refused(
                fmt::format("the key '{}' appears twice in one object", parsed.get<std::string>()));
        return true;
    };
    try {
        return nlohmann::json::parse(text, check);
    } catch (const nlohmann::json::exception& error) { // syntax, and numbers out of range
        throw Error(code, fmt::format("{} is not valid JSON: {}", description, error.what()));
    } catch (const Refused& error) {
        throw Error(code, fmt::format("{} is not valid JSON: {}", description, error.what()));
    }
}

std::string jsonForMessage(const nlohmann::json& value, std::size_t longest)
{
    std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() <= longest)
        return text;
    std::size_t cut = longest;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut; // not inside a UTF-8 character
    return text.substr(0, cut) + "…";
}

} // namespace fovea
