#pragma once

#include <string>

namespace fovea {

/// Where this process sits in a data-parallel run, as PyTorch's launchers describe it.
///
/// `torchrun --no-python --nproc_per_node=N fovea-cli train …` (and torch.distributed.launch,
/// or any launcher that exports the same variables) sets RANK, WORLD_SIZE, LOCAL_RANK,
/// MASTER_ADDR and MASTER_PORT; SLURM's srun sets SLURM_PROCID, SLURM_NTASKS and SLURM_LOCALID,
/// used when RANK / WORLD_SIZE are absent (MASTER_ADDR and MASTER_PORT are still needed).
struct DistributedLaunch {
    int rank = 0;
    int worldSize = 1;
    int localRank = 0;
    std::string masterAddress = "127.0.0.1";
    int masterPort = 29500;
    /// torchrun's agent already serves the rendezvous store on MASTER_PORT
    /// (TORCHELASTIC_USE_AGENT_STORE=True): every rank is a client, and keys live under
    /// "/worker/attempt_<TORCHELASTIC_RESTART_COUNT>/", as Python's init_process_group does it.
    bool agentStore = false;
    int restartCount = 0;

    /// More than one process: gradients, metrics and stop requests are shared.
    bool active() const { return worldSize > 1; }
    bool isMain() const { return rank == 0; }

    /// Reads the variables above. A single process (no variables, or WORLD_SIZE=1) is the
    /// default. Throws Error(InvalidArgument) naming the variable and its value when one is not
    /// a number, out of range (RANK ≥ WORLD_SIZE, a port outside 1…65535), or missing while the
    /// others say the run is distributed.
    static DistributedLaunch fromEnvironment();
};

} // namespace fovea
