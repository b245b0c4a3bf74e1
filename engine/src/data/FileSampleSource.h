#pragma once

#include "SampleSource.h"

#include "fovea/FolderDataset.h"
#include "fovea/Image.h"

#include <vector>

namespace fovea::data {

/// Which list of a scanned dataset a source reads.
enum class DatasetPart { Train, Validation };

/// The image files of one part of a scanned FolderDataset, decoded on every load with all of
/// decodeImage's checks (pixel limit, stream completeness, orientation, alpha and depth
/// conversion). Nothing is cached: memory stays flat whatever the dataset's size.
class FileSampleSource final : public SampleSource {
public:
    /// Paths are used as stored: the scanner keeps them as found below the dataset's root (root
    /// included) or resolved against the list file's folder, so they open from any working
    /// directory.
    explicit FileSampleSource(std::vector<DatasetSample> samples, DecodeOptions options = {});
    FileSampleSource(const FolderDataset& dataset, DatasetPart part, DecodeOptions options = {});

    std::size_t size() const override { return m_samples.size(); }
    int label(std::size_t index) const override { return m_samples.at(index).label; }
    /// Throws Error(NotFound) for a file gone since the scan, Error(CorruptFile) naming it for
    /// one that is truncated, corrupt, or not an image whatever its name says.
    cv::Mat loadRgb(std::size_t index) const override;
    std::string describe(std::size_t index) const override { return m_samples.at(index).path; }
    /// The upright size the scan read from the header (the file may have changed since).
    std::optional<cv::Size> knownSize(std::size_t index) const override;

    const std::vector<DatasetSample>& samples() const { return m_samples; }

private:
    std::vector<DatasetSample> m_samples;
    DecodeOptions m_options;
};

} // namespace fovea::data
