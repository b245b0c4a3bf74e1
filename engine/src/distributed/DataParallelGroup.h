#pragma once

#include "fovea/DistributedLaunch.h"

#include <c10/util/intrusive_ptr.h>
#include <torch/types.h>

#include <chrono>
#include <exception>
#include <memory>
#include <string>
#include <vector>

namespace c10d {
class ProcessGroup;
class Store;
} // namespace c10d

namespace fovea {

/// The processes of one data-parallel run, joined through PyTorch's c10d: a TCPStore
/// rendezvous at MASTER_ADDR:MASTER_PORT, then a Gloo process group (NCCL for CUDA tensors when
/// the libtorch build has it). Every collective here blocks until all ranks took part; a rank
/// that died or stopped answering turns into Error(Communication) naming this rank and the
/// timeout, never a silent hang.
class DataParallelGroup {
public:
    /// Joins the group (blocks until every rank arrived, at most `timeout`).
    DataParallelGroup(const DistributedLaunch& launch, std::chrono::milliseconds timeout,
                      const torch::Device& device);
    ~DataParallelGroup();
    DataParallelGroup(const DataParallelGroup&) = delete;
    DataParallelGroup& operator=(const DataParallelGroup&) = delete;

    int rank() const { return m_launch.rank; }
    int worldSize() const { return m_launch.worldSize; }
    std::chrono::milliseconds timeout() const { return m_timeout; }
    /// "rank 1 of 2", for messages.
    std::string describe() const;

    /// The c10d group, for c10d::Reducer.
    const c10::intrusive_ptr<c10d::ProcessGroup>& processGroup() const { return m_processGroup; }

    /// Sums `tensor` over all ranks, in place.
    void allReduceSum(torch::Tensor& tensor);
    /// True on every rank when `flag` is true on any.
    bool anyRank(bool flag);
    /// Copies rank 0's values of `tensors` into every other rank's (in place; one message per
    /// dtype).
    void broadcastFromMain(const std::vector<torch::Tensor>& tensors);
    /// Rank 0's `text` on every rank (each rank passes its own; rank 0's comes back).
    std::string broadcastTextFromMain(const std::string& text);

    /// Rethrows what a collective (or a backward pass running one) threw as Error(Communication)
    /// that says which rank saw it, what it was doing, and what to check.
    [[noreturn]] void fail(const std::exception& error, const std::string& during) const;

private:
    /// Where tensors travel from: NCCL (CUDA runs) takes GPU tensors only, Gloo CPU ones here.
    torch::Tensor onCommunicationDevice(const torch::Tensor& tensor) const;

    DistributedLaunch m_launch;
    std::chrono::milliseconds m_timeout;
    torch::Device m_device;
    c10::intrusive_ptr<c10d::Store> m_store; ///< the rendezvous, kept for the group's lifetime
    c10::intrusive_ptr<c10d::ProcessGroup> m_processGroup;
};

} // namespace fovea
