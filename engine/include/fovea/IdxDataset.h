#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fovea {

/// Grey-scale images and their labels, as stored in IDX files (MNIST, Fashion-MNIST).
struct IdxImageSet {
    std::int64_t count = 0;
    int rows = 0;
    int cols = 0;
    std::vector<std::uint8_t> pixels; ///< count × rows × cols, row-major
    std::vector<std::uint8_t> labels; ///< count entries
};

/// A train/test pair of IDX image sets with their class names.
struct IdxDataset {
    std::string folder;
    IdxImageSet train;
    IdxImageSet test;
    std::vector<std::string> classNames;
};

/// Reads an IDX3 image file (magic 0x00000803), gzipped or not. Throws Error naming the file for
/// a missing, truncated or malformed file, or one whose header claims an absurd size.
IdxImageSet readIdxImages(const std::string& path);

/// Reads an IDX1 label file (magic 0x00000801), gzipped or not.
std::vector<std::uint8_t> readIdxLabels(const std::string& path);

/// True when `folder` holds train-images-idx3-ubyte[.gz] (the marker of an IDX dataset).
bool looksLikeIdxDataset(const std::string& folder);

/// Reads `folder`/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]. Class names come from
/// `folder`/classes.txt (one per line) when present, else Fashion-MNIST's names when the folder
/// name says "fashion", else the digits. Throws Error naming what is missing or inconsistent.
IdxDataset loadIdxDataset(const std::string& folder);

} // namespace fovea
