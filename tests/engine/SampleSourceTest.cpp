// The sample sources besides the loader: pictures decoded once into memory give the same
// batches as files decoded each epoch (also from IDX, within a memory budget), and the engine's
// decoder agrees with OpenCV's.
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

#include "LoaderTestHelpers.h"

using fovea::data::BatchLoader;
using fovea::data::DatasetPart;
using fovea::data::FileSampleSource;
using fovea::data::LoadedBatch;
using fovea::data::LoaderOptions;
using fovea::data::MemorySampleSource;
using fovea::data::SampleSource;
using fovea::data::SampleTransform;
using namespace fovea::testing;
using namespace fovea::testing::loader;

class SampleSourceTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void memorySourceMatchesFileSource();
    void memorySourceFromIdx();
    void memorySourceBudget();
    void decodeImageMatMatchesDecodeImage();
    void jpegDecodesAsOpenCvDoes();
};

void SampleSourceTest::memorySourceMatchesFileSource()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fovea::FolderDataset dataset = writeDataset(dir.path(), 14);
    QVERIFY(writeBytes(QString::fromStdString(dataset.train[4].path), QByteArray("corrupt")));
    auto files = std::make_shared<FileSampleSource>(dataset, DatasetPart::Train);
    auto memory = std::make_shared<MemorySampleSource>(*files);
    QCOMPARE(memory->size(), files->size());
    const auto estimate = MemorySampleSource::estimateBytes(*files);
    QVERIFY(estimate.has_value());
    QVERIFY(memory->bytes() > 0 && memory->bytes() <= *estimate);
    for (std::size_t i = 0; i < files->size(); ++i) {
        QCOMPARE(memory->label(i), files->label(i));
        QCOMPARE(memory->describe(i), files->describe(i));
    }
    // A copy each time: writing into what loadRgb gave leaves the kept picture alone.
    cv::Mat first = memory->loadRgb(0);
    first.setTo(cv::Scalar::all(0));
    QCOMPARE(cv::norm(memory->loadRgb(0), files->loadRgb(0), cv::NORM_INF), 0.0);

    BatchLoader fromFiles(files, augmentingTransform(), options(4));
    BatchLoader fromMemory(memory, augmentingTransform(), options(4));
    const auto expected = runEpoch(fromFiles, 3);
    compareEpochs(expected, runEpoch(fromMemory, 3));
    std::size_t skipped = 0;
    for (const LoadedBatch& batch : expected)
        skipped += batch.skipped.size();
    QCOMPARE(skipped, std::size_t(1));
}

void SampleSourceTest::memorySourceFromIdx()
{
    fovea::IdxImageSet set;
    set.count = 3;
    set.rows = 4;
    set.cols = 5;
    for (int i = 0; i < 3 * 4 * 5; ++i)
        set.pixels.push_back(std::uint8_t(i * 4));
    set.labels = {2, 0, 1};
    const MemorySampleSource source(set, 0, "fashion");
    QCOMPARE(source.size(), std::size_t(3));
    QCOMPARE(source.label(0), 2);
    QCOMPARE(source.describe(1), std::string("fashion#1"));
    QCOMPARE(source.bytes(), std::uint64_t(60));
    const cv::Mat rgb = source.loadRgb(1);
    QCOMPARE(rgb.type(), CV_8UC3);
    QCOMPARE(rgb.size(), cv::Size(5, 4));
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 5; ++x) {
            const std::uint8_t grey = std::uint8_t((20 + y * 5 + x) * 4);
            QCOMPARE(rgb.at<cv::Vec3b>(y, x), cv::Vec3b(grey, grey, grey));
        }
    QCOMPARE(MemorySampleSource(set, 2).size(), std::size_t(2));

    fovea::IdxImageSet shortSet = set;
    shortSet.pixels.resize(10);
    FOVEA_VERIFY_ERROR(captureError([&] { MemorySampleSource{shortSet}; }),
                       fovea::ErrorCode::InvalidArgument);
}

