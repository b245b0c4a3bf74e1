// IDX files (MNIST, Fashion-MNIST): a big-endian header, then raw bytes. zlib reads gzipped and
// plain files alike, so one path serves both.
#include "fovea/IdxDataset.h"

#include "fovea/AtomicFile.h"
#include "fovea/Error.h"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <memory>
#include <sstream>

namespace fovea {
namespace {

constexpr std::uint32_t kImagesMagic = 0x00000803; // unsigned byte, 3 dimensions
constexpr std::uint32_t kLabelsMagic = 0x00000801; // unsigned byte, 1 dimension
// A header may claim anything; never trust it for an allocation up front.
constexpr std::uint64_t kMaxPayloadBytes = 4ull << 30;
constexpr std::size_t kReadChunkBytes = 1 << 20;

struct GzFileCloser {
    void operator()(gzFile file) const { gzclose(file); }
};
using GzFile = std::unique_ptr<std::remove_pointer_t<gzFile>, GzFileCloser>;

class IdxStream {
public:
    explicit IdxStream(const std::string& path)
        : m_path(path)
    {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec))
            throw Error(ErrorCode::NotFound, fmt::format("IDX file '{}' not found", path));
        m_file.reset(gzopen(path.c_str(), "rb"));
        if (!m_file)
            throw Error(ErrorCode::Io, fmt::format("cannot open IDX file '{}'", path));
        gzbuffer(m_file.get(), 256 * 1024);
    }

    std::uint32_t readBigEndian32(const char* what)
    {
        std::array<unsigned char, 4> bytes{};
        const std::size_t got = readSome(bytes.data(), bytes.size());
        if (got != bytes.size())
            throw Error(ErrorCode::CorruptFile,
                        fmt::format("IDX file '{}' is truncated: it ends inside the header ({})",
                                    m_path, what));
        return (std::uint32_t(bytes[0]) << 24) | (std::uint32_t(bytes[1]) << 16) |
               (std::uint32_t(bytes[2]) << 8) | std::uint32_t(bytes[3]);
    }

    /// Reads exactly `count` payload bytes, growing the buffer only as data really arrives.
    std::vector<std::uint8_t> readPayload(std::uint64_t count)
    {
        std::vector<std::uint8_t> out;
        out.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(count, 64u << 20)));
        while (out.size() < count) {
            const std::size_t want = static_cast<std::size_t>(
                std::min<std::uint64_t>(kReadChunkBytes, count - out.size()));
            const std::size_t before = out.size();
            out.resize(before + want);
            const std::size_t got = readSome(out.data() + before, want);
            out.resize(before + got);
            if (got == 0)
                throw Error(ErrorCode::CorruptFile,
                            fmt::format("IDX file '{}' is truncated: the header promises {} data "
                                        "bytes, the file has {}",
                                        m_path, count, out.size()));
        }
        return out;
    }

    const std::string& path() const { return m_path; }

private:
    std::size_t readSome(void* into, std::size_t bytes)
    {
        const int got = gzread(m_file.get(), into, static_cast<unsigned>(bytes));
        if (got < 0) {
            int code = 0;
            const char* message = gzerror(m_file.get(), &code);
            throw Error(ErrorCode::CorruptFile,
                        fmt::format("IDX file '{}' cannot be decompressed: {}", m_path,
                                    message ? message : "unknown zlib error"));
        }
        return static_cast<std::size_t>(got);
    }

    std::string m_path;
    GzFile m_file;
};

void expectMagic(IdxStream& stream, std::uint32_t expected, const char* kind)
{
    const std::uint32_t magic = stream.readBigEndian32("magic number");
    if (magic != expected)
        throw Error(
            ErrorCode::CorruptFile,
            fmt::format("'{}' is not an IDX {} file: magic number 0x{:08x}, expected 0x{:08x}",
                        stream.path(), kind, magic, expected));
}

std::string findIdxFile(const std::string& folder, const std::string& stem)
{
    for (const char* suffix : {"", ".gz"}) {
        const auto candidate = std::filesystem::path(folder) / (stem + suffix);
        std::error_code ec;
        if (std::filesystem::is_regular_file(candidate, ec))
            return candidate.string();
    }
    throw Error(ErrorCode::NotFound,
                fmt::format("IDX dataset '{}' has no {} (nor {}.gz)", folder, stem, stem));
}

