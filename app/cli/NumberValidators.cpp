#include "NumberValidators.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <string>

namespace fovea {

CLI::Validator realRange(double low, double high)
{
    return CLI::Validator(
        [low, high](std::string& text) {
            double value = 0.0;
            std::size_t used = 0;
            bool outOfRange = false;
            try {
                value = std::stod(text, &used);
            } catch (const std::out_of_range&) {
                outOfRange = true; // 1e400, 1e-400: a number, far outside any range here
                used = text.size();
            } catch (const std::exception&) {
                used = 0;
            }
            if (used == 0 || used != text.size())
                return fmt::format("'{}' is not a number", text);
            if (outOfRange || !(value >= low && value <= high)) // NaN fails both
                return fmt::format("Value {} not in range {:g} to {:g}", text, low, high);
            return std::string();
        },
        fmt::format("REAL in [{:g} - {:g}]", low, high));
}

CLI::Validator fitsUnsigned64()
{
    return CLI::Validator(
        [](std::string& text) {
            std::uint64_t value = 0;
            const auto [end, error] =
                std::from_chars(text.data(), text.data() + text.size(), value);
            if (error == std::errc::result_out_of_range)
                return fmt::format("Value {} is over the largest allowed, {}", text, UINT64_MAX);
            if (error != std::errc() || end != text.data() + text.size())
                return fmt::format("'{}' is not a whole number", text);
            return std::string();
        },
        "UINT");
}

} // namespace fovea
