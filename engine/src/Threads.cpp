#include "fovea/Threads.h"

#include <ATen/Parallel.h>

#include <thread>

#include <sched.h>

namespace fovea {

int availableCores()
{
    // The affinity mask, not the machine's core count: containers and taskset restrict it.
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
        const int count = CPU_COUNT(&set);
        if (count > 0)
            return count;
    }
    const unsigned hardware = std::thread::hardware_concurrency();
    return hardware > 0 ? static_cast<int>(hardware) : 1;
}

void setComputeThreads(int count)
{
    const int wanted = count > 0 ? count : availableCores();
    if (at::get_num_threads() != wanted)
        at::set_num_threads(wanted);
}

} // namespace fovea
