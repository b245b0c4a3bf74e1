#include "fovea/EvaluationReport.h"

#include "JsonText.h"

#include "fovea/AtomicFile.h"
#include "fovea/CsvField.h"
#include "fovea/Error.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <limits>

namespace fovea {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

constexpr const char* kFormatName = "fovea-evaluation";
constexpr int kFormatVersion = 1;

void checkShape(const EvaluationReport& report)
{
    const std::size_t count = report.classes.size();
    if (report.confusion.size() != count)
        throw Error(
            ErrorCode::InvalidArgument,
            fmt::format("evaluation report: the confusion matrix has {} rows for {} classes",
                        report.confusion.size(), count));
    for (std::size_t row = 0; row < count; ++row)
        if (report.confusion[row].size() != count)
            throw Error(ErrorCode::InvalidArgument,
                        fmt::format("evaluation report: confusion row {} has {} columns for {} "
                                    "classes",
                                    row, report.confusion[row].size(), count));
    // A row holds every sample of its true class, so readEvaluationReport can check the file.
    std::int64_t total = 0;
    for (std::size_t row = 0; row < count; ++row) {
        std::int64_t rowSum = 0;
        for (const std::int64_t cell : report.confusion[row])
            rowSum += cell;
        if (rowSum != report.classes[row].support)
            throw Error(ErrorCode::InvalidArgument,
                        fmt::format("evaluation report: confusion row {} sums to {} but class "
                                    "'{}' has support {}",
                                    row, rowSum, report.classes[row].name,
                                    report.classes[row].support));
        total += rowSum;
    }
    if (total != report.samples)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("evaluation report: {} samples but the confusion matrix holds {}",
                                report.samples, total));
}

// Shortest text that reads back to the same double; pandas reads "nan" as NaN.
std::string number(double value)
{
    return std::isnan(value) ? std::string("nan") : fmt::format("{}", value);
}

std::string classesCsv(const EvaluationReport& report)
{
    std::string csv = "class,support,precision,recall,f1,accuracy\n";
    for (const ClassMetrics& metrics : report.classes)
        csv += fmt::format("{},{},{},{},{},{}\n", csvField(metrics.name), metrics.support,
                           number(metrics.precision), number(metrics.recall), number(metrics.f1),
                           number(metrics.accuracy));
    return csv;
}

std::string confusionCsv(const EvaluationReport& report)
{
    std::string csv = "true/predicted";
    for (const ClassMetrics& metrics : report.classes)
        csv += "," + csvField(metrics.name);
    csv += '\n';
    for (std::size_t row = 0; row < report.classes.size(); ++row) {
        csv += csvField(report.classes[row].name);
        for (const std::int64_t count : report.confusion[row])
            csv += fmt::format(",{}", count);
        csv += '\n';
    }
    return csv;
}

// JSON has no NaN: nlohmann would write null anyway, but say so explicitly.
OrderedJson jsonNumber(double value)
{
    return std::isfinite(value) ? OrderedJson(value) : OrderedJson(nullptr);
}

