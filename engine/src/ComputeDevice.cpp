#include "ComputeDevice.h"

#include "fovea/Error.h"

#include <torch/cuda.h>

namespace fovea {

torch::Device chooseDevice(const std::string& name)
{
    if (name == "cpu")
        return torch::Device(torch::kCPU);
    const bool cuda = torch::cuda::is_available();
    if (name == "cuda" && !cuda)
        throw Error(ErrorCode::InvalidArgument,
                    "config key 'device': 'cuda' was asked for, but this libtorch has no CUDA "
                    "support or sees no GPU; use 'auto' or 'cpu'");
    return cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

} // namespace fovea
