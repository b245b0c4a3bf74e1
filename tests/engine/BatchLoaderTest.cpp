// The batch loader and its sample sources: epoch order (shuffle, seed, epoch, sharding, drop
// last), bit-identical batches whatever the worker count, bad files skipped and reported while
// the epoch goes on, prompt cancellation of a blocked next(). (The sources themselves:
// SampleSourceTest.) Fixtures are image folders written with OpenCV into a temporary folder.
#include "EngineTestHelpers.h"
#include "ImageFixtures.h"
#include "LoaderTestHelpers.h"

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

namespace {

/// Blocks every load until the gate opens, and counts the loads begun: lets the cancel test
/// know a worker is busy without sleeping.
class GatedSource : public SyntheticSource {
public:
    using SyntheticSource::SyntheticSource;
    cv::Mat loadRgb(std::size_t index) const override
    {
        std::unique_lock lock(m_mutex);
        ++m_entered;
        m_changed.notify_all();
        m_changed.wait(lock, [&] { return m_open; });
        lock.unlock();
        return SyntheticSource::loadRgb(index);
    }
    void waitUntilEntered() const
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_entered > 0; });
    }
    void open()
    {
        {
            std::lock_guard lock(m_mutex);
            m_open = true;
        }
        m_changed.notify_all();
    }
    int entered() const
    {
        std::lock_guard lock(m_mutex);
        return m_entered;
    }

private:
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_changed;
    mutable int m_entered = 0;
    bool m_open = false;
};

/// A source with a bug: throws something other than fovea::Error for one sample.
class BuggySource : public SyntheticSource {
public:
    using SyntheticSource::SyntheticSource;
    cv::Mat loadRgb(std::size_t index) const override
    {
        if (index == 5)
            throw std::logic_error("bug in sample 5");
        return SyntheticSource::loadRgb(index);
    }
};

} // namespace

class BatchLoaderTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everySampleOncePerEpoch();
    void orderDependsOnSeedAndEpoch();
    void shuffleOffKeepsDatasetOrder();
    void batchCount_data();
    void batchCount();
    void dropLastLeavesOutTheShortBatch();
    void shardsAreDisjointAndEqual_data();
    void shardsAreDisjointAndEqual();
    void workerCountDoesNotChangeBatches();
    void badFilesAreSkippedAndReported();
    void cancelUnblocksNextOnAnotherThread();
    void startEpochAbandonsTheRunningEpoch();
    void workerBugIsRethrown();
    void batchLevelStepsGiveSoftTargets();
    void badOptionsAreRefused();
    void memoryBoundFollowsTheOptions();
};

void BatchLoaderTest::everySampleOncePerEpoch()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fovea::FolderDataset dataset = writeDataset(dir.path(), 23);
    QCOMPARE(dataset.train.size(), std::size_t(23));
    auto source = std::make_shared<FileSampleSource>(dataset, DatasetPart::Train);
    BatchLoader loader(source, plainTransform(), options(5));
    QCOMPARE(loader.batchesPerEpoch(), std::int64_t(5));
    for (std::int64_t epoch = 0; epoch < 2; ++epoch) {
        const std::vector<LoadedBatch> batches = runEpoch(loader, epoch);
        QCOMPARE(batches.size(), std::size_t(5));
        std::vector<std::int64_t> seen = allIndices(batches);
        QCOMPARE(seen, loader.epochOrder(epoch));
        std::sort(seen.begin(), seen.end());
        std::vector<std::int64_t> expected(23);
        std::iota(expected.begin(), expected.end(), 0);
        QCOMPARE(seen, expected);
        for (std::size_t b = 0; b < batches.size(); ++b) {
            const LoadedBatch& batch = batches[b];
            const std::int64_t rows = b + 1 < batches.size() ? 5 : 3;
            QCOMPARE(batch.batchIndex, std::int64_t(b));
            QCOMPARE(batch.epoch, epoch);
            QCOMPARE(batch.images.sizes().vec(),
                     (std::vector<std::int64_t>{rows, 3, kInputSize, kInputSize}));
            QCOMPARE(batch.labels.size(0), rows);
            QVERIFY(batch.skipped.empty());
            QVERIFY(!batch.targets.defined());
            for (std::int64_t r = 0; r < rows; ++r)
                QCOMPARE(batch.labels[r].item<std::int64_t>(),
                         std::int64_t(source->label(std::size_t(batch.indices[std::size_t(r)]))));
        }
    }
    // Past the end, next() keeps saying so.
    QVERIFY(!loader.next().has_value());
}

