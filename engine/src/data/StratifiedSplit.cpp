// A stratified split that is the same on every platform: std::shuffle and the standard
// distributions are implementation-defined, so the draws are made here from SplitMix64.
#include "fovea/FolderDataset.h"

#include "fovea/Error.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace fovea {
namespace {

class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed)
        : m_state(seed)
    {
    }
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, bound) without modulo bias (rejection sampling).
    std::uint64_t below(std::uint64_t bound)
    {
        const std::uint64_t limit = ~std::uint64_t(0) - (~std::uint64_t(0) % bound);
        std::uint64_t value = next();
        while (value >= limit)
            value = next();
        return value % bound;
    }

private:
    std::uint64_t m_state;
};

} // namespace

SplitIndices stratifiedSplit(const std::vector<int>& labels, double fraction, std::uint64_t seed)
{
    if (!(fraction >= 0.0 && fraction < 1.0))
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("validation fraction {} must be at least 0 and below 1", fraction));
    std::map<int, std::vector<std::size_t>> byClass;
    for (std::size_t i = 0; i < labels.size(); ++i)
        byClass[labels[i]].push_back(i);

    SplitIndices split;
    SplitMix64 random(seed);
    for (auto& [label, indices] : byClass) {
        (void)label;
        const std::size_t count = indices.size();
        // Every class keeps at least one training sample.
        const auto wanted = static_cast<std::size_t>(std::llround(double(count) * fraction));
        const std::size_t validation = std::min(wanted, count - 1);
        // Partial Fisher-Yates: the first `validation` places get a uniform random subset.
        for (std::size_t i = 0; i < validation; ++i)
            std::swap(indices[i], indices[i + random.below(count - i)]);
        split.validation.insert(split.validation.end(), indices.begin(),
                                indices.begin() + static_cast<std::ptrdiff_t>(validation));
        split.train.insert(split.train.end(),
                           indices.begin() + static_cast<std::ptrdiff_t>(validation),
                           indices.end());
    }
    std::sort(split.train.begin(), split.train.end());
    std::sort(split.validation.begin(), split.validation.end());
    return split;
}

} // namespace fovea
