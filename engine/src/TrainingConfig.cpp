#include "fovea/TrainingConfig.h"

#include "JsonText.h"

#include "fovea/ArchitectureRegistry.h"
#include "fovea/Error.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fmt/ranges.h>

#include <algorithm>
#include <limits>
#include <vector>

namespace fovea {
namespace {

using Json = nlohmann::json;

const std::vector<std::string> kSchedules{"constant", "step",     "multistep", "exponential",
                                          "cosine",   "onecycle", "plateau"};
const std::vector<std::string> kOptimizers{"sgd", "rmsprop", "adam", "adamw"};
const std::vector<std::string> kHeads{"default", "fc", "avg", "max"};
const std::vector<std::string> kMonitorMetrics{"val_loss", "val_accuracy", "train_loss",
                                               "train_accuracy"};
const std::vector<std::string> kDevices{"auto", "cpu", "cuda"};
const std::vector<std::string> kNanPolicies{"stop", "rollback"};
const std::vector<std::string> kPlateauModes{"auto", "min", "max"};
const std::vector<std::string> kPlateauThresholdModes{"rel", "abs"};

void invalid(const std::string& key, const std::string& problem)
{
    throw Error(ErrorCode::InvalidArgument, fmt::format("config key '{}': {}", key, problem));
}

template <typename Number> void requireRange(const char* key, Number value, Number low, Number high)
{
    if (!(value >= low && value <= high)) // written so that NaN fails too
        invalid(key, fmt::format("{} is out of range; allowed {} to {}", value, low, high));
}

template <typename T> struct IsVector : std::false_type {
};
template <typename T> struct IsVector<std::vector<T>> : std::true_type {
};

// What a JSON value for a field of type T must be, in words for error messages.
template <typename T> std::string expectedType()
{
    if constexpr (IsVector<T>::value) {
        std::string element = expectedType<typename T::value_type>();
        // Drop the article, make the noun plural: "an integer from …" -> "integers from …".
        const auto space = element.find(' ');
        element.erase(0, space + 1);
        const auto end = element.find(' ');
        element.insert(end == std::string::npos ? element.size() : end, "s");
        return "an array of " + element;
    } else if constexpr (std::is_same_v<T, AugmentationSpec>) {
        return "an array of augmentation steps or a preset name";
    } else if constexpr (std::is_same_v<T, std::optional<Preprocessing>>) {
        return "an object of preprocessing settings or null";
    } else if constexpr (std::is_same_v<T, bool>) {
        return "true or false";
    } else if constexpr (std::is_integral_v<T>) {
        using Limits = std::numeric_limits<T>;
        return fmt::format("an integer from {} to {}", Limits::min(), Limits::max());
    } else if constexpr (std::is_floating_point_v<T>) {
        return "a number";
    } else {
        return "a string";
    }
}

// Converts `value` into `field`; false when its JSON type does not fit. Integers are
// range-checked before narrowing: 4294967301 must not silently become 5.
template <typename T> bool readValue(const Json& value, T& field)
{
    if constexpr (std::is_same_v<T, AugmentationSpec>) {
        if (value.is_string())
            field = AugmentationSpec::preset(value.get<std::string>());
        else if (value.is_array())
            field = AugmentationSpec::fromJson(value.dump(), "config key 'augmentation'");
        else
            return false;
    } else if constexpr (IsVector<T>::value) {
        if (!value.is_array())
            return false;
        T items(value.size());
        for (std::size_t i = 0; i < value.size(); ++i)
            if (!readValue(value[i], items[i]))
                return false;
        field = std::move(items);
    } else if constexpr (std::is_same_v<T, bool>) {
        if (!value.is_boolean())
            return false;
        field = value.get<bool>();
    } else if constexpr (std::is_integral_v<T>) {
        using Limits = std::numeric_limits<T>;
        if (value.is_number_unsigned()) {
            const auto number = value.get<std::uint64_t>();
            if (number > static_cast<std::uint64_t>(Limits::max()))
                return false;
            field = static_cast<T>(number);
        } else if (value.is_number_integer()) {
            const auto number = value.get<std::int64_t>();
            if (number < 0 && !std::is_signed_v<T>)
                return false;
            if constexpr (std::is_signed_v<T>)
                if (number < static_cast<std::int64_t>(Limits::min()) ||
                    number > static_cast<std::int64_t>(Limits::max()))
                    return false;
            field = static_cast<T>(number);
        } else {
            return false;
        }
    } else if constexpr (std::is_floating_point_v<T>) {
        if (!value.is_number())
            return false;
        field = value.get<T>();
    } else {
        if (!value.is_string())
            return false;
        field = value.get<T>();
    }
    return true;
}

// Reads `key` when present, with a message naming the key and the expected type otherwise.
template <typename T>
void readField(const Json& object, const char* key, T& field, const std::string& source)
{
    const auto it = object.find(key);
    if (it == object.end())
        return;
    bool fits = false;
    try {
        fits = readValue(*it, field);
    } catch (const Error& error) {
        // An augmentation step's own message: say which file it came from.
        throw Error(error.code(), fmt::format("{}: {}", source, error.what()));
    }
    if (!fits)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("{}: key '{}' must be {}, got {}", source, key, expectedType<T>(),
                                jsonForMessage(*it)));
}

// "preprocessing": an object whose keys override `base` (the architecture's), or null.
std::optional<Preprocessing> readPreprocessing(const Json& value, Preprocessing base,
                                               const std::string& source)
{
    if (value.is_null())
        return std::nullopt;
    const std::string where = source + ": key 'preprocessing'";
    if (!value.is_object())
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("{} must be an object of preprocessing settings or null, got {}",
                                where, jsonForMessage(value)));
    const std::vector<std::string> known{"mode",          "mean",         "std",    "cropFraction",
                                         "interpolation", "channelOrder", "resize", "padColor"};
    for (const auto& item : value.items())
        if (std::find(known.begin(), known.end(), item.key()) == known.end())
            throw Error(ErrorCode::InvalidArgument,
                        fmt::format("{}: unknown key '{}'; known keys: {}", where, item.key(),
                                    fmt::join(known, ", ")));
    auto read = [&](const char* key, auto& field) {
        using Field = std::decay_t<decltype(field)>;
        const auto it = value.find(key);
        if (it == value.end())
            return;
        bool ok = false;
        if constexpr (std::is_same_v<Field, std::string>) {
            ok = it->is_string();
            if (ok)
                field = it->template get<std::string>();
        } else if constexpr (std::is_floating_point_v<Field>) {
            ok = it->is_number();
            if (ok)
                field = it->template get<Field>();
        } else {
            using Element = typename Field::value_type;
            ok = it->is_array() && it->size() == 3;
            for (std::size_t c = 0; ok && c < 3; ++c) {
                const Json& element = (*it)[c];
                if constexpr (std::is_integral_v<Element>)
                    ok = element.is_number_integer() && element.template get<int>() >= 0 &&
                         element.template get<int>() <= 255;
                else
                    ok = element.is_number();
                if (ok)
                    field[c] = element.template get<Element>();
            }
        }
        if (!ok)
            throw Error(ErrorCode::InvalidArgument, fmt::format("{}: '{}' has a bad value {}",
                                                                where, key, jsonForMessage(*it)));
    };
    read("mode", base.mode);
    read("mean", base.mean);
    read("std", base.std);
    read("cropFraction", base.cropFraction);
    read("interpolation", base.interpolation);
    read("channelOrder", base.channelOrder);
    read("resize", base.resize);
    read("padColor", base.padColor);
    try {
        base.validate();
    } catch (const Error& error) {
        throw Error(ErrorCode::InvalidArgument, fmt::format("{}: {}", where, error.what()));
    }
    return base;
}

