#pragma once

namespace fovea {

/// Sets torch's intra-op threads: `count` > 0 as given, 0 for every core. Debian's libtorch
/// starts with one thread on some machines, so the engine always calls this.
void setComputeThreads(int count);

/// The number of cores this process may use.
int availableCores();

} // namespace fovea
