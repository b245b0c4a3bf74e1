#include "fovea/ThreadWaitPolicy.h"

#include <cstdlib>
#include <unistd.h>

namespace fovea {

void limitThreadSpinning(int argc, char** argv)
{
    (void)argc;
    if (std::getenv("GOMP_SPINCOUNT") != nullptr || std::getenv("OMP_WAIT_POLICY") != nullptr)
        return;
    if (setenv("GOMP_SPINCOUNT", "3000", 1) != 0)
        return;
    // The same executable with the same arguments; on failure this process simply goes on with
    // libgomp's defaults (the variable stays set for any child it starts).
    execv("/proc/self/exe", argv);
}

} // namespace fovea
