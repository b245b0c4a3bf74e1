#pragma once
// Debian's libtorch-dev 1.13 ships torch/csrc/distributed/c10d/reducer.hpp, and libtorch_cpu
// exports c10d::Reducer, but the package leaves out the distributed-autograd headers that
// reducer.hpp includes. reducer.hpp needs two names from them, both only as types: it
// static_asserts that its GradCallback equals DistAutogradContext::GradCallback, and it keeps a
// ContextPtr (a shared_ptr) it never dereferences when RPC is not in use. This file declares
// exactly those two names, with the definitions of PyTorch 1.13's context.h, so Fovea uses the
// Reducer that Python's DistributedDataParallel uses instead of a bucketing scheme of its own.
// Nothing here is called; no object of the class is ever created by Fovea.
#include <ATen/core/Tensor.h>

#include <functional>
#include <memory>

namespace torch::distributed::autograd {

class DistAutogradContext {
public:
    using GradCallback = std::function<bool(at::Tensor&)>;
};

using ContextPtr = std::shared_ptr<DistAutogradContext>;

} // namespace torch::distributed::autograd
