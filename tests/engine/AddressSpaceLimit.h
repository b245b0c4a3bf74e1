#pragma once

#include <sys/resource.h>

#include <cstdint>
#include <fstream>
#include <string>

namespace fovea::testing {

/// Caps this process's address space at what it uses now plus `headroom` while alive, so an
/// allocation sized by a lying header fails loudly (std::bad_alloc) instead of succeeding.
class AddressSpaceLimit {
public:
    explicit AddressSpaceLimit(std::uint64_t headroom)
    {
        m_active = getrlimit(RLIMIT_AS, &m_saved) == 0;
        const std::uint64_t used = currentAddressSpaceBytes();
        if (!m_active || used == 0)
            return;
        rlimit limit = m_saved;
        limit.rlim_cur = static_cast<rlim_t>(used + headroom);
        if (m_saved.rlim_max != RLIM_INFINITY && limit.rlim_cur > m_saved.rlim_max)
            limit.rlim_cur = m_saved.rlim_max;
        m_active = setrlimit(RLIMIT_AS, &limit) == 0;
    }
    ~AddressSpaceLimit()
    {
        if (m_active)
            setrlimit(RLIMIT_AS, &m_saved);
    }
    AddressSpaceLimit(const AddressSpaceLimit&) = delete;
    AddressSpaceLimit& operator=(const AddressSpaceLimit&) = delete;
    bool active() const { return m_active; }

private:
    static std::uint64_t currentAddressSpaceBytes()
    {
        std::ifstream status("/proc/self/status");
        for (std::string line; std::getline(status, line);)
            if (line.rfind("VmSize:", 0) == 0)
                return std::stoull(line.substr(7)) * 1024; // reported in kB
        return 0;
    }

    rlimit m_saved{};
    bool m_active = false;
};

} // namespace fovea::testing
