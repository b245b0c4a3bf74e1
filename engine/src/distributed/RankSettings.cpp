#include "RankSettings.h"

#include "JsonText.h"

#include "fovea/TrainingConfig.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace fovea {
namespace {

using Json = nlohmann::json;

bool sameValue(const Json& a, const Json& b)
{
    if (a.is_number_integer() && b.is_number_integer())
        return a == b; // seeds and counts: off by one is a different run
    if (a.is_number() && b.is_number()) {
        const double x = a.get<double>();
        const double y = b.get<double>();
        return std::abs(x - y) <= 1e-6 * std::max({1.0, std::abs(x), std::abs(y)});
    }
    if (a.is_array() && b.is_array())
        return a.size() == b.size() &&
               std::equal(a.begin(), a.end(), b.begin(),
                          [](const Json& x, const Json& y) { return sameValue(x, y); });
    if (a.is_object() && b.is_object()) {
        if (a.size() != b.size())
            return false;
        for (const auto& item : a.items()) {
            const auto other = b.find(item.key());
            if (other == b.end() || !sameValue(item.value(), *other))
                return false;
        }
        return true;
    }
    return a == b;
}

/// A value for a message: a list of a thousand class names is cut short.
std::string shown(const Json& value)
{
    return value.is_null() ? std::string("absent") : jsonForMessage(value);
}

} // namespace

const std::vector<std::string>& perRankKeys()
{
    static const std::vector<std::string> keys{"dataset",
                                               "runsFolder",
                                               "threads",
                                               "loaderWorkers",
                                               "prefetchBatches",
                                               "weights",
                                               "distributedTimeoutSeconds"};
    return keys;
}

std::string rankSettings(const TrainingConfig& resolved, const std::vector<std::string>& classNames,
                         std::int64_t trainImages, std::int64_t validationImages)
{
    Json config = Json::parse(resolved.toJson());
    for (const std::string& key : perRankKeys())
        config.erase(key);
    Json dataset = Json::object();
    dataset["classes in the dataset"] = classNames;
    dataset["training pictures in the dataset"] = trainImages;
    dataset["validation pictures in the dataset"] = validationImages;
    // The dataset first: another dataset explains the statistics computed from it.
    return Json::array({dataset, config}).dump();
}

std::string resumePointSettings(std::int64_t epoch, std::int64_t batchInEpoch, std::int64_t step)
{
    Json point = Json::object();
    point["resumed checkpoint's epoch"] = epoch;
    point["resumed checkpoint's batch in that epoch"] = batchInEpoch;
    point["resumed checkpoint's optimiser step"] = step;
    return Json::array({point}).dump();
}

namespace {

/// The first key under `path` whose values differ, as the message's first part, or "".
std::string difference(const Json& here, const Json& there, const std::string& path)
{
    if (sameValue(here, there))
        return {};
    if (!here.is_object() || !there.is_object())
        return fmt::format("{} is {} here but {} on rank 0", path, shown(here), shown(there));
    // Rank 0's keys, then any only this rank has (another Fovea version).
    std::vector<std::string> keys;
    for (const auto& item : there.items())
        keys.push_back(item.key());
    for (const auto& item : here.items())
        if (!there.contains(item.key()))
            keys.push_back(item.key());
    for (const std::string& key : keys) {
        const std::string found = difference(here.contains(key) ? here.at(key) : Json(),
                                             there.contains(key) ? there.at(key) : Json(),
                                             path.empty() ? key : path + "." + key);
        if (!found.empty())
            return found;
    }
    return {};
}

} // namespace

std::string firstSettingDifference(const std::string& mine, const std::string& main)
{
    const Json here = Json::parse(mine);
    const Json there = Json::parse(main);
    for (std::size_t part = 0; part < std::min(here.size(), there.size()); ++part)
        if (std::string found = difference(here.at(part), there.at(part), ""); !found.empty())
            return found;
    return {};
}

} // namespace fovea
