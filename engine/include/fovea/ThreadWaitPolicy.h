#pragma once

namespace fovea {

/// Limits how long this process's OpenMP threads (libtorch's intra-op pool) spin before they
/// sleep while waiting, by setting GOMP_SPINCOUNT=3000 and re-executing the program once —
/// libgomp reads its settings when it is loaded, before main() runs. Does nothing when
/// GOMP_SPINCOUNT or OMP_WAIT_POLICY is set already (the user's choice wins) or when
/// re-executing fails.
///
/// Why: by default libgomp spins for 300 000 rounds. Whenever anything else wants a core — the
/// loader's decode threads, the GUI, another program — an OpenMP barrier then waits, spinning,
/// for a thread the scheduler has parked. Measured on this 2-core machine (ResNet-18, 32 px,
/// batch 128, end to end with the loader): with another busy process, 36 images/s by default,
/// 214 at 30 000 spins, 359 at 3 000, 388 never spinning; on a quiet machine 699 at 3 000
/// spins against 605 never spinning (waking a sleeping thread costs at every small operator).
/// 3 000 keeps nearly all of both.
///
/// Call it first thing in main(), with main's own arguments.
void limitThreadSpinning(int argc, char** argv);

} // namespace fovea