Json toJsonValue(const AugmentationSpec& spec)
{
    return Json::parse(spec.toJson());
}

Json toJsonValue(const std::optional<Preprocessing>& preprocessing)
{
    if (!preprocessing)
        return nullptr;
    const Preprocessing& p = *preprocessing;
    return Json{{"mode", p.mode},
                {"mean", p.mean},
                {"std", p.std},
                {"cropFraction", p.cropFraction},
                {"interpolation", p.interpolation},
                {"channelOrder", p.channelOrder},
                {"resize", p.resize},
                {"padColor", p.padColor}};
}

template <typename T> Json toJsonValue(const T& field)
{
    return Json(field);
}

void requireOneOf(const char* key, const std::string& value,
                  const std::vector<std::string>& allowed)
{
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
        invalid(key,
                fmt::format("'{}' is not known; allowed: {}", value, fmt::join(allowed, ", ")));
}

// Above zero and at most `high`: for rates, epsilons and factors where 0 makes no sense.
void requirePositive(const char* key, double value, double high)
{
    if (!(value > 0.0 && value <= high))
        invalid(key, fmt::format("{} must be above 0 and at most {}", value, high));
}

} // namespace

const std::vector<std::string>& TrainingConfig::optimizerNames()
{
    return kOptimizers;
}