void BatchLoaderTest::orderDependsOnSeedAndEpoch()
{
    LoaderOptions a = options(4);
    const auto order = [](const LoaderOptions& o, std::int64_t epoch) {
        return BatchLoader::epochOrder(100, o, epoch);
    };
    QCOMPARE(order(a, 0), order(a, 0));
    QVERIFY(order(a, 0) != order(a, 1));
    LoaderOptions b = a;
    b.seed = a.seed + 1;
    QVERIFY(order(a, 0) != order(b, 0));
    // The options that do not enter the order leave it alone.
    LoaderOptions c = a;
    c.workers = 1;
    c.batchSize = 9;
    c.prefetchBatches = 5;
    QCOMPARE(order(a, 3), order(c, 3));

    // Two loaders, the same order and batches, the order being what epochOrder says.
    auto source = std::make_shared<SyntheticSource>(30);
    BatchLoader first(source, plainTransform(8), a);
    BatchLoader second(source, plainTransform(8), a);
    const auto firstEpoch = runEpoch(first, 2);
    compareEpochs(firstEpoch, runEpoch(second, 2));
    QCOMPARE(allIndices(firstEpoch), BatchLoader::epochOrder(30, a, 2));
}

void BatchLoaderTest::shuffleOffKeepsDatasetOrder()
{
    auto source = std::make_shared<SyntheticSource>(17);
    BatchLoader loader(source, plainTransform(8), options(4, false));
    for (std::int64_t epoch = 0; epoch < 2; ++epoch) {
        std::vector<std::int64_t> expected(17);
        std::iota(expected.begin(), expected.end(), 0);
        QCOMPARE(allIndices(runEpoch(loader, epoch)), expected);
    }
}

void BatchLoaderTest::batchCount_data()
{
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("batchSize");
    QTest::addColumn<bool>("dropLast");
    QTest::addColumn<int>("worldSize");
    QTest::addColumn<int>("batches");
    QTest::newRow("exact") << 20 << 5 << false << 1 << 4;
    QTest::newRow("short last") << 21 << 5 << false << 1 << 5;
    QTest::newRow("short last dropped") << 21 << 5 << true << 1 << 4;
    QTest::newRow("smaller than a batch") << 3 << 5 << false << 1 << 1;
    QTest::newRow("smaller than a batch, dropped") << 3 << 5 << true << 1 << 0;
    QTest::newRow("empty") << 0 << 5 << false << 1 << 0;
    QTest::newRow("sharded, padded") << 21 << 4 << false << 4 << 2; // 6 per rank
    QTest::newRow("sharded, dropped") << 21 << 4 << true << 4 << 1; // 6 per rank
    QTest::newRow("more ranks than samples") << 2 << 4 << false << 3 << 1;
}

void BatchLoaderTest::batchCount()
{
    QFETCH(int, samples);
    QFETCH(int, batchSize);
    QFETCH(bool, dropLast);
    QFETCH(int, worldSize);
    QFETCH(int, batches);
    LoaderOptions o = options(batchSize);
    o.dropLast = dropLast;
    o.worldSize = worldSize;
    o.rank = worldSize - 1;
    BatchLoader loader(std::make_shared<SyntheticSource>(samples), plainTransform(8), o);
    QCOMPARE(loader.batchesPerEpoch(), std::int64_t(batches));
    const auto epoch = runEpoch(loader, 0);
    QCOMPARE(std::int64_t(epoch.size()), std::int64_t(batches));
    for (const LoadedBatch& batch : epoch)
        QVERIFY(batch.size() > 0 && batch.size() <= batchSize);
}