// Keys in reading order, one class and one confusion row per line: a 1000-class matrix stays
// 1000 lines that a person can scan, not a million.
std::string reportJson(const EvaluationReport& report)
{
    const OrderedJson header = {{"format", kFormatName},
                                {"version", kFormatVersion},
                                {"samples", report.samples},
                                {"skipped", report.skipped},
                                {"loss", jsonNumber(report.loss)},
                                {"top1", jsonNumber(report.top1)},
                                {"top5", jsonNumber(report.top5)},
                                {"topK", report.topK},
                                {"macroPrecision", jsonNumber(report.macroPrecision)},
                                {"macroRecall", jsonNumber(report.macroRecall)},
                                {"macroF1", jsonNumber(report.macroF1)},
                                {"weightedF1", jsonNumber(report.weightedF1)}};
    std::string text = "{\n";
    for (const auto& [key, value] : header.items())
        text += fmt::format("  {}: {},\n", OrderedJson(key).dump(), value.dump());
    text += "  \"classes\": [";
    for (std::size_t c = 0; c < report.classes.size(); ++c) {
        const ClassMetrics& metrics = report.classes[c];
        const OrderedJson line = {{"name", metrics.name},
                                  {"support", metrics.support},
                                  {"precision", jsonNumber(metrics.precision)},
                                  {"recall", jsonNumber(metrics.recall)},
                                  {"f1", jsonNumber(metrics.f1)},
                                  {"accuracy", jsonNumber(metrics.accuracy)}};
        text += (c == 0 ? "\n    " : ",\n    ") + line.dump();
    }
    text += report.classes.empty() ? "],\n" : "\n  ],\n";
    text += "  \"confusion\": [";
    for (std::size_t row = 0; row < report.confusion.size(); ++row)
        text += (row == 0 ? "\n    " : ",\n    ") + OrderedJson(report.confusion[row]).dump();
    text += report.confusion.empty() ? "]\n}\n" : "\n  ]\n}\n";
    return text;
}

// Reads keys of a parsed report, naming the file and the key in every error.
class ReportReader {
public:
    explicit ReportReader(std::string path)
        : m_path(std::move(path))
    {
    }

    [[noreturn]] void fail(const std::string& key, const std::string& problem) const
    {
        throw Error(ErrorCode::CorruptFile,
                    fmt::format("evaluation report '{}', key '{}': {}", m_path, key, problem));
    }

    const Json& member(const Json& object, const std::string& name, const std::string& key) const
    {
        const auto found = object.find(name);
        if (found == object.end())
            fail(key, "missing");
        return *found;
    }

    std::int64_t count(const Json& object, const std::string& name, const std::string& key) const
    {
        return countValue(member(object, name, key), key);
    }

    std::int64_t countValue(const Json& value, const std::string& key) const
    {
        if (value.is_number_unsigned() &&
            value.get<std::uint64_t>() <= std::uint64_t(std::numeric_limits<std::int64_t>::max()))
            return value.get<std::int64_t>();
        if (value.is_number_integer() && value.get<std::int64_t>() >= 0)
            return value.get<std::int64_t>();
        fail(key, fmt::format("expected a non-negative integer, found {}", jsonForMessage(value)));
    }

    // null stands for NaN (an empty evaluation's loss).
    double real(const Json& object, const std::string& name, const std::string& key) const
    {
        const Json& value = member(object, name, key);
        if (value.is_null())
            return std::nan("");
        if (!value.is_number())
            fail(key, fmt::format("expected a number, found {}", jsonForMessage(value)));
        return value.get<double>();
    }

    std::string text(const Json& object, const std::string& name, const std::string& key) const
    {
        const Json& value = member(object, name, key);
        if (!value.is_string())
            fail(key, fmt::format("expected a string, found {}", jsonForMessage(value)));
        return value.get<std::string>();
    }

    const Json& array(const Json& object, const std::string& name, const std::string& key) const
    {
        const Json& value = member(object, name, key);
        if (!value.is_array())
            fail(key, fmt::format("expected an array, found {}", value.type_name()));
        return value;
    }

private:
    std::string m_path;
};

} // namespace

void writeEvaluationReport(const EvaluationReport& report, const std::string& folder,
                           const std::string& stem)
{
    namespace fs = std::filesystem;
    checkShape(report);
    if (stem.empty() || stem.find('/') != std::string::npos)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("evaluation report stem '{}' must be a non-empty file name "
                                "without '/'",
                                stem));
    const fs::path base = folder.empty() ? fs::path(".") : fs::path(folder);
    std::error_code ec;
    fs::create_directories(base, ec);
    if (ec)
        throw Error(ErrorCode::Io,
                    fmt::format("cannot create folder '{}': {}", base.string(), ec.message()));
    writeFileAtomically((base / (stem + ".json")).string(), reportJson(report));
    writeFileAtomically((base / (stem + "-classes.csv")).string(), classesCsv(report));
    writeFileAtomically((base / (stem + "-confusion.csv")).string(), confusionCsv(report));
}

