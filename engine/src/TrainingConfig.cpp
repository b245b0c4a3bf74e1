#include "fovea/TrainingConfig.h"

#include "fovea/ArchitectureRegistry.h"
#include "fovea/Error.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fmt/ranges.h>

#include <algorithm>
#include <limits>
#include <set>
#include <vector>

namespace fovea {
namespace {

using Json = nlohmann::json;

const std::set<std::string> kSchedules{"constant", "cosine"};
const std::set<std::string> kHeads{"default", "fc", "avg", "max"};

void invalid(const std::string& key, const std::string& problem)
{
    throw Error(ErrorCode::InvalidArgument, fmt::format("config key '{}': {}", key, problem));
}

template <typename Number> void requireRange(const char* key, Number value, Number low, Number high)
{
    if (value < low || value > high)
        invalid(key, fmt::format("{} is out of range; allowed {} to {}", value, low, high));
}

// Reads `key` when present, with a message naming the key and the expected type otherwise.
// Integers are range-checked before narrowing: 4294967301 must not silently become 5.
template <typename T>
void readField(const Json& object, const char* key, T& field, const std::string& source)
{
    const auto it = object.find(key);
    if (it == object.end())
        return;
    auto wrongType = [&](const char* expected) {
        return Error(ErrorCode::InvalidArgument, fmt::format("{}: key '{}' must be {}, got {}",
                                                             source, key, expected, it->dump()));
    };
    if constexpr (std::is_same_v<T, bool>) {
        if (!it->is_boolean())
            throw wrongType("true or false");
        field = it->get<bool>();
    } else if constexpr (std::is_integral_v<T>) {
        using Limits = std::numeric_limits<T>;
        const std::string expected =
            fmt::format("an integer from {} to {}", Limits::min(), Limits::max());
        if (it->is_number_unsigned()) {
            const auto value = it->get<std::uint64_t>();
            if (value > static_cast<std::uint64_t>(Limits::max()))
                throw wrongType(expected.c_str());
            field = static_cast<T>(value);
        } else if (it->is_number_integer()) {
            const auto value = it->get<std::int64_t>();
            if (value < 0 && !std::is_signed_v<T>)
                throw wrongType(expected.c_str());
            if constexpr (std::is_signed_v<T>)
                if (value < static_cast<std::int64_t>(Limits::min()) ||
                    value > static_cast<std::int64_t>(Limits::max()))
                    throw wrongType(expected.c_str());
            field = static_cast<T>(value);
        } else {
            throw wrongType(expected.c_str());
        }
    } else if constexpr (std::is_floating_point_v<T>) {
        if (!it->is_number())
            throw wrongType("a number");
        field = it->get<T>();
    } else {
        if (!it->is_string())
            throw wrongType("a string");
        field = it->get<T>();
    }
}

} // namespace

void TrainingConfig::validate() const
{
    if (dataset.empty())
        invalid("dataset", "is empty; give the folder holding the images");
    fovea::architecture(architecture); // throws with the known names
    requireRange("epochs", epochs, 1, 100000);
    requireRange("batchSize", batchSize, 1, 65536);
    if (!(learningRate > 0.0 && learningRate < 100.0))
        invalid("learningRate", fmt::format("{} must be above 0 and below 100", learningRate));
    requireRange("momentum", momentum, 0.0, 0.999999);
    requireRange("weightDecay", weightDecay, 0.0, 1.0);
    if (!kSchedules.count(schedule))
        invalid("schedule", fmt::format("'{}' is not known; allowed: constant, cosine", schedule));
    requireRange("inputSize", inputSize, 0, 4096);
    requireRange("threads", threads, 0, 1024);
    if (runsFolder.empty())
        invalid("runsFolder", "is empty");
    requireRange<std::int64_t>("trainLimit", trainLimit, 0, std::int64_t(1) << 40);
    requireRange<std::int64_t>("validationLimit", validationLimit, 0, std::int64_t(1) << 40);
    requireRange("logEverySteps", logEverySteps, 1, 1000000);
    if (!kHeads.count(head))
        invalid("head", fmt::format("'{}' is not known; allowed: default, fc, avg, max", head));
    requireRange("headDropout", headDropout, 0.0, 0.99);
}

namespace {

// The one list of fields: JSON writing, reading, the known-key check and equality all use it,
// so a new field cannot be forgotten in one of them.
template <typename Config, typename Visitor> void visitFields(Config& c, Visitor&& visit)
{
    visit("dataset", c.dataset);
    visit("architecture", c.architecture);
    visit("epochs", c.epochs);
    visit("batchSize", c.batchSize);
    visit("learningRate", c.learningRate);
    visit("momentum", c.momentum);
    visit("weightDecay", c.weightDecay);
    visit("schedule", c.schedule);
    visit("inputSize", c.inputSize);
    visit("seed", c.seed);
    visit("threads", c.threads);
    visit("runsFolder", c.runsFolder);
    visit("trainLimit", c.trainLimit);
    visit("validationLimit", c.validationLimit);
    visit("logEverySteps", c.logEverySteps);
    visit("compactStem", c.compactStem);
    visit("head", c.head);
    visit("headDropout", c.headDropout);
    visit("auxLogits", c.auxLogits);
    visit("weights", c.weights);
    visit("freezeUpTo", c.freezeUpTo);
}

} // namespace

std::string TrainingConfig::toJson() const
{
    Json json = Json::object();
    visitFields(*this, [&](const char* key, const auto& field) { json[key] = field; });
    return json.dump(2) + "\n";
}

TrainingConfig TrainingConfig::fromJson(const std::string& text, const std::string& source)
{
    Json json;
    try {
        json = Json::parse(text);
    } catch (const Json::parse_error& e) {
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("{} is not valid JSON: {}", source, e.what()));
    }
    if (!json.is_object())
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("{} must hold a JSON object, got {}", source, json.type_name()));

    TrainingConfig config;
    std::vector<std::string> known;
    visitFields(config, [&](const char* key, auto&) { known.emplace_back(key); });
    for (const auto& item : json.items())
        if (std::find(known.begin(), known.end(), item.key()) == known.end())
            throw Error(ErrorCode::InvalidArgument,
                        fmt::format("{}: unknown key '{}'; known keys: {}", source, item.key(),
                                    fmt::join(known, ", ")));
    visitFields(config, [&](const char* key, auto& field) { readField(json, key, field, source); });
    return config;
}

bool TrainingConfig::operator==(const TrainingConfig& other) const
{
    // Serialised forms are equal exactly when every field is.
    return toJson() == other.toJson();
}

} // namespace fovea
