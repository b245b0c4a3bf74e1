#include "JsonText.h"

#include <fmt/format.h>

namespace fovea {

nlohmann::json parseJsonText(const std::string& text, const std::string& description,
                             ErrorCode code)
{
    const auto limitDepth = [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
        if (depth > int(kMaxJsonDepth))
            throw std::length_error(
                fmt::format("values nest deeper than {} levels", kMaxJsonDepth));
        return true;
    };
    try {
        return nlohmann::json::parse(text, limitDepth);
    } catch (const nlohmann::json::exception& error) { // syntax, and numbers out of range
        throw Error(code, fmt::format("{} is not valid JSON: {}", description, error.what()));
    } catch (const std::length_error& error) {
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