EvaluationReport readEvaluationReport(const std::string& jsonPath)
{
    const std::string bytes = readFile(jsonPath);
    const ReportReader reader(jsonPath);
    const Json json = parseJsonText(bytes, fmt::format("evaluation report '{}'", jsonPath),
                                    ErrorCode::CorruptFile);
    if (!json.is_object())
        reader.fail("(top level)", "expected an object");
    if (reader.text(json, "format", "format") != kFormatName)
        reader.fail("format", fmt::format("expected \"{}\"", kFormatName));
    const std::int64_t version = reader.count(json, "version", "version");
    if (version != kFormatVersion)
        reader.fail("version", fmt::format("version {} is not supported (this build reads {})",
                                           version, kFormatVersion));

    EvaluationReport report;
    report.samples = reader.count(json, "samples", "samples");
    report.skipped = reader.count(json, "skipped", "skipped");
    report.loss = reader.real(json, "loss", "loss");
    report.top1 = reader.real(json, "top1", "top1");
    report.top5 = reader.real(json, "top5", "top5");
    report.topK = static_cast<int>(reader.count(json, "topK", "topK"));
    report.macroPrecision = reader.real(json, "macroPrecision", "macroPrecision");
    report.macroRecall = reader.real(json, "macroRecall", "macroRecall");
    report.macroF1 = reader.real(json, "macroF1", "macroF1");
    report.weightedF1 = reader.real(json, "weightedF1", "weightedF1");

    const Json& classes = reader.array(json, "classes", "classes");
    for (std::size_t i = 0; i < classes.size(); ++i) {
        const std::string key = fmt::format("classes[{}]", i);
        if (!classes[i].is_object())
            reader.fail(key, "expected an object");
        ClassMetrics metrics;
        metrics.name = reader.text(classes[i], "name", key + ".name");
        metrics.support = reader.count(classes[i], "support", key + ".support");
        metrics.precision = reader.real(classes[i], "precision", key + ".precision");
        metrics.recall = reader.real(classes[i], "recall", key + ".recall");
        metrics.f1 = reader.real(classes[i], "f1", key + ".f1");
        metrics.accuracy = reader.real(classes[i], "accuracy", key + ".accuracy");
        report.classes.push_back(std::move(metrics));
    }

    const Json& confusion = reader.array(json, "confusion", "confusion");
    if (confusion.size() != classes.size())
        reader.fail("confusion",
                    fmt::format("{} rows for {} classes", confusion.size(), classes.size()));
    std::int64_t total = 0;
    for (std::size_t row = 0; row < confusion.size(); ++row) {
        const std::string key = fmt::format("confusion[{}]", row);
        if (!confusion[row].is_array())
            reader.fail(key,
                        fmt::format("expected an array, found {}", confusion[row].type_name()));
        if (confusion[row].size() != classes.size())
            reader.fail(key, fmt::format("{} columns for {} classes", confusion[row].size(),
                                         classes.size()));
        std::vector<std::int64_t> counts;
        std::int64_t rowSum = 0;
        for (std::size_t column = 0; column < confusion[row].size(); ++column) {
            counts.push_back(
                reader.countValue(confusion[row][column], fmt::format("{}[{}]", key, column)));
            rowSum += counts.back();
        }
        // A row holds every sample of its true class: anything else is a damaged file.
        if (rowSum != report.classes[row].support)
            reader.fail(key, fmt::format("the row sums to {} but classes[{}].support is {}", rowSum,
                                         row, report.classes[row].support));
        total += rowSum;
        report.confusion.push_back(std::move(counts));
    }
    if (total != report.samples)
        reader.fail("samples", fmt::format("{} samples but the confusion matrix holds {}",
                                           report.samples, total));
    return report;
}

} // namespace fovea
