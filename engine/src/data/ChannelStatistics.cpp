// The training set's own mean/std, computed in double precision over evenly spread samples and
// cached as JSON: a folder of JPEGs costs a decode per sample, which is worth doing once only.
#include "ChannelStatistics.h"

#include "fovea/AtomicFile.h"
#include "fovea/Error.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <opencv2/core.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>

namespace fovea::data {
namespace {

// FNV-1a over everything that identifies the samples, so another dataset (or the same folder
// with files added or replaced by other sizes) gets its own entry.
std::uint64_t fingerprint(const SampleSource& source, std::size_t maxSamples)
{
    std::uint64_t hash = 14695981039346656037ull;
    auto mix = [&hash](const void* data, std::size_t size) {
        const auto* bytes = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < size; ++i) {
            hash ^= bytes[i];
            hash *= 1099511628211ull;
        }
    };
    const std::size_t count = source.size();
    mix(&count, sizeof count);
    mix(&maxSamples, sizeof maxSamples);
    for (std::size_t i = 0; i < count; ++i) {
        const std::string name = source.describe(i);
        mix(name.data(), name.size());
        const int label = source.label(i);
        mix(&label, sizeof label);
        if (const std::optional<cv::Size> size = source.knownSize(i)) {
            const int sides[2] = {size->width, size->height};
            mix(sides, sizeof sides);
        }
    }
    return hash;
}

} // namespace

ChannelStatistics computeChannelStatistics(const SampleSource& source, std::size_t maxSamples)
{
    const std::size_t count = source.size();
    const std::size_t used = std::min(count, std::max<std::size_t>(1, maxSamples));
    double sum[3] = {0, 0, 0};
    double squares[3] = {0, 0, 0};
    double pixels = 0;
    ChannelStatistics statistics;
    for (std::size_t k = 0; k < used; ++k) {
        const std::size_t index = used == count ? k : k * count / used;
        cv::Mat rgb;
        try {
            rgb = source.loadRgb(index);
        } catch (const Error&) {
            continue; // the loader reports bad files when it meets them
        }
        const cv::Scalar channelSum = cv::sum(rgb);
        const cv::Mat asDouble = [&] {
            cv::Mat converted;
            rgb.convertTo(converted, CV_64F);
            return converted;
        }();
        const cv::Scalar channelSquares = cv::sum(asDouble.mul(asDouble));
        for (int c = 0; c < 3; ++c) {
            sum[c] += channelSum[c];
            squares[c] += channelSquares[c];
        }
        pixels += double(rgb.total());
        ++statistics.samplesUsed;
    }
    if (statistics.samplesUsed == 0)
        throw Error(ErrorCode::InvalidArgument,
                    "cannot compute the dataset's mean and standard deviation: none of its "
                    "images could be read");
    for (int c = 0; c < 3; ++c) {
        const double mean = sum[c] / pixels / 255.0;
        const double variance = std::max(0.0, squares[c] / pixels / (255.0 * 255.0) - mean * mean);
        statistics.mean[c] = float(mean);
        // A constant channel (a blank set) would divide by zero; 1 leaves it merely centred.
        statistics.std[c] = variance > 1e-12 ? float(std::sqrt(variance)) : 1.0f;
    }
    return statistics;
}

ChannelStatistics cachedChannelStatistics(const SampleSource& source, std::size_t maxSamples,
                                          const std::string& cacheFolder)
{
    if (cacheFolder.empty())
        return computeChannelStatistics(source, maxSamples);
    const std::string path = (std::filesystem::path(cacheFolder) /
                              fmt::format("{:016x}.json", fingerprint(source, maxSamples)))
                                 .string();
    try {
        const nlohmann::json json = nlohmann::json::parse(readFile(path));
        ChannelStatistics cached;
        cached.mean = json.at("mean").get<std::array<float, 3>>();
        cached.std = json.at("std").get<std::array<float, 3>>();
        cached.samplesUsed = json.at("samples").get<std::size_t>();
        return cached;
    } catch (const std::exception&) {
        // No entry yet, or an unreadable one: compute and (re)write it.
    }
    const ChannelStatistics statistics = computeChannelStatistics(source, maxSamples);
    try {
        std::filesystem::create_directories(cacheFolder);
        const nlohmann::json json{{"mean", statistics.mean},
                                  {"std", statistics.std},
                                  {"samples", statistics.samplesUsed}};
        writeFileAtomically(path, json.dump(2) + "\n");
    } catch (const std::exception&) {
        // A read-only home folder only costs the next run the computation again.
    }
    return statistics;
}

std::string defaultStatisticsCacheFolder()
{
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return (std::filesystem::path(xdg) / "fovea" / "statistics").string();
    if (const char* home = std::getenv("HOME"); home && *home)
        return (std::filesystem::path(home) / ".cache" / "fovea" / "statistics").string();
    return {};
}

} // namespace fovea::data
