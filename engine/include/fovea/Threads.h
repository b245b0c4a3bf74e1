#pragma once

namespace fovea {

/// Sets torch's intra-op threads: `count` > 0 as given, 0 for every core. Debian's libtorch
/// starts with one thread on some machines, so the engine always calls this.
void setComputeThreads(int count);

/// The number of cores this process may use.
int availableCores();

/// Lowers the scheduling priority (Linux nice 10) of the calling thread and of the compute
/// threads it runs torch operators on, so that an interactive thread — a GUI's event loop —
/// gets a core first whenever both want one. Threads this thread starts later inherit it, and
/// the data loaders it creates lower their workers too (see runsInBackground()). A GUI calls it
/// on its training thread; on 2 cores it keeps the event loop's stalls under a frame. No effect
/// outside Linux.
void runInBackground();

/// True on a thread that called runInBackground().
bool runsInBackground();

/// What runInBackground() does to each thread, for the engine's own worker pools.
void lowerCallingThreadPriority();

} // namespace fovea
