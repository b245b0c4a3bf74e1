#include "HeaderScanner.h"

#include "fovea/Error.h"
#include "fovea/ImageDecoder.h"

#include <algorithm>
#include <thread>

namespace fovea::data {

HeaderScanner::HeaderScanner(const DecodeOptions& options, int threads,
                             const std::atomic<bool>* stop)
    : m_options(options)
    , m_threads(threads)
    , m_stop(stop)
{
}

HeaderResult HeaderScanner::readOne(const std::string& path) const
{
    HeaderResult result;
    result.read = true;
    try {
        const ImageInfo info = readImageInfo(path, m_options);
        result.ok = true;
        result.width = info.width();
        result.height = info.height();
    } catch (const Error& error) {
        // RejectedFile keeps the path apart, so drop the "cannot read image '<path>': " lead.
        std::string reason = error.what();
        const std::string lead = "cannot read image '" + path + "': ";
        if (reason.rfind(lead, 0) == 0)
            reason.erase(0, lead.size());
        result.reason = reason;
    } catch (const std::exception& error) {
        // Anything else (out of memory on a huge header, a file system error) rejects this one
        // file; it must not end the scan, nor a worker thread.
        result.reason = error.what();
    }
    return result;
}

std::vector<HeaderResult>
HeaderScanner::scan(const std::vector<std::string>& paths,
                    const std::function<void(std::size_t)>& onProgress) const
{
    std::vector<HeaderResult> results(paths.size());
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    const auto stopped = [this] { return m_stop && m_stop->load(std::memory_order_relaxed); };
    const auto work = [&](bool reporter) {
        for (;;) {
            if (stopped())
                return;
            const std::size_t index = next.fetch_add(1);
            if (index >= paths.size())
                return;
            results[index] = readOne(paths[index]);
            const std::size_t count = done.fetch_add(1) + 1;
            if (reporter && onProgress)
                onProgress(count);
        }
    };
    unsigned threads = m_threads > 0 ? unsigned(m_threads) : std::thread::hardware_concurrency();
    threads = std::clamp<unsigned>(threads, 1, 64);
    threads = static_cast<unsigned>(
        std::min<std::size_t>(threads, std::max<std::size_t>(paths.size(), 1)));
    {
        std::vector<std::thread> helpers;
        struct JoinAll {
            std::vector<std::thread>& threads;
            ~JoinAll()
            {
                for (std::thread& thread : threads)
                    thread.join();
            }
        } joinAll{helpers};
        for (unsigned i = 1; i < threads; ++i)
            helpers.emplace_back(work, false);
        work(true);
    }
    if (onProgress)
        onProgress(done.load());
    return results;
}

} // namespace fovea::data
