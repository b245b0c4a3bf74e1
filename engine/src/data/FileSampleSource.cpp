#include "FileSampleSource.h"

#include "DecodeToMat.h"

#include <utility>

namespace fovea::data {

FileSampleSource::FileSampleSource(std::vector<DatasetSample> samples, DecodeOptions options)
    : m_samples(std::move(samples))
    , m_options(options)
{
}

FileSampleSource::FileSampleSource(const FolderDataset& dataset, DatasetPart part,
                                   DecodeOptions options)
    : FileSampleSource(part == DatasetPart::Train ? dataset.train : dataset.validation, options)
{
}

cv::Mat FileSampleSource::loadRgb(std::size_t index) const
{
    return decodeImageMat(m_samples.at(index).path, m_options);
}

std::optional<cv::Size> FileSampleSource::knownSize(std::size_t index) const
{
    const DatasetSample& sample = m_samples.at(index);
    if (sample.width <= 0 || sample.height <= 0)
        return std::nullopt;
    return cv::Size(sample.width, sample.height);
}

} // namespace fovea::data