void BatchLoaderTest::dropLastLeavesOutTheShortBatch()
{
    LoaderOptions o = options(4, false);
    o.dropLast = true;
    BatchLoader loader(std::make_shared<SyntheticSource>(10), plainTransform(8), o);
    const auto batches = runEpoch(loader, 0);
    QCOMPARE(batches.size(), std::size_t(2));
    for (const LoadedBatch& batch : batches)
        QCOMPARE(batch.images.size(0), std::int64_t(4));
    QCOMPARE(allIndices(batches), (std::vector<std::int64_t>{0, 1, 2, 3, 4, 5, 6, 7}));
}

void BatchLoaderTest::shardsAreDisjointAndEqual_data()
{
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("worldSize");
    QTest::addColumn<bool>("padShards");
    QTest::newRow("divisible") << 24 << 4 << true;
    QTest::newRow("padded") << 23 << 4 << true;
    QTest::newRow("padded by more than one") << 9 << 4 << true;
    // Evaluation's shards: every sample exactly once, sizes differing by at most one.
    QTest::newRow("unpadded") << 23 << 4 << false;
    QTest::newRow("unpadded, more ranks than samples") << 3 << 4 << false;
}

void BatchLoaderTest::shardsAreDisjointAndEqual()
{
    QFETCH(int, samples);
    QFETCH(int, worldSize);
    QFETCH(bool, padShards);
    auto source = std::make_shared<SyntheticSource>(samples);
    const std::int64_t perRank = (samples + worldSize - 1) / worldSize;
    std::map<std::int64_t, int> count;
    for (int rank = 0; rank < worldSize; ++rank) {
        LoaderOptions o = options(3);
        o.worldSize = worldSize;
        o.rank = rank;
        o.padShards = padShards;
        BatchLoader loader(source, plainTransform(8), o);
        // Unpadded, rank r holds the samples r, r + W, … below the dataset's size.
        const std::int64_t expected =
            padShards ? perRank
                      : (samples > rank ? (samples - rank + worldSize - 1) / worldSize : 0);
        QCOMPARE(loader.samplesPerEpoch(), expected);
        const auto indices = allIndices(runEpoch(loader, 1));
        QCOMPARE(std::int64_t(indices.size()), expected);
        for (std::int64_t index : indices)
            ++count[index];
    }
    // The union covers the dataset; only the padding repeats a sample, once per padded slot.
    QCOMPARE(int(count.size()), samples);
    const int padding = padShards ? int(perRank * worldSize) - samples : 0;
    int repeats = 0;
    for (const auto& [index, times] : count)
        repeats += times - 1;
    QCOMPARE(repeats, padding);
    if (padding == 0)
        for (const auto& [index, times] : count)
            QCOMPARE(times, 1);
}

void BatchLoaderTest::workerCountDoesNotChangeBatches()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fovea::FolderDataset dataset = writeDataset(dir.path(), 30);
    auto source = std::make_shared<FileSampleSource>(dataset, DatasetPart::Train);
    BatchLoader one(source, augmentingTransform(), options(4, true, 1));
    BatchLoader four(source, augmentingTransform(), options(4, true, 4));
    QCOMPARE(one.workers(), 1);
    // Capped at the cores: on a small machine "four" runs as many threads as there are.
    QCOMPARE(four.workers(), std::min(4, fovea::availableCores()));
    QVERIFY(four.workers() > 1 || fovea::availableCores() == 1);
    for (std::int64_t epoch = 0; epoch < 2; ++epoch)
        compareEpochs(runEpoch(one, epoch), runEpoch(four, epoch));
    // And the draws really depend on the epoch.
    QVERIFY(!torch::equal(runEpoch(one, 0)[0].images, runEpoch(one, 1)[0].images));
}

