#pragma once

#include "SampleSource.h"

#include "fovea/Error.h"
#include "fovea/IdxDataset.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fovea::data {

/// Images decoded once and kept in memory, for sets small enough that decoding on every epoch
/// would be the loader's main cost (Fashion-MNIST, CIFAR-sized folders, a few thousand
/// thumbnails). loadRgb() hands out a copy, so augmentation can never change what is kept.
///
/// Memory: an IDX set is kept as it is stored, one byte per pixel (count × rows × cols), and
/// turned to RGB on load. A set decoded from another source keeps Σ width × height × 3 bytes
/// of pixels plus about 100 bytes per sample (a cv::Mat header and its allocation), and is
/// refused when that would exceed the budget: before decoding anything when the source knows
/// its sizes (a scanned folder does), else as soon as the running total passes it.
class MemorySampleSource final : public SampleSource {
public:
    /// 1 GiB: about 2 700 ImageNet-sized (500 × 375) pictures or 1.4 million 32 × 32 ones.
    static constexpr std::uint64_t kDefaultBudgetBytes = std::uint64_t(1) << 30;
    /// The per-sample bookkeeping counted against the budget besides the pixels.
    static constexpr std::uint64_t kPerSampleOverheadBytes = 100;

    /// Grey images of an IDX file (MNIST, Fashion-MNIST), repeated to three channels on load.
    /// `limit` > 0 keeps only the first `limit` images; `name` prefixes describe()'s text.
    explicit MemorySampleSource(const IdxImageSet& images, std::int64_t limit = 0,
                                std::string name = "idx");

    /// Decodes every sample of `source` once, on `threads` threads (0: all cores). A sample that
    /// fails keeps its error, and loadRgb() throws it again, so the loader skips and reports it
    /// exactly as it would from the source. Throws Error(InvalidArgument) when the pictures
    /// would take more than `budgetBytes` (see the class comment).
    explicit MemorySampleSource(const SampleSource& source,
                                std::uint64_t budgetBytes = kDefaultBudgetBytes, int threads = 0);

    /// The decoded size of `source` from knownSize(), overhead included; nullopt when some
    /// sample's size is unknown.
    static std::optional<std::uint64_t> estimateBytes(const SampleSource& source);

    std::size_t size() const override { return m_labels.size(); }
    int label(std::size_t index) const override { return m_labels.at(index); }
    cv::Mat loadRgb(std::size_t index) const override;
    std::string describe(std::size_t index) const override;
    std::optional<cv::Size> knownSize(std::size_t index) const override;

    /// What is held, by the accounting of the class comment.
    std::uint64_t bytes() const { return m_bytes; }

private:
    std::vector<int> m_labels;
    std::uint64_t m_bytes = 0;

    // An IDX set: count × rows × cols grey bytes.
    bool m_fromIdx = false;
    std::vector<std::uint8_t> m_grey;
    int m_rows = 0;
    int m_cols = 0;
    std::string m_name;

    // A decoded source: one RGB picture per sample (empty where it failed), its description,
    // and the errors of the samples that failed.
    std::vector<cv::Mat> m_images;
    std::vector<std::string> m_descriptions;
    std::map<std::size_t, Error> m_failures;
};

} // namespace fovea::data
