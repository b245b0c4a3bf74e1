#pragma once

#include "fovea/Error.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace fovea {

/// Deeper JSON than this is refused: the recursive code that reads, compares and prints values
/// would exhaust the stack on a hostile file ([[[[… 100 000 deep). Fovea's own files nest 4 deep.
constexpr std::size_t kMaxJsonDepth = 64;

/// Parses `text`, which `description` names in messages ("run.json", "config key 'x'"): bad
/// syntax, a number out of range (1e999), a key given twice in one object and nesting deeper
/// than kMaxJsonDepth throw Error(code) "<description> is not valid JSON: <reason>".
nlohmann::json parseJsonText(const std::string& text, const std::string& description,
                             ErrorCode code = ErrorCode::InvalidArgument);

/// `value` as compact JSON for a message, cut after about `longest` bytes (between UTF-8
/// characters) with "…": a bad value may be a megabyte long.
std::string jsonForMessage(const nlohmann::json& value, std::size_t longest = 160);

} // namespace fovea
