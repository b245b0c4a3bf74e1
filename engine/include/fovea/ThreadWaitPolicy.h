#pragma once

namespace fovea {

/// Makes this process's OpenMP threads (libtorch's intra-op pool) sleep instead of spin while
/// they wait, by setting OMP_WAIT_POLICY=PASSIVE and re-executing the program once — libgomp
/// reads the variable when it is loaded, before main() runs. Does nothing when the variable is
/// set already (the user's choice wins) or when re-executing fails.
///
/// Why: spinning threads keep their core busy between parallel regions. Whenever anything else
/// wants that core — the loader's decode threads, the GUI, another program — the OpenMP
/// barrier waits for a thread the scheduler has parked, and a training step on this 2-core
/// machine was measured 6–10× slower (ResNet-18, 32 px, batch 128: 36 → 378 images/s with one
/// loader thread; 64 → 376 images/s with another job running). On an idle machine the
/// passive policy costs little.
///
/// Call it first thing in main(), with main's own arguments.
void preferPassiveThreadWaiting(int argc, char** argv);

} // namespace fovea
