// Precompiled for every engine source: the torch headers dominate compile time.
#pragma once

#include <torch/nn.h>
#include <torch/optim.h>
#include <torch/types.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>
