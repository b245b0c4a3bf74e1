#pragma once

#include <cstdint>
#include <string>

namespace fovea::testing {

/// Options for a generated IDX dataset that a small network can learn in a few steps.
struct SyntheticIdxOptions {
    int trainCount = 256;
    int testCount = 64;
    int size = 28; ///< images are size × size
    int classes = 4;
    bool gzip = true; ///< write .gz files (as Fashion-MNIST ships) or plain ones
    std::uint32_t seed = 1;
};

/// Writes {train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz] into `folder` (created if needed).
/// Class k is a bright horizontal band at a class-specific height over low noise, so the
/// label is learnable from the pixels.
void writeSyntheticIdxDataset(const std::string& folder, const SyntheticIdxOptions& options = {});

/// Writes one IDX3 image file with a header claiming `claimedCount` images but holding only
/// `actualCount` (for truncation tests).
void writeIdxImagesFile(const std::string& path, std::uint32_t claimedCount, int actualCount,
                        int size, bool gzip);

} // namespace fovea::testing
