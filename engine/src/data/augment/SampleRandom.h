#pragma once

#include <cmath>
#include <cstdint>

namespace fovea::data {

/// The random source of one augmentation step on one sample (or batch). Seeded from
/// (seed, epoch, sample index, step position) alone, so any draw can be replayed: the preview
/// shows what training draws, and worker threads may take samples in any order. A small
/// counter-free generator (SplitMix64 to seed, xoshiro256** to draw) with its own uniform and
/// normal conversions, so the draws are the same with every standard library.
class SampleRandom {
public:
    SampleRandom(std::uint64_t seed, std::int64_t epoch, std::int64_t index, int step)
    {
        std::uint64_t mix = seed;
        mix = splitMix(mix ^ 0x6a09e667f3bcc909ull) ^ static_cast<std::uint64_t>(epoch);
        mix = splitMix(mix) ^ static_cast<std::uint64_t>(index);
        mix = splitMix(mix) ^ static_cast<std::uint64_t>(step);
        for (std::uint64_t& word : m_state)
            word = splitMix(mix);
    }

    std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    /// Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// Uniform in [low, high).
    double uniform(double low, double high) { return low + (high - low) * uniform(); }
    /// Uniform integer in [low, high], both included.
    std::int64_t uniformInt(std::int64_t low, std::int64_t high)
    {
        if (high <= low)
            return low;
        const std::uint64_t span = static_cast<std::uint64_t>(high - low) + 1;
        return low + static_cast<std::int64_t>(next() % span);
    }
    /// True with probability p.
    bool chance(double p) { return uniform() < p; }
    /// Normal with the given mean and standard deviation (Box–Muller).
    double normal(double mean = 0.0, double stddev = 1.0)
    {
        const double u1 = 1.0 - uniform(); // (0, 1]: log stays finite
        const double u2 = uniform();
        return mean + stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    /// Gamma(shape, 1) by Marsaglia–Tsang; for Beta draws (mixup, cutmix).
    double gamma(double shape)
    {
        if (shape < 1.0)
            return gamma(shape + 1.0) * std::pow(uniform() + 0x1.0p-53, 1.0 / shape);
        const double d = shape - 1.0 / 3.0;
        const double c = 1.0 / std::sqrt(9.0 * d);
        for (;;) {
            double x = 0.0;
            double v = 0.0;
            do {
                x = normal();
                v = 1.0 + c * x;
            } while (v <= 0.0);
            v = v * v * v;
            const double u = uniform();
            if (u < 1.0 - 0.0331 * x * x * x * x ||
                std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v)))
                return d * v;
        }
    }
    /// Beta(a, b).
    double beta(double a, double b)
    {
        const double x = gamma(a);
        const double y = gamma(b);
        return x + y > 0.0 ? x / (x + y) : 0.5;
    }

private:
    static std::uint64_t splitMix(std::uint64_t& x)
    {
        std::uint64_t z = (x += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    static std::uint64_t splitMix(std::uint64_t&& x) { return splitMix(x); }
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t m_state[4];
};

} // namespace fovea::data
