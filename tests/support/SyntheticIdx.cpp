#include "SyntheticIdx.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <vector>

namespace fovea::testing {
namespace {

void appendBigEndian(std::vector<unsigned char>& out, std::uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<unsigned char>((value >> shift) & 0xff));
}

void writeBytes(const std::string& path, const std::vector<unsigned char>& bytes, bool gzip)
{
    if (gzip) {
        gzFile file = gzopen((path + ".gz").c_str(), "wb");
        if (!file || gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())) !=
                         static_cast<int>(bytes.size()))
            throw std::runtime_error("cannot write " + path + ".gz");
        gzclose(file);
    } else {
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
        if (!out)
            throw std::runtime_error("cannot write " + path);
    }
}

void writeSplit(const std::string& folder, const std::string& prefix, int count,
                const SyntheticIdxOptions& options, std::mt19937& rng)
{
    std::vector<unsigned char> images;
    std::vector<unsigned char> labels;
    appendBigEndian(images, 0x00000803);
    appendBigEndian(images, static_cast<std::uint32_t>(count));
    appendBigEndian(images, static_cast<std::uint32_t>(options.size));
    appendBigEndian(images, static_cast<std::uint32_t>(options.size));
    appendBigEndian(labels, 0x00000801);
    appendBigEndian(labels, static_cast<std::uint32_t>(count));
    std::uniform_int_distribution<int> noise(0, 40);
    const int band = std::max(1, options.size / options.classes);
    for (int i = 0; i < count; ++i) {
        const int label = i % options.classes;
        labels.push_back(static_cast<unsigned char>(label));
        for (int y = 0; y < options.size; ++y)
            for (int x = 0; x < options.size; ++x) {
                const bool inBand = y >= label * band && y < (label + 1) * band;
                images.push_back(
                    static_cast<unsigned char>(inBand ? 215 + noise(rng) : noise(rng)));
            }
    }
    writeBytes(folder + "/" + prefix + "-images-idx3-ubyte", images, options.gzip);
    writeBytes(folder + "/" + prefix + "-labels-idx1-ubyte", labels, options.gzip);
}

} // namespace

void writeSyntheticIdxDataset(const std::string& folder, const SyntheticIdxOptions& options)
{
    std::filesystem::create_directories(folder);
    std::mt19937 rng(options.seed);
    writeSplit(folder, "train", options.trainCount, options, rng);
    writeSplit(folder, "t10k", options.testCount, options, rng);
    std::ofstream classes(folder + "/classes.txt");
    for (int k = 0; k < options.classes; ++k)
        classes << "band" << k << "\n";
}

void writeIdxImagesFile(const std::string& path, std::uint32_t claimedCount, int actualCount,
                        int size, bool gzip)
{
    std::vector<unsigned char> bytes;
    appendBigEndian(bytes, 0x00000803);
    appendBigEndian(bytes, claimedCount);
    appendBigEndian(bytes, static_cast<std::uint32_t>(size));
    appendBigEndian(bytes, static_cast<std::uint32_t>(size));
    bytes.resize(bytes.size() + std::size_t(actualCount) * size * size, 7);
    writeBytes(path, bytes, gzip);
}

} // namespace fovea::testing
