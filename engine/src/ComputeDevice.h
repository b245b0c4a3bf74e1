#pragma once

#include <torch/types.h>

#include <string>

namespace fovea {

/// The device a config's "device" names: "cpu"; "cuda" (an error naming the key when this
/// libtorch has no CUDA or sees no GPU); "auto": CUDA when available, else the CPU.
torch::Device chooseDevice(const std::string& name);

} // namespace fovea