void BatchLoaderTest::badFilesAreSkippedAndReported()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fovea::FolderDataset dataset = writeDataset(dir.path(), 12);
    const auto pathOf = [&](int row) { return QString::fromStdString(dataset.train[row].path); };
    // Broken after the scan, as files change under a long run: cut short, emptied, replaced by
    // text, deleted. Row 3 becomes a JPEG under its old name: decoded by content, not skipped.
    const std::vector<std::uint8_t> whole = readBytes(pathOf(1));
    QVERIFY(writeBytes(pathOf(1),
                       std::vector<std::uint8_t>(whole.begin(), whole.begin() + whole.size() / 2)));
    QVERIFY(writeBytes(pathOf(5), std::vector<std::uint8_t>{}));
    QVERIFY(writeBytes(pathOf(6), QByteArray("this is not an image\n")));
    QVERIFY(QFile::remove(pathOf(10)));
    QVERIFY(writeBytes(pathOf(3), encodeImage(samplePicture(3), ".jpg")));
    const std::set<std::int64_t> broken{1, 5, 6, 10};

    auto source = std::make_shared<FileSampleSource>(dataset, DatasetPart::Train);
    const SampleTransform transform = plainTransform();
    BatchLoader loader(source, transform, options(4, false));
    const auto batches = runEpoch(loader, 0);
    QCOMPARE(batches.size(), std::size_t(3));
    QCOMPARE(batches[0].size(), std::int64_t(3));
    QCOMPARE(batches[1].size(), std::int64_t(2));
    QCOMPARE(batches[2].size(), std::int64_t(3));

    std::set<std::int64_t> reported;
    for (const LoadedBatch& batch : batches) {
        QCOMPARE(batch.images.size(0), batch.size());
        QCOMPARE(batch.labels.size(0), batch.size());
        for (const auto& skipped : batch.skipped) {
            reported.insert(skipped.index);
            QCOMPARE(skipped.path, dataset.train[std::size_t(skipped.index)].path);
            QVERIFY2(skipped.reason.find(skipped.path) != std::string::npos,
                     skipped.reason.c_str());
        }
        // Every row is its sample's own input, never a neighbour's or leftover memory.
        for (std::int64_t r = 0; r < batch.size(); ++r) {
            const std::int64_t index = batch.indices[std::size_t(r)];
            QVERIFY(!broken.count(index));
            torch::Tensor expected = torch::empty({3, kInputSize, kInputSize});
            transform.apply(fovea::data::decodeImageMat(dataset.train[std::size_t(index)].path),
                            {7, 0, index}, expected.data_ptr<float>());
            QVERIFY2(torch::equal(batch.images[r], expected),
                     qPrintable(QStringLiteral("row %1 of batch %2").arg(r).arg(batch.batchIndex)));
        }
    }
    QCOMPARE(reported, broken);
}

void BatchLoaderTest::cancelUnblocksNextOnAnotherThread()
{
    auto source = std::make_shared<GatedSource>(100);
    LoaderOptions o = options(4, true, 2);
    o.prefetchBatches = 1;
    auto loader = std::make_unique<BatchLoader>(source, plainTransform(8), o);
    const int workers = loader->workers();
    loader->startEpoch(0);

    std::optional<LoadedBatch> result = LoadedBatch{};
    std::thread consumer([&] { result = loader->next(); });
    // A worker is inside a load that cannot finish: the consumer can only wait.
    source->waitUntilEntered();
    QElapsedTimer timer;
    timer.start();
    loader->cancel();
    consumer.join();
    const qint64 elapsed = timer.elapsed();
    QVERIFY(!result.has_value());
    QVERIFY2(elapsed < 2000,
             qPrintable(QStringLiteral("next() took %1 ms to return").arg(elapsed)));
    QVERIFY(loader->cancelled());
    QVERIFY(!loader->next().has_value());
    loader->startEpoch(1); // cancelled for good: starts nothing
    QVERIFY(!loader->next().has_value());

    // The workers finish the samples in hand and start no other; the destructor joins them.
    source->open();
    loader.reset();
    QVERIFY2(
        source->entered() <= workers,
        qPrintable(
            QStringLiteral("%1 loads began with %2 workers").arg(source->entered()).arg(workers)));
}

