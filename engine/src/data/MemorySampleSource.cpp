#include "MemorySampleSource.h"

#include "fovea/Threads.h"

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <mutex>
#include <utility>

namespace fovea::data {
namespace {

std::uint64_t pictureBytes(int width, int height)
{
    return std::uint64_t(width) * std::uint64_t(height) * 3 +
           MemorySampleSource::kPerSampleOverheadBytes;
}

std::string mebibytes(std::uint64_t bytes)
{
    return fmt::format("{:.1f} MiB", double(bytes) / (1024.0 * 1024.0));
}

} // namespace

MemorySampleSource::MemorySampleSource(const IdxImageSet& images, std::int64_t limit,
                                       std::string name)
    : m_fromIdx(true)
    , m_rows(images.rows)
    , m_cols(images.cols)
    , m_name(std::move(name))
{
    std::int64_t count = images.count;
    if (limit > 0 && limit < count)
        count = limit;
    const std::size_t pixels = std::size_t(m_rows) * std::size_t(m_cols);
    if (images.pixels.size() < std::size_t(count) * pixels ||
        images.labels.size() < std::size_t(count))
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("{}: the IDX set claims {} images of {}×{} but holds {} pixel "
                                "bytes and {} labels",
                                m_name, images.count, m_rows, m_cols, images.pixels.size(),
                                images.labels.size()));
    m_grey.assign(images.pixels.begin(), images.pixels.begin() + std::ptrdiff_t(count * pixels));
    m_labels.assign(images.labels.begin(), images.labels.begin() + std::ptrdiff_t(count));
    m_bytes = m_grey.size();
}

MemorySampleSource::MemorySampleSource(const SampleSource& source, std::uint64_t budgetBytes,
                                       int threads)
    : m_name("memory")
{
    const std::size_t count = source.size();
    if (const auto estimate = estimateBytes(source); estimate && *estimate > budgetBytes)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("the {} images would take {} decoded, over the in-memory budget "
                                "of {}; read them from their files instead",
                                count, mebibytes(*estimate), mebibytes(budgetBytes)));

    m_labels.resize(count);
    m_descriptions.resize(count);
    m_images.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        m_labels[i] = source.label(i);
        m_descriptions[i] = source.describe(i);
    }

    std::atomic<std::uint64_t> total{0};
    std::atomic<bool> overBudget{false};
    std::mutex failuresMutex;
    tbb::task_arena arena(threads > 0 ? threads : availableCores());
    arena.execute([&] {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count),
                          [&](const tbb::blocked_range<std::size_t>& range) {
                              for (std::size_t i = range.begin(); i != range.end(); ++i) {
                                  if (overBudget.load(std::memory_order_relaxed))
                                      return;
                                  try {
                                      cv::Mat rgb = source.loadRgb(i);
                                      const std::uint64_t bytes = pictureBytes(rgb.cols, rgb.rows);
                                      if (total.fetch_add(bytes) + bytes > budgetBytes)
                                          overBudget = true;
                                      m_images[i] = std::move(rgb);
                                  } catch (const Error& error) {
                                      std::lock_guard lock(failuresMutex);
                                      m_failures.emplace(i, error);
                                  }
                              }
                          });
    });
    if (overBudget)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("the {} images take more than the in-memory budget of {} "
                                "decoded; read them from their files instead",
                                count, mebibytes(budgetBytes)));
    m_bytes = total.load();
}

std::optional<std::uint64_t> MemorySampleSource::estimateBytes(const SampleSource& source)
{
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < source.size(); ++i) {
        const std::optional<cv::Size> size = source.knownSize(i);
        if (!size)
            return std::nullopt;
        total += pictureBytes(size->width, size->height);
    }
    return total;
}

cv::Mat MemorySampleSource::loadRgb(std::size_t index) const
{
    if (m_fromIdx) {
        const std::size_t pixels = std::size_t(m_rows) * std::size_t(m_cols);
        if (index >= m_labels.size())
            throw Error(ErrorCode::InvalidArgument,
                        fmt::format("{}: sample {} is out of range (size {})", m_name, index,
                                    m_labels.size()));
        // The header lends the kept bytes to cvtColor, which writes a new picture.
        const cv::Mat grey(m_rows, m_cols, CV_8UC1,
                           const_cast<std::uint8_t*>(m_grey.data() + index * pixels));
        cv::Mat rgb;
        cv::cvtColor(grey, rgb, cv::COLOR_GRAY2RGB);
        return rgb;
    }
    if (const auto failure = m_failures.find(index); failure != m_failures.end())
        throw failure->second;
    // A copy: the caller may augment in place, and the kept picture must stay as decoded.
    return m_images.at(index).clone();
}

std::string MemorySampleSource::describe(std::size_t index) const
{
    if (m_fromIdx)
        return fmt::format("{}#{}", m_name, index);
    return m_descriptions.at(index);
}

std::optional<cv::Size> MemorySampleSource::knownSize(std::size_t index) const
{
    if (m_fromIdx)
        return cv::Size(m_cols, m_rows);
    if (m_failures.count(index))
        return std::nullopt;
    return m_images.at(index).size();
}

} // namespace fovea::data