const std::vector<std::string>& TrainingConfig::scheduleNames()
{
    return kSchedules;
}

const std::vector<std::string>& TrainingConfig::monitorMetricNames()
{
    return kMonitorMetrics;
}

const std::vector<std::string>& TrainingConfig::headNames()
{
    return kHeads;
}

const std::vector<std::string>& TrainingConfig::deviceNames()
{
    return kDevices;
}

const std::vector<std::string>& TrainingConfig::nanPolicyNames()
{
    return kNanPolicies;
}

const std::vector<std::string>& TrainingConfig::plateauModeNames()
{
    return kPlateauModes;
}

const std::vector<std::string>& TrainingConfig::plateauThresholdModeNames()
{
    return kPlateauThresholdModes;
}

void TrainingConfig::validate() const
{
    if (dataset.empty())
        invalid("dataset", "is empty; give the folder holding the images");
    fovea::architecture(architecture); // throws with the known names
    requireRange("epochs", epochs, 1, 100000);
    if (batchSize == 1) // the loop skips such batches: it would train on nothing
        invalid("batchSize", "1 cannot train: batch norm needs at least 2 pictures per batch. "
                             "With little memory, use 2 or more and accumulateSteps");
    requireRange("batchSize", batchSize, 2, 65536);
    if (trainLimit == 1) // the batch shrinks to the one picture, and is skipped like batchSize 1
        invalid("trainLimit", "1 cannot train: batch norm needs at least 2 pictures per batch");
    requireOneOf("optimizer", optimizer, kOptimizers);
    requireRange("momentum", momentum, 0.0, 0.999999);
    if (optimizer == "sgd" && nesterov && momentum <= 0.0)
        invalid("nesterov", "needs a momentum above 0");
    requireRange("rmspropAlpha", rmspropAlpha, 0.0, 0.999999);
    requirePositive("rmspropEps", rmspropEps, 10.0);
    requireRange("adamBeta1", adamBeta1, 0.0, 0.999999);
    requireRange("adamBeta2", adamBeta2, 0.0, 0.999999);
    requirePositive("adamEps", adamEps, 10.0);
    requireRange("weightDecay", weightDecay, 0.0, 1.0);
    validateSchedule();
    if (!(labelSmoothing >= 0.0 && labelSmoothing < 1.0))
        invalid("labelSmoothing", fmt::format("{} must be at least 0 and below 1", labelSmoothing));
    for (const double weight : classWeights)
        if (!(weight >= 0.0 && weight <= 1e6))
            invalid("classWeights", fmt::format("{} is not allowed; each weight must be from 0 to "
                                                "1e6",
                                                weight));
    if (!classWeights.empty() && *std::max_element(classWeights.begin(), classWeights.end()) <= 0.0)
        invalid("classWeights", "are all 0; at least one class must count");
    requireRange("inputSize", inputSize, 0, 4096);
    requireRange("threads", threads, 0, 1024);
    if (runsFolder.empty())
        invalid("runsFolder", "is empty");
    requireRange<std::int64_t>("trainLimit", trainLimit, 0, std::int64_t(1) << 40);
    requireRange<std::int64_t>("validationLimit", validationLimit, 0, std::int64_t(1) << 40);
    requireRange("logEverySteps", logEverySteps, 1, 1000000);
    requireOneOf("head", head, kHeads);
    requireRange("headDropout", headDropout, 0.0, 0.99);
    try {
        augmentation.validate();
        if (preprocessing)
            preprocessing->validate();
    } catch (const Error& error) {
        invalid(preprocessing ? "augmentation/preprocessing" : "augmentation", error.what());
    }
    requireRange("validationFraction", validationFraction, 0.0, 0.9);
    requireRange("validateEveryEpochs", validateEveryEpochs, 1, 100000);
    // What reads a validation metric every epoch cannot skip epochs.
    const auto watchesValidation = [](const std::string& metric) {
        return metric.rfind("val_", 0) == 0;
    };
    if (validateEveryEpochs > 1 && schedule == "plateau" && watchesValidation(plateauMetric))
        invalid("validateEveryEpochs",
                fmt::format("{}: the plateau schedule watches {} every epoch; use 1, or a "
                            "train_ plateauMetric",
                            validateEveryEpochs, plateauMetric));
    if (validateEveryEpochs > 1 && earlyStoppingPatience > 0 &&
        watchesValidation(earlyStoppingMetric))
        invalid("validateEveryEpochs",
                fmt::format("{}: early stopping watches {} every epoch; use 1, or a train_ "
                            "earlyStoppingMetric",
                            validateEveryEpochs, earlyStoppingMetric));
    requireRange("loaderWorkers", loaderWorkers, 0, 1024);
    requireRange("prefetchBatches", prefetchBatches, 1, 64);
    requireRange("accumulateSteps", accumulateSteps, 1, 4096);
    requireRange("headLrMultiplier", headLrMultiplier, 0.0, 1000.0);
    requireRange("unfreezeAfterEpochs", unfreezeAfterEpochs, 0, 100000);
    if (unfreezeAfterEpochs > 0 && freezeUpTo.empty())
        invalid("unfreezeAfterEpochs", "needs freezeUpTo: there is nothing frozen to unfreeze");
    requireRange("earlyStoppingPatience", earlyStoppingPatience, 0, 100000);
    requireOneOf("earlyStoppingMetric", earlyStoppingMetric, kMonitorMetrics);
    requireRange("earlyStoppingMinDelta", earlyStoppingMinDelta, 0.0, 1e9);
    requireOneOf("device", device, kDevices);
    requireRange("checkpointEveryEpochs", checkpointEveryEpochs, 0, 100000);
    requireRange("keepCheckpoints", keepCheckpoints, 0, 100000);
    requireOneOf("nanPolicy", nanPolicy, kNanPolicies);
    if (!(nanLrFactor > 0.0 && nanLrFactor < 1.0))
        invalid("nanLrFactor", fmt::format("{} must be above 0 and below 1", nanLrFactor));
    requireRange("distributedTimeoutSeconds", distributedTimeoutSeconds, 1.0, 86400.0);
    requireRange("gradientBucketMegabytes", gradientBucketMegabytes, 0.01, 1024.0);
}

