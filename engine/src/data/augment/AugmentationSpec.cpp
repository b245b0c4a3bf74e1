// AugmentationSpec: defaults, validation with messages that name the step and the key, JSON in
// and out (nlohmann-json), and the named presets.
#include "JsonText.h"
#include "fovea/Augmentation.h"
#include "fovea/Error.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>

namespace fovea {
namespace {

using Json = nlohmann::json;

[[noreturn]] void fail(const std::string& message)
{
    throw Error(ErrorCode::InvalidArgument, message);
}

std::string stepName(std::size_t position, const std::string& kind)
{
    return fmt::format("augmentation step {} ({})", position + 1, kind);
}

const AugmentationParameter* findParameter(const AugmentationKind& kind, const std::string& name)
{
    for (const AugmentationParameter& parameter : kind.parameters)
        if (parameter.name == name)
            return &parameter;
    return nullptr;
}

std::string allowedKeys(const AugmentationKind& kind)
{
    std::string keys = "kind, probability";
    for (const AugmentationParameter& parameter : kind.parameters)
        keys += ", " + parameter.name;
    return keys;
}

void checkParameter(const std::string& where, const AugmentationParameter& parameter, double value)
{
    if (!std::isfinite(value) || value < parameter.minimum || value > parameter.maximum) {
        if (!parameter.choices.empty())
            fail(fmt::format("{}: '{}' must be one of {}", where, parameter.name,
                             fmt::join(parameter.choices, ", ")));
        fail(fmt::format("{}: '{}' is {}, outside [{}, {}]", where, parameter.name, value,
                         parameter.minimum, parameter.maximum));
    }
    if (parameter.integer && value != std::floor(value))
        fail(
            fmt::format("{}: '{}' is {} but must be a whole number", where, parameter.name, value));
}

// The ranges a pair of settings must respect (min ≤ max).
void checkOrdered(const std::string& where, const AugmentationStep& step, const char* low,
                  const char* high)
{
    const auto lowIt = step.parameters.find(low);
    const auto highIt = step.parameters.find(high);
    if (lowIt != step.parameters.end() && highIt != step.parameters.end() &&
        lowIt->second > highIt->second)
        fail(fmt::format("{}: '{}' ({}) is above '{}' ({})", where, low, lowIt->second, high,
                         highIt->second));
}

double parseValue(const std::string& where, const AugmentationParameter& parameter,
                  const Json& value)
{
    if (!parameter.choices.empty()) {
        if (value.is_string()) {
            const std::string name = value.get<std::string>();
            for (std::size_t i = 0; i < parameter.choices.size(); ++i)
                if (parameter.choices[i] == name)
                    return double(i);
        }
        fail(fmt::format("{}: '{}' must be one of {} (a name, in quotes)", where, parameter.name,
                         fmt::join(parameter.choices, ", ")));
    }
    if (!value.is_number())
        fail(fmt::format("{}: '{}' must be a number, not {}", where, parameter.name,
                         jsonForMessage(value)));
    return value.get<double>();
}

} // namespace

AugmentationStep AugmentationStep::make(const std::string& kindName)
{
    const AugmentationKind& kind = augmentationKind(kindName);
    AugmentationStep step;
    step.kind = kind.name;
    step.probability = kind.defaultProbability;
    for (const AugmentationParameter& parameter : kind.parameters)
        step.parameters[parameter.name] = parameter.defaultValue;
    return step;
}

double AugmentationStep::value(const std::string& name) const
{
    const auto it = parameters.find(name);
    if (it == parameters.end())
        fail(fmt::format("augmentation '{}' has no parameter '{}'", kind, name));
    return it->second;
}

bool AugmentationStep::operator==(const AugmentationStep& other) const
{
    return kind == other.kind && probability == other.probability && parameters == other.parameters;
}

bool AugmentationSpec::hasBatchLevelSteps() const
{
    for (const AugmentationStep& step : steps)
        if (augmentationKind(step.kind).batchLevel)
            return true;
    return false;
}

void AugmentationSpec::validate() const
{
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const AugmentationStep& step = steps[i];
        const AugmentationKind& kind = augmentationKind(step.kind);
        const std::string where = stepName(i, step.kind);
        if (!std::isfinite(step.probability) || step.probability < 0.0 || step.probability > 1.0)
            fail(fmt::format("{}: 'probability' is {}, outside [0, 1]", where, step.probability));
        for (const auto& [name, value] : step.parameters) {
            const AugmentationParameter* parameter = findParameter(kind, name);
            if (!parameter)
                fail(fmt::format("{}: unknown key '{}'; allowed keys: {}", where, name,
                                 allowedKeys(kind)));
            checkParameter(where, *parameter, value);
        }
        for (const AugmentationParameter& parameter : kind.parameters)
            if (!step.parameters.count(parameter.name))
                fail(fmt::format("{}: '{}' is missing", where, parameter.name));
        checkOrdered(where, step, "scale_min", "scale_max");
        checkOrdered(where, step, "ratio_min", "ratio_max");
        checkOrdered(where, step, "min_size", "max_size");
        checkOrdered(where, step, "zoom_min", "zoom_max");
        checkOrdered(where, step, "sigma_min", "sigma_max");
    }
}

