#pragma once

// Shared by the loader tests (BatchLoaderTest, SampleSourceTest): sample pictures and folder
// datasets made on the fly, transforms and options, and running or comparing whole epochs.
#include "EngineTestHelpers.h"
#include "ImageFixtures.h"

#include "data/BatchLoader.h"
#include "data/DecodeToMat.h"
#include "data/FileSampleSource.h"
#include "data/MemorySampleSource.h"
#include "data/SampleTransform.h"

#include "fovea/Augmentation.h"
#include "fovea/Error.h"
#include "fovea/FolderDataset.h"
#include "fovea/ImageDecoder.h"
#include "fovea/Threads.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <set>
#include <stdexcept>
#include <thread>

namespace fovea::testing::loader {

using fovea::data::BatchLoader;
using fovea::data::LoadedBatch;
using fovea::data::LoaderOptions;
using fovea::data::SampleSource;
using fovea::data::SampleTransform;

constexpr int kInputSize = 16;

/// Sample i: its own size and colours (a gradient, so crops and flips show), PNG or JPEG.
inline cv::Mat samplePicture(int i)
{
    cv::Mat bgr(20 + i % 5, 24 + i % 7, CV_8UC3);
    for (int y = 0; y < bgr.rows; ++y)
        for (int x = 0; x < bgr.cols; ++x)
            bgr.at<cv::Vec3b>(y, x) =
                cv::Vec3b(std::uint8_t(i * 37 % 256), std::uint8_t(x * 9), std::uint8_t(y * 11));
    return bgr;
}

/// Writes `count` samples into root/class<i % classes>/<i>.(png|jpg) and scans the folder.
inline fovea::FolderDataset writeDataset(const QString& root, int count, int classes = 3)
{
    for (int i = 0; i < count; ++i) {
        const QString folder = root + QStringLiteral("/class%1").arg(i % classes);
        QDir().mkpath(folder);
        const bool jpeg = i % 2 == 1;
        const QString path =
            folder +
            QStringLiteral("/%1.%2").arg(i, 3, 10, QLatin1Char('0')).arg(jpeg ? "jpg" : "png");
        writeBytes(path, encodeImage(samplePicture(i), jpeg ? ".jpg" : ".png",
                                     jpeg ? std::vector<int>{cv::IMWRITE_JPEG_QUALITY, 95}
                                          : std::vector<int>{}));
    }
    return fovea::scanDataset(root.toStdString());
}

inline SampleTransform plainTransform(int size = kInputSize)
{
    return SampleTransform(fovea::AugmentationSpec{}, fovea::Preprocessing{}, size);
}

/// The benchmark's pipeline in small: random-resized crop, flip and colour jitter, so every
/// sample's key matters.
inline SampleTransform augmentingTransform(bool mixup = false)
{
    fovea::AugmentationSpec spec;
    spec.steps = {fovea::AugmentationStep::make("random_resized_crop"),
                  fovea::AugmentationStep::make("horizontal_flip"),
                  fovea::AugmentationStep::make("color_jitter")};
    if (mixup) {
        fovea::AugmentationStep step = fovea::AugmentationStep::make("mixup");
        step.probability = 1.0;
        spec.steps.push_back(step);
    }
    return SampleTransform(spec, fovea::Preprocessing{}, kInputSize);
}

inline LoaderOptions options(int batchSize, bool shuffle = true, int workers = 2)
{
    LoaderOptions result;
    result.batchSize = batchSize;
    result.shuffle = shuffle;
    result.workers = workers;
    result.seed = 7;
    return result;
}

inline std::vector<LoadedBatch> runEpoch(BatchLoader& loader, std::int64_t epoch)
{
    loader.startEpoch(epoch);
    std::vector<LoadedBatch> batches;
    while (std::optional<LoadedBatch> batch = loader.next())
        batches.push_back(std::move(*batch));
    return batches;
}

inline std::vector<std::int64_t> allIndices(const std::vector<LoadedBatch>& batches)
{
    std::vector<std::int64_t> indices;
    for (const LoadedBatch& batch : batches)
        indices.insert(indices.end(), batch.indices.begin(), batch.indices.end());
    return indices;
}

/// Fails unless two epochs' batches are the same, bit for bit.
inline void compareEpochs(const std::vector<LoadedBatch>& a, const std::vector<LoadedBatch>& b)
{
    QCOMPARE(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        QCOMPARE(a[i].batchIndex, b[i].batchIndex);
        QCOMPARE(a[i].indices, b[i].indices);
        QVERIFY(torch::equal(a[i].labels, b[i].labels));
        QVERIFY2(torch::equal(a[i].images, b[i].images),
                 qPrintable(QStringLiteral("batch %1 differs").arg(i)));
        QCOMPARE(a[i].targets.defined(), b[i].targets.defined());
        if (a[i].targets.defined())
            QVERIFY(torch::equal(a[i].targets, b[i].targets));
        QCOMPARE(a[i].skipped.size(), b[i].skipped.size());
        for (std::size_t k = 0; k < a[i].skipped.size(); ++k) {
            QCOMPARE(a[i].skipped[k].index, b[i].skipped[k].index);
            QCOMPARE(a[i].skipped[k].path, b[i].skipped[k].path);
        }
    }
}

/// Tiny pictures made on the fly (no files): for the order and count tests.
class SyntheticSource : public SampleSource {
public:
    explicit SyntheticSource(std::size_t count)
        : m_count(count)
    {
    }
    std::size_t size() const override { return m_count; }
    int label(std::size_t index) const override { return int(index % 3); }
    cv::Mat loadRgb(std::size_t index) const override
    {
        return cv::Mat(8, 8, CV_8UC3, cv::Scalar(double(index % 256), double(index / 256), 7));
    }
    std::string describe(std::size_t index) const override
    {
        return "synthetic#" + std::to_string(index);
    }

private:
    std::size_t m_count;
};

} // namespace fovea::testing::loader