void BatchLoaderTest::startEpochAbandonsTheRunningEpoch()
{
    auto source = std::make_shared<SyntheticSource>(40);
    LoaderOptions o = options(4);
    o.prefetchBatches = 1;
    BatchLoader loader(source, plainTransform(8), o);
    loader.startEpoch(0);
    const std::optional<LoadedBatch> first = loader.next();
    QVERIFY(first.has_value());
    QCOMPARE(first->epoch, std::int64_t(0));
    const auto epoch1 = runEpoch(loader, 1);
    QCOMPARE(epoch1.size(), std::size_t(10));
    for (const LoadedBatch& batch : epoch1)
        QCOMPARE(batch.epoch, std::int64_t(1));
    QCOMPARE(allIndices(epoch1), loader.epochOrder(1));
}

void BatchLoaderTest::workerBugIsRethrown()
{
    BatchLoader loader(std::make_shared<BuggySource>(20), plainTransform(8), options(4, false));
    loader.startEpoch(0);
    bool threw = false;
    try {
        while (loader.next()) {
        }
    } catch (const std::logic_error& error) {
        threw = QByteArray(error.what()).contains("sample 5");
    }
    QVERIFY(threw);
}

void BatchLoaderTest::batchLevelStepsGiveSoftTargets()
{
    auto source = std::make_shared<SyntheticSource>(12);
    LoaderOptions o = options(4);
    const auto missing = captureError([&] { BatchLoader(source, augmentingTransform(true), o); });
    FOVEA_VERIFY_ERROR(missing, fovea::ErrorCode::InvalidArgument);

    o.numClasses = 3;
    BatchLoader loader(source, augmentingTransform(true), o);
    const auto batches = runEpoch(loader, 0);
    QCOMPARE(batches.size(), std::size_t(3));
    for (const LoadedBatch& batch : batches) {
        QVERIFY(batch.targets.defined());
        QCOMPARE(batch.targets.sizes().vec(), (std::vector<std::int64_t>{4, 3}));
        QVERIFY(torch::allclose(batch.targets.sum(1), torch::ones({4})));
    }
    o.workers = 1;
    BatchLoader single(source, augmentingTransform(true), o);
    compareEpochs(batches, runEpoch(single, 0));
}

void BatchLoaderTest::badOptionsAreRefused()
{
    auto source = std::make_shared<SyntheticSource>(4);
    const auto refuse = [&](auto change, const char* mention) {
        LoaderOptions o = options(2);
        change(o);
        const auto error = captureError([&] { BatchLoader(source, plainTransform(8), o); });
        FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, mention);
    };
    refuse([](LoaderOptions& o) { o.batchSize = 0; }, "batch size");
    refuse([](LoaderOptions& o) { o.workers = -1; }, "workers");
    refuse([](LoaderOptions& o) { o.prefetchBatches = 0; }, "prefetch");
    refuse([](LoaderOptions& o) { o.worldSize = 0; }, "world size");
    refuse([](LoaderOptions& o) { o.rank = 2, o.worldSize = 2; }, "rank");
}

void BatchLoaderTest::memoryBoundFollowsTheOptions()
{
    auto source = std::make_shared<SyntheticSource>(4);
    LoaderOptions o = options(8, true, 1);
    o.prefetchBatches = 3;
    const std::uint64_t batchBytes = 8ull * 3 * 32 * 32 * 4;
    QCOMPARE(BatchLoader(source, plainTransform(32), o).memoryBoundBytes(), (3 + 1) * batchBytes);
    o.workers = 2;
    QCOMPARE(BatchLoader(source, plainTransform(32), o).memoryBoundBytes(), (3 + 2) * batchBytes);
}

QTEST_GUILESS_MAIN(BatchLoaderTest)
#include "BatchLoaderTest.moc"