void TrainingConfig::validateSchedule() const
{
    requireRange("epochs", epochs, 1, 100000);
    if (!(learningRate > 0.0 && learningRate < 100.0))
        invalid("learningRate", fmt::format("{} must be above 0 and below 100", learningRate));
    requireOneOf("schedule", schedule, kSchedules);
    // Ranges hold for every schedule; relations between fields only for the one that reads them,
    // so a field left over from another schedule does not block a run.
    requireRange("warmupEpochs", warmupEpochs, 0.0, 100000.0);
    if (schedule == "cosine" && !(warmupEpochs < epochs))
        invalid("warmupEpochs", fmt::format("{} must be below epochs ({})", warmupEpochs, epochs));
    requireRange("minLearningRate", minLearningRate, 0.0, 100.0);
    if ((schedule == "cosine" || schedule == "plateau") && minLearningRate > learningRate)
        invalid("minLearningRate",
                fmt::format("{} must not exceed learningRate ({})", minLearningRate, learningRate));
    requireRange("stepEpochs", stepEpochs, 1, 100000);
    for (std::size_t i = 0; i < milestones.size(); ++i) {
        if (milestones[i] < 1)
            invalid("milestones",
                    fmt::format("{} is not an epoch; milestones start at 1", milestones[i]));
        if (i > 0 && milestones[i] <= milestones[i - 1])
            invalid("milestones",
                    fmt::format("must increase; {} follows {}", milestones[i], milestones[i - 1]));
    }
    if (schedule == "multistep" && milestones.empty())
        invalid("milestones", "is empty; multistep needs at least one epoch");
    requirePositive("gamma", gamma, 1.0);
    requireRange("oneCyclePctStart", oneCyclePctStart, 0.0, 1.0);
    requireRange("oneCycleDivFactor", oneCycleDivFactor, 1.0, 1e9);
    requireRange("oneCycleFinalDivFactor", oneCycleFinalDivFactor, 1.0, 1e12);
    requireOneOf("plateauMetric", plateauMetric, kMonitorMetrics);
    requireOneOf("plateauMode", plateauMode, kPlateauModes);
    if (!(plateauFactor > 0.0 && plateauFactor < 1.0))
        invalid("plateauFactor", fmt::format("{} must be above 0 and below 1", plateauFactor));
    requireRange("plateauPatience", plateauPatience, 0, 100000);
    requireRange("plateauCooldown", plateauCooldown, 0, 100000);
    requireRange("plateauThreshold", plateauThreshold, 0.0, 1e9);
    requireOneOf("plateauThresholdMode", plateauThresholdMode, kPlateauThresholdModes);
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
    visit("optimizer", c.optimizer);
    visit("momentum", c.momentum);
    visit("nesterov", c.nesterov);
    visit("rmspropAlpha", c.rmspropAlpha);
    visit("rmspropEps", c.rmspropEps);
    visit("adamBeta1", c.adamBeta1);
    visit("adamBeta2", c.adamBeta2);
    visit("adamEps", c.adamEps);
    visit("weightDecay", c.weightDecay);
    visit("decayNormAndBias", c.decayNormAndBias);
    visit("schedule", c.schedule);
    visit("warmupEpochs", c.warmupEpochs);
    visit("minLearningRate", c.minLearningRate);
    visit("stepEpochs", c.stepEpochs);
    visit("milestones", c.milestones);
    visit("gamma", c.gamma);
    visit("oneCyclePctStart", c.oneCyclePctStart);
    visit("oneCycleDivFactor", c.oneCycleDivFactor);
    visit("oneCycleFinalDivFactor", c.oneCycleFinalDivFactor);
    visit("plateauMetric", c.plateauMetric);
    visit("plateauMode", c.plateauMode);
    visit("plateauFactor", c.plateauFactor);
    visit("plateauPatience", c.plateauPatience);
    visit("plateauCooldown", c.plateauCooldown);
    visit("plateauThreshold", c.plateauThreshold);
    visit("plateauThresholdMode", c.plateauThresholdMode);
    visit("labelSmoothing", c.labelSmoothing);
    visit("classWeights", c.classWeights);
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
    visit("augmentation", c.augmentation);
    visit("preprocessing", c.preprocessing);
    visit("validationFraction", c.validationFraction);
    visit("testTimeFlip", c.testTimeFlip);
    visit("validateEveryEpochs", c.validateEveryEpochs);
    visit("loaderWorkers", c.loaderWorkers);
    visit("prefetchBatches", c.prefetchBatches);
    visit("accumulateSteps", c.accumulateSteps);
    visit("headLrMultiplier", c.headLrMultiplier);
    visit("unfreezeAfterEpochs", c.unfreezeAfterEpochs);
    visit("earlyStoppingPatience", c.earlyStoppingPatience);
    visit("earlyStoppingMetric", c.earlyStoppingMetric);
    visit("earlyStoppingMinDelta", c.earlyStoppingMinDelta);
    visit("checkpointEveryEpochs", c.checkpointEveryEpochs);
    visit("keepCheckpoints", c.keepCheckpoints);
    visit("nanPolicy", c.nanPolicy);
    visit("nanLrFactor", c.nanLrFactor);
    visit("device", c.device);
    visit("mixedPrecision", c.mixedPrecision);
    visit("cpuBfloat16", c.cpuBfloat16);
    visit("distributedTimeoutSeconds", c.distributedTimeoutSeconds);
    visit("gradientBucketMegabytes", c.gradientBucketMegabytes);
}

} // namespace

std::string TrainingConfig::toJson() const
{
    Json json = Json::object();
    visitFields(*this, [&](const char* key, const auto& field) { json[key] = toJsonValue(field); });
    return json.dump(2) + "\n";
}

TrainingConfig TrainingConfig::fromJson(const std::string& text, const std::string& source)
{
    const Json json = parseJsonText(text, source);
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
    visitFields(config, [&](const char* key, auto& field) {
        if constexpr (std::is_same_v<std::decay_t<decltype(field)>, std::optional<Preprocessing>>) {
            // Missing keys take the architecture's values; "architecture" is read before this.
            const auto it = json.find(key);
            if (it != json.end()) {
                Preprocessing base;
                try {
                    base = fovea::architecture(config.architecture).preprocessing;
                } catch (const Error&) {
                    // validate() names the unknown architecture; the defaults serve until then.
                }
                field = readPreprocessing(*it, base, source);
            }
        } else {
            readField(json, key, field, source);
        }
    });
    return config;
}

bool TrainingConfig::operator==(const TrainingConfig& other) const
{
    // Serialised forms are equal exactly when every field is.
    return toJson() == other.toJson();
}

} // namespace fovea