std::string AugmentationSpec::toJson() const
{
    // Ordered, so a file reads "kind" first and the settings in the catalogue's order.
    using OrderedJson = nlohmann::ordered_json;
    OrderedJson array = OrderedJson::array();
    for (const AugmentationStep& step : steps) {
        const AugmentationKind& kind = augmentationKind(step.kind);
        OrderedJson object = OrderedJson::object();
        object["kind"] = step.kind;
        object["probability"] = step.probability;
        for (const AugmentationParameter& parameter : kind.parameters) {
            const double value = step.value(parameter.name);
            if (!parameter.choices.empty())
                object[parameter.name] = parameter.choices.at(static_cast<std::size_t>(value));
            else if (parameter.integer)
                object[parameter.name] = static_cast<std::int64_t>(value);
            else
                object[parameter.name] = value;
        }
        array.push_back(std::move(object));
    }
    return array.dump(2);
}

AugmentationSpec AugmentationSpec::fromJson(const std::string& text, const std::string& source)
{
    const Json json = parseJsonText(text, source);
    if (!json.is_array())
        fail(fmt::format("{}: augmentations must be a JSON array of steps", source));

    AugmentationSpec spec;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const Json& object = json[i];
        if (!object.is_object() || !object.contains("kind") || !object["kind"].is_string())
            fail(fmt::format("{}: augmentation step {} must be an object with a \"kind\"", source,
                             i + 1));
        const std::string kindName = object["kind"].get<std::string>();
        try {
            augmentationKind(kindName);
        } catch (const Error& error) {
            fail(fmt::format("{}: augmentation step {}: {}", source, i + 1, error.what()));
        }
        AugmentationStep step = AugmentationStep::make(kindName);
        const AugmentationKind& kind = augmentationKind(kindName);
        const std::string where = source + ": " + stepName(i, kindName);
        for (const auto& [key, value] : object.items()) {
            if (key == "kind")
                continue;
            if (key == "probability") {
                if (!value.is_number())
                    fail(fmt::format("{}: 'probability' must be a number", where));
                step.probability = value.get<double>();
                continue;
            }
            const AugmentationParameter* parameter = findParameter(kind, key);
            if (!parameter)
                fail(fmt::format("{}: unknown key '{}'; allowed keys: {}", where, key,
                                 allowedKeys(kind)));
            step.parameters[key] = parseValue(where, *parameter, value);
        }
        spec.steps.push_back(std::move(step));
    }
    try {
        spec.validate();
    } catch (const Error& error) {
        fail(fmt::format("{}: {}", source, error.what()));
    }
    return spec;
}

const std::vector<std::string>& AugmentationSpec::presetNames()
{
    static const std::vector<std::string> names{"none",    "flip",   "inception", "vgg",
                                                "alexnet", "howard", "small"};
    return names;
}

AugmentationSpec AugmentationSpec::preset(const std::string& name)
{
    auto step = [](const std::string& kind, std::map<std::string, double> overrides = {}) {
        AugmentationStep result = AugmentationStep::make(kind);
        for (const auto& [key, value] : overrides)
            result.parameters.at(key) = value;
        return result;
    };
    AugmentationSpec spec;
    if (name == "none") {
    } else if (name == "flip") {
        spec.steps = {step("horizontal_flip")};
    } else if (name == "inception") {
        spec.steps = {step("random_resized_crop"), step("horizontal_flip")};
    } else if (name == "vgg") {
        spec.steps = {step("scale_jitter"), step("horizontal_flip"), step("rgb_shift")};
    } else if (name == "alexnet") {
        spec.steps = {step("scale_jitter", {{"min_size", 256}, {"max_size", 256}}),
                      step("horizontal_flip"), step("pca_lighting")};
    } else if (name == "howard") {
        spec.steps = {
            step("random_resized_crop"), step("horizontal_flip"),
            step("color_jitter", {{"brightness", 0.5}, {"contrast", 0.5}, {"saturation", 0.5}}),
            step("pca_lighting")};
    } else if (name == "small") {
        spec.steps = {step("random_crop"), step("horizontal_flip")};
    } else {
        fail(fmt::format("unknown augmentation preset '{}'; known presets: {}", name,
                         fmt::join(presetNames(), ", ")));
    }
    return spec;
}

} // namespace fovea