void SampleSourceTest::memorySourceBudget()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fovea::FolderDataset dataset = writeDataset(dir.path(), 6);
    const FileSampleSource files(dataset, DatasetPart::Train);
    // Known sizes: refused before anything is decoded.
    const auto known = captureError([&] { MemorySampleSource(files, 1000); });
    FOVEA_VERIFY_ERROR(known, fovea::ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(known, "budget");
    // Unknown sizes: refused once the running total passes the budget.
    const auto unknown =
        captureError([&] { MemorySampleSource(SyntheticSource(50), 8 * 8 * 3 * 10, 1); });
    FOVEA_VERIFY_ERROR(unknown, fovea::ErrorCode::InvalidArgument);
    QVERIFY(!captureError([&] { MemorySampleSource(SyntheticSource(50), 1 << 20, 1); }));
}

void SampleSourceTest::decodeImageMatMatchesDecodeImage()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    cv::Mat rgba(9, 13, CV_8UC4);
    cv::randu(rgba, 0, 256);
    cv::Mat deep(7, 5, CV_16UC3);
    cv::randu(deep, 0, 65536);
    const std::vector<std::pair<QString, std::vector<std::uint8_t>>> files{
        {"colour.png", encodeImage(samplePicture(3), ".png")},
        {"colour.jpg", encodeImage(samplePicture(4), ".jpg")},
        {"grey.png", encodeImage(cv::Mat(6, 8, CV_8UC1, cv::Scalar(90)), ".png")},
        {"alpha.png", encodeImage(rgba, ".png")},
        {"deep.png", encodeImage(deep, ".png")},
    };
    for (const auto& [name, bytes] : files) {
        const QString path = dir.filePath(name);
        QVERIFY(writeBytes(path, bytes));
        const fovea::Image image = fovea::decodeImage(path.toStdString());
        const cv::Mat mat = fovea::data::decodeImageMat(path.toStdString());
        QCOMPARE(mat.type(), CV_8UC3);
        QCOMPARE(mat.cols, image.width);
        QCOMPARE(mat.rows, image.height);
        QVERIFY2(std::equal(image.rgb.begin(), image.rgb.end(), mat.ptr<std::uint8_t>()),
                 qPrintable(name));
    }
    const QString cut = dir.filePath("cut.png");
    const std::vector<std::uint8_t> whole = encodeImage(samplePicture(5), ".png");
    QVERIFY(writeBytes(cut, std::vector<std::uint8_t>(whole.begin(), whole.end() - 20)));
    const auto error = captureError([&] { fovea::data::decodeImageMat(cut.toStdString()); });
    FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::CorruptFile);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, "cut.png");
}

void SampleSourceTest::jpegDecodesAsOpenCvDoes()
{
    // Colour JPEG goes from libjpeg straight to RGB; OpenCV uses the same library and settings,
    // so its pixels (BGR, swapped back) must be the same, bit for bit, in every variant.
    cv::Mat photo(37, 53, CV_8UC3); // sides that are no multiple of the 16 px MCU
    cv::randu(photo, 0, 256);
    cv::GaussianBlur(photo, photo, cv::Size(5, 5), 2.0);
    cv::Mat grey;
    cv::cvtColor(photo, grey, cv::COLOR_BGR2GRAY);
    const std::vector<std::pair<const char*, std::vector<std::uint8_t>>> variants{
        {"baseline", encodeImage(photo, ".jpg")},
        {"quality 30", encodeImage(photo, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 30})},
        {"progressive", encodeImage(photo, ".jpg", {cv::IMWRITE_JPEG_PROGRESSIVE, 1})},
        {"optimised", encodeImage(photo, ".jpg", {cv::IMWRITE_JPEG_OPTIMIZE, 1})},
        {"restarts", encodeImage(photo, ".jpg", {cv::IMWRITE_JPEG_RST_INTERVAL, 2})},
        {"grey (left to OpenCV)", encodeImage(grey, ".jpg")},
        {"bench-sized", encodeImage(samplePicture(9), ".jpg")},
    };
    for (const auto& [name, bytes] : variants) {
        QVERIFY2(!bytes.empty(), name);
        const cv::Mat ours = fovea::data::decodeImageMatBytes(bytes.data(), bytes.size(), name);
        const cv::Mat decoded = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
        cv::Mat expected;
        cv::cvtColor(decoded, expected,
                     decoded.channels() == 1 ? cv::COLOR_GRAY2RGB : cv::COLOR_BGR2RGB);
        QCOMPARE(ours.size(), expected.size());
        QVERIFY2(cv::norm(ours, expected, cv::NORM_INF) == 0.0, name);
    }
}

QTEST_GUILESS_MAIN(SampleSourceTest)
#include "SampleSourceTest.moc"
