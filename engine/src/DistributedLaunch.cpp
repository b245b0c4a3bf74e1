#include "fovea/DistributedLaunch.h"

#include "fovea/Error.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>
#include <optional>
#include <string_view>

namespace fovea {
namespace {

std::optional<std::string> variable(const char* name)
{
    const char* value = std::getenv(name);
    if (!value || !*value)
        return std::nullopt;
    return std::string(value);
}

[[noreturn]] void invalid(const char* name, const std::string& value, const std::string& why)
{
    throw Error(ErrorCode::InvalidArgument,
                fmt::format("environment variable {}='{}' {}", name, value, why));
}

int integer(const char* name, const std::string& value, int minimum, int maximum)
{
    int parsed = 0;
    const char* end = value.data() + value.size();
    const auto [stop, error] = std::from_chars(value.data(), end, parsed);
    if (error != std::errc() || stop != end)
        invalid(name, value, "is not a whole number");
    if (parsed < minimum || parsed > maximum)
        invalid(name, value, fmt::format("is outside {}…{}", minimum, maximum));
    return parsed;
}

/// The first of `names` that is set, as (name, value).
std::optional<std::pair<const char*, std::string>> firstOf(std::initializer_list<const char*> names)
{
    for (const char* name : names)
        if (std::optional<std::string> value = variable(name))
            return std::make_pair(name, *value);
    return std::nullopt;
}

} // namespace

DistributedLaunch DistributedLaunch::fromEnvironment()
{
    constexpr int kMaxWorld = 1 << 20;
    DistributedLaunch launch;
    const auto world = firstOf({"WORLD_SIZE", "SLURM_NTASKS"});
    const auto rank = firstOf({"RANK", "SLURM_PROCID"});
    if (world)
        launch.worldSize = integer(world->first, world->second, 1, kMaxWorld);
    if (!launch.active()) {
        if (rank && integer(rank->first, rank->second, 0, kMaxWorld) != 0)
            invalid(rank->first, rank->second,
                    "names a rank other than 0, but WORLD_SIZE (or SLURM_NTASKS) does not say "
                    "there are other processes");
        return launch;
    }
    if (!rank)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("{}={} asks for a distributed run, but RANK (or SLURM_PROCID) is "
                                "not set; start the processes with torchrun or set RANK for each",
                                world->first, world->second));
    launch.rank = integer(rank->first, rank->second, 0, launch.worldSize - 1);
    if (const auto local = firstOf({"LOCAL_RANK", "SLURM_LOCALID"}))
        launch.localRank = integer(local->first, local->second, 0, kMaxWorld);
    const std::optional<std::string> address = variable("MASTER_ADDR");
    const std::optional<std::string> port = variable("MASTER_PORT");
    if (!address || !port)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("a distributed run ({}={}) needs MASTER_ADDR and MASTER_PORT: the "
                                "address and port of rank 0's rendezvous; {} is not set",
                                world->first, world->second,
                                !address ? "MASTER_ADDR" : "MASTER_PORT"));
    launch.masterAddress = *address;
    launch.masterPort = integer("MASTER_PORT", *port, 1, 65535);
    launch.agentStore = variable("TORCHELASTIC_USE_AGENT_STORE").value_or("") == "True";
    if (launch.agentStore)
        if (const std::optional<std::string> restarts = variable("TORCHELASTIC_RESTART_COUNT"))
            launch.restartCount = integer("TORCHELASTIC_RESTART_COUNT", *restarts, 0, kMaxWorld);
    return launch;
}

} // namespace fovea