std::vector<std::string> readClassNames(const std::string& folder)
{
    const auto listPath = std::filesystem::path(folder) / "classes.txt";
    std::error_code ec;
    if (std::filesystem::is_regular_file(listPath, ec)) {
        std::istringstream lines(readFile(listPath.string()));
        std::vector<std::string> names;
        for (std::string line; std::getline(lines, line);) {
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            if (!line.empty())
                names.push_back(line);
        }
        return names;
    }
    std::string lowered = std::filesystem::path(folder).lexically_normal().string();
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lowered.find("fashion") != std::string::npos)
        return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    return {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
}

IdxImageSet loadSplit(const std::string& folder, const std::string& prefix)
{
    IdxImageSet set = readIdxImages(findIdxFile(folder, prefix + "-images-idx3-ubyte"));
    const std::string labelsPath = findIdxFile(folder, prefix + "-labels-idx1-ubyte");
    set.labels = readIdxLabels(labelsPath);
    if (static_cast<std::int64_t>(set.labels.size()) != set.count)
        throw Error(ErrorCode::CorruptFile,
                    fmt::format("'{}' holds {} labels but its images file holds {} images",
                                labelsPath, set.labels.size(), set.count));
    return set;
}

} // namespace

IdxImageSet readIdxImages(const std::string& path)
{
    IdxStream stream(path);
    expectMagic(stream, kImagesMagic, "image");
    const std::uint32_t count = stream.readBigEndian32("image count");
    const std::uint32_t rows = stream.readBigEndian32("row count");
    const std::uint32_t cols = stream.readBigEndian32("column count");
    if (rows == 0 || cols == 0 || rows > 4096 || cols > 4096)
        throw Error(ErrorCode::CorruptFile,
                    fmt::format("IDX file '{}' claims {}×{} images; sizes must be 1 to 4096", path,
                                rows, cols));
    const std::uint64_t bytes = std::uint64_t(count) * rows * cols;
    if (bytes > kMaxPayloadBytes)
        throw Error(ErrorCode::CorruptFile,
                    fmt::format("IDX file '{}' claims {} images of {}×{} ({} bytes), over the "
                                "limit of {} bytes",
                                path, count, rows, cols, bytes, kMaxPayloadBytes));
    IdxImageSet set;
    set.count = count;
    set.rows = static_cast<int>(rows);
    set.cols = static_cast<int>(cols);
    set.pixels = stream.readPayload(bytes);
    return set;
}

std::vector<std::uint8_t> readIdxLabels(const std::string& path)
{
    IdxStream stream(path);
    expectMagic(stream, kLabelsMagic, "label");
    const std::uint32_t count = stream.readBigEndian32("label count");
    return stream.readPayload(count);
}

bool looksLikeIdxDataset(const std::string& folder)
{
    std::error_code ec;
    for (const char* name : {"train-images-idx3-ubyte", "train-images-idx3-ubyte.gz"})
        if (std::filesystem::is_regular_file(std::filesystem::path(folder) / name, ec))
            return true;
    return false;
}

IdxDataset loadIdxDataset(const std::string& folder)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        throw Error(ErrorCode::NotFound, fmt::format("dataset folder '{}' not found", folder));
    if (!looksLikeIdxDataset(folder))
        throw Error(
            ErrorCode::NotFound,
            fmt::format("'{}' is not an IDX dataset: expected train-images-idx3-ubyte[.gz], "
                        "train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz] and "
                        "t10k-labels-idx1-ubyte[.gz]",
                        folder));
    IdxDataset dataset;
    dataset.folder = folder;
    dataset.train = loadSplit(folder, "train");
    dataset.test = loadSplit(folder, "t10k");
    if (dataset.train.rows != dataset.test.rows || dataset.train.cols != dataset.test.cols)
        throw Error(
            ErrorCode::CorruptFile,
            fmt::format("IDX dataset '{}': training images are {}×{} but test images are {}×{}",
                        folder, dataset.train.rows, dataset.train.cols, dataset.test.rows,
                        dataset.test.cols));
    dataset.classNames = readClassNames(folder);
    int maxLabel = -1;
    for (const auto* labels : {&dataset.train.labels, &dataset.test.labels})
        for (std::uint8_t label : *labels)
            maxLabel = std::max(maxLabel, int(label));
    if (maxLabel >= static_cast<int>(dataset.classNames.size()))
        throw Error(ErrorCode::CorruptFile,
                    fmt::format("IDX dataset '{}' has label {} but only {} class names", folder,
                                maxLabel, dataset.classNames.size()));
    return dataset;
}

} // namespace fovea
