#include "OutputPath.h"

#include "fovea/Error.h"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

namespace fovea {
namespace {

namespace fs = std::filesystem;

void refuseInputs(const std::string& command, const std::string& option, const std::string& output,
                  const std::vector<std::string>& inputs)
{
    std::error_code ec;
    for (const std::string& input : inputs)
        if (!input.empty() && fs::equivalent(output, input, ec))
            throw Error(ErrorCode::InvalidArgument,
                        fmt::format("{}: {} '{}' is '{}', which the command reads; it would be "
                                    "replaced. Give another file name",
                                    command, option, output, input));
}

} // namespace

void checkOutputFile(const std::string& command, const std::string& option,
                     const std::string& output, const std::vector<std::string>& inputs)
{
    std::error_code ec;
    if (fs::is_directory(output, ec))
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("{}: {} '{}' is a folder; give a file name in it", command, option,
                                output));
    refuseInputs(command, option, output, inputs);
    const fs::path folder = fs::path(output).parent_path();
    if (!folder.empty() && !fs::is_directory(folder, ec))
        throw Error(ErrorCode::NotFound, fmt::format("{}: the folder of {} '{}' does not exist",
                                                     command, option, output));
}

void checkOutputFolder(const std::string& command, const std::string& option,
                       const std::string& output)
{
    std::error_code ec;
    if (fs::exists(output, ec) && !fs::is_directory(output, ec))
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("{}: {} '{}' is a file; it names the folder the reports go in",
                                command, option, output));
}

} // namespace fovea
