#include "ListFileReader.h"

#include "fovea/AtomicFile.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>

namespace fovea::data {
namespace {

std::string trimmed(const std::string& text)
{
    const auto isSpace = [](unsigned char c) { return std::isspace(c) != 0; };
    auto begin = std::find_if_not(text.begin(), text.end(), isSpace);
    auto end = std::find_if_not(text.rbegin(), text.rend(), isSpace).base();
    return begin < end ? std::string(begin, end) : std::string();
}

std::string lowered(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

/// Splits one row; with a comma delimiter, "…" quotes a field and "" inside it is one quote.
std::vector<std::string> splitRow(const std::string& line, char delimiter)
{
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (delimiter == ',' && c == '"') {
            if (quoted && i + 1 < line.size() && line[i + 1] == '"')
                fields.back() += line[++i];
            else
                quoted = !quoted;
        } else if (c == delimiter && !quoted)
            fields.emplace_back();
        else
            fields.back() += c;
    }
    for (std::string& field : fields)
        field = trimmed(field);
    return fields;
}

bool isHeaderRow(const std::vector<std::string>& fields)
{
    static const char* const pathNames[] = {"path",     "file",      "filename", "file_name",
                                            "filepath", "file_path", "image",    "image_path",
                                            "img",      "image_id",  "name"};
    static const char* const labelNames[] = {"label",    "class",  "class_name",
                                             "category", "target", "labels"};
    const std::string first = lowered(fields[0]);
    const std::string second = fields.size() > 1 ? lowered(fields[1]) : std::string();
    return std::any_of(std::begin(pathNames), std::end(pathNames),
                       [&](const char* name) { return first == name; }) ||
           std::any_of(std::begin(labelNames), std::end(labelNames),
                       [&](const char* name) { return second == name; });
}

} // namespace

ListFileReader::ListFileReader(std::string listPath)
    : m_listPath(std::move(listPath))
{
}

std::vector<ListEntry> ListFileReader::read(std::vector<RejectedFile>& rejected) const
{
    std::string text = readFile(m_listPath);
    if (text.rfind("\xef\xbb\xbf", 0) == 0) // a UTF-8 byte-order mark (spreadsheet exports)
        text.erase(0, 3);
    const std::filesystem::path listPath(m_listPath);
    const std::filesystem::path base = listPath.parent_path();
    const bool tsvName = lowered(listPath.extension().string()) == ".tsv";

    std::vector<ListEntry> entries;
    std::istringstream lines(text);
    char delimiter = 0;
    bool firstRow = true;
    int lineNumber = 0;
    for (std::string line; std::getline(lines, line);) {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const std::string content = trimmed(line);
        if (content.empty() || content[0] == '#')
            continue;
        if (delimiter == 0)
            delimiter = tsvName || line.find('\t') != std::string::npos ? '\t' : ',';
        const std::vector<std::string> fields = splitRow(line, delimiter);
        const bool header = firstRow && isHeaderRow(fields);
        firstRow = false;
        if (header)
            continue;
        const std::string where = fmt::format("{}:{}", m_listPath, lineNumber);
        if (fields.size() < 2 || fields[0].empty() || fields[1].empty()) {
            rejected.push_back({where, fmt::format("expected 'path{}label', found '{}'",
                                                   delimiter == '\t' ? "<tab>" : ",", content)});
            continue;
        }
        const std::filesystem::path path(fields[0]);
        entries.push_back(
            {(path.is_absolute() ? path : base / path).lexically_normal().string(), fields[1]});
    }
    return entries;
}

} // namespace fovea::data
