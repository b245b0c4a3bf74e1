// Writes the DecodeFuzzTest seed corpus: a few tiny images per supported format and variant
// (alpha, grey, 16-bit, EXIF orientation), plus truncated copies. Generated at test time so no
// binary is committed. Usage: MakeDecodeSeeds <seed folder> [<scratch folder to empty>]
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

namespace {

void put32be(Bytes& out, std::uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(std::uint8_t(value >> shift));
}

/// A little-endian TIFF structure whose only entry is Orientation = 6.
Bytes exifOrientation6()
{
    return {'I', 'I', 0x2a, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3,
            0,   1,   0,    0, 0, 6, 0, 0, 0, 0, 0,    0,    0};
}

Bytes jpegWithExif(Bytes jpeg)
{
    Bytes segment = {0xff, 0xe1, 0, 0, 'E', 'x', 'i', 'f', 0, 0};
    const Bytes exif = exifOrientation6();
    segment.insert(segment.end(), exif.begin(), exif.end());
    const std::size_t length = segment.size() - 2;
    segment[2] = std::uint8_t(length >> 8);
    segment[3] = std::uint8_t(length & 0xff);
    jpeg.insert(jpeg.begin() + 2, segment.begin(), segment.end());
    return jpeg;
}

Bytes pngWithExif(Bytes png)
{
    const Bytes exif = exifOrientation6();
    Bytes chunk;
    put32be(chunk, std::uint32_t(exif.size()));
    Bytes body = {'e', 'X', 'I', 'f'};
    body.insert(body.end(), exif.begin(), exif.end());
    chunk.insert(chunk.end(), body.begin(), body.end());
    put32be(chunk, std::uint32_t(crc32(0, body.data(), uInt(body.size()))));
    png.insert(png.begin() + 33, chunk.begin(), chunk.end()); // after the signature and IHDR
    return png;
}

void write(const fs::path& folder, const std::string& name, const Bytes& bytes)
{
    std::ofstream file(folder / name, std::ios::binary);
    file.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <seed folder> [<scratch folder>]\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; ++i) {
        fs::remove_all(argv[i]);
        fs::create_directories(argv[i]);
    }
    const fs::path seeds = argv[1];

    cv::Mat colour(6, 5, CV_8UC3);
    cv::randu(colour, 0, 255);
    cv::Mat alpha(4, 3, CV_8UC4, cv::Scalar(10, 200, 30, 128));
    cv::Mat grey(5, 4, CV_8UC1, cv::Scalar(77));
    cv::Mat deep(3, 4, CV_16UC3, cv::Scalar(1000, 40000, 65535));
    struct Seed {
        const char* name;
        const cv::Mat* image;
        std::vector<int> params;
    };
    const Seed list[] = {
        {"colour.jpg", &colour, {cv::IMWRITE_JPEG_QUALITY, 80}},
        {"progressive.jpg", &colour, {cv::IMWRITE_JPEG_PROGRESSIVE, 1}},
        {"grey.jpg", &grey, {}},
        {"colour.png", &colour, {}},
        {"alpha.png", &alpha, {}},
        {"grey.png", &grey, {}},
        {"deep.png", &deep, {}},
        {"colour.bmp", &colour, {}},
        {"grey.bmp", &grey, {}},
        {"colour.tiff", &colour, {}},
        {"alpha.tiff", &alpha, {}},
        {"deep.tiff", &deep, {}},
        {"lossy.webp", &colour, {cv::IMWRITE_WEBP_QUALITY, 50}},
        {"lossless.webp", &alpha, {cv::IMWRITE_WEBP_QUALITY, 101}},
        {"colour.ppm", &colour, {}},
        {"grey.pgm", &grey, {}},
        {"ascii.pgm", &grey, {cv::IMWRITE_PXM_BINARY, 0}},
        {"grey.pbm", &grey, {}},
    };
    int written = 0;
    for (const Seed& seed : list) {
        const std::string name = seed.name;
        Bytes bytes;
        if (!cv::imencode(name.substr(name.rfind('.')), *seed.image, bytes, seed.params))
            continue;
        write(seeds, name, bytes);
        write(seeds, "cut-" + name, Bytes(bytes.begin(), bytes.begin() + bytes.size() / 2));
        written += 2;
        if (name == "colour.jpg")
            write(seeds, "exif6.jpg", jpegWithExif(bytes)), ++written;
        if (name == "colour.png")
            write(seeds, "exif6.png", pngWithExif(bytes)), ++written;
    }
    std::printf("%d seeds in %s\n", written, seeds.string().c_str());
    return written > 0 ? 0 : 1;
}
