#include "fovea/Threads.h"

#include <ATen/Parallel.h>

#include <thread>

#include <sched.h>
#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

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

namespace {

thread_local bool t_background = false;

void lowerThisThread()
{
#ifdef __linux__
    constexpr int kBackgroundNice = 10; // a tenth of a normal thread's share when both run
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kBackgroundNice);
#endif
}

} // namespace

void runInBackground()
{
    lowerThisThread();
    t_background = true;
    // Torch's intra-op threads for this thread: one chunk per thread, so each lowers itself.
    const std::int64_t threads = at::get_num_threads();
    at::parallel_for(0, threads, 1, [](std::int64_t, std::int64_t) { lowerThisThread(); });
}

bool runsInBackground()
{
    return t_background;
}

void lowerCallingThreadPriority()
{
    lowerThisThread();
}

void setComputeThreads(int count)
{
    const int wanted = count > 0 ? count : availableCores();
    if (at::get_num_threads() != wanted) {
        at::set_num_threads(wanted);
        if (t_background) // the new threads start at normal priority
            runInBackground();
    }
}

} // namespace fovea
