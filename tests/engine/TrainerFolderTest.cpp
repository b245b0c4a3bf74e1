// Training on image folders through the data pipeline: scan, split, decode (kept in memory for
// small sets), augmentation, the dataset's own normalisation, and bad files met mid-run.
#include "EngineTestHelpers.h"
#include "ImageFixtures.h"
#include "RecordingObserver.h"

#include "fovea/AtomicFile.h"
#include "fovea/Error.h"
#include "fovea/Trainer.h"
#include "fovea/TrainingConfig.h"

#include <QDir>
#include <QFileInfo>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgproc.hpp>

#include <atomic>
#include <random>

using fovea::TrainingConfig;
using fovea::testing::captureError;
using fovea::testing::encodeImage;
using fovea::testing::qs;
using fovea::testing::RecordingObserver;
using fovea::testing::writeBytes;

namespace {

constexpr int kPerClass = 40;

// Two classes a small network separates in a few steps: reddish and bluish noisy pictures of
// varied sizes (the loader has to resize them), as PNG and JPEG.
void writeColourClasses(const QString& root, int perClass)
{
    std::mt19937 random(7);
    std::uniform_int_distribution<int> noise(-40, 40);
    std::uniform_int_distribution<int> side(30, 60);
    const cv::Scalar bgr[2] = {cv::Scalar(40, 60, 200), cv::Scalar(200, 80, 40)};
    const char* names[2] = {"red", "blue"};
    for (int c = 0; c < 2; ++c) {
        QDir(root).mkpath(names[c]);
        for (int i = 0; i < perClass; ++i) {
            cv::Mat image(side(random), side(random), CV_8UC3, bgr[c]);
            for (auto it = image.begin<cv::Vec3b>(); it != image.end<cv::Vec3b>(); ++it)
                for (int k = 0; k < 3; ++k)
                    (*it)[k] = cv::saturate_cast<std::uint8_t>((*it)[k] + noise(random));
            const char* extension = i % 2 ? ".png" : ".jpg";
            QVERIFY(
                writeBytes(QStringLiteral("%1/%2/%3%4").arg(root, names[c]).arg(i).arg(extension),
                           encodeImage(image, extension)));
        }
    }
}

TrainingConfig folderConfig(const QString& dataset, const QString& runs)
{
    TrainingConfig config;
    config.dataset = dataset.toStdString();
    config.architecture = "small-cnn";
    config.inputSize = 32;
    config.epochs = 3;
    config.batchSize = 16;
    config.learningRate = 0.05;
    config.validationFraction = 0.25;
    config.runsFolder = runs.toStdString();
    config.loaderWorkers = 2;
    return config;
}

fovea::TrainerOptions everyBatch()
{
    fovea::TrainerOptions options;
    options.progressIntervalMs = 0;
    options.writeRunDirectory = true;
    return options;
}

} // namespace

class TrainerFolderTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void learnsAFolderDatasetWithAugmentation_data();
    void learnsAFolderDatasetWithAugmentation();
    void truncatedFileIsSkippedAndReported();
    void resolvedConfigRecordsThePipeline();
    void singleClassFolderIsRejected();
    void untrainableDatasetsSayWhy_data();
    void untrainableDatasetsSayWhy();
    void everyLeftOutFileIsListedInTheRun();

private:
    QTemporaryDir m_folder;
    QString m_dataset;
};

void TrainerFolderTest::initTestCase()
{
    QVERIFY(m_folder.isValid());
    // Statistics are cached per user; keep this run's cache inside the temporary folder.
    qputenv("XDG_CACHE_HOME", m_folder.filePath("cache").toUtf8());
    m_dataset = m_folder.filePath("colours");
    writeColourClasses(m_dataset, kPerClass);
}

void TrainerFolderTest::learnsAFolderDatasetWithAugmentation_data()
{
    QTest::addColumn<QString>("augmentation");
    QTest::newRow("none") << "none";
    QTest::newRow("small (padded crop + flip)") << "small";
    QTest::newRow("colour jitter + mixup") << "jitter-mixup";
}

void TrainerFolderTest::learnsAFolderDatasetWithAugmentation()
{
    QFETCH(QString, augmentation);
    TrainingConfig config = folderConfig(m_dataset, m_folder.filePath("runs"));
    if (augmentation == "jitter-mixup") {
        config.augmentation.steps = {fovea::AugmentationStep::make("color_jitter"),
                                     fovea::AugmentationStep::make("mixup")};
    } else {
        config.augmentation = fovea::AugmentationSpec::preset(augmentation.toStdString());
    }
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const fovea::RunResult result = fovea::Trainer(config, everyBatch()).run(observer, stop);

    QCOMPARE(result.epochsCompleted, 3);
    QCOMPARE(result.skippedSamples, std::int64_t(0));
    QCOMPARE(observer.runStarted.size(), std::size_t(1));
    const fovea::RunStarted& started = observer.runStarted.front();
    QCOMPARE(started.classNames, (std::vector<std::string>{"blue", "red"}));
    // 25 % of each class of 40 held out: 30 + 30 to train, 10 + 10 to validate.
    QCOMPARE(started.trainImages, std::int64_t(60));
    QCOMPARE(started.validationImages, std::int64_t(20));
    QCOMPARE(started.batchesPerEpoch, 60 / 16); // the last partial batch is dropped
    QCOMPARE(started.inputSize, 32);
    QVERIFY2(result.finalValidationAccuracy >= 0.9,
             qPrintable(QString::number(result.finalValidationAccuracy)));
}

void TrainerFolderTest::truncatedFileIsSkippedAndReported()
{
    const QString dataset = m_folder.filePath("with-truncated");
    writeColourClasses(dataset, 12);
    // Cut a JPEG after its header: the scan (headers only) accepts it, decoding fails mid-run.
    const QString victim = dataset + "/red/0.jpg";
    std::vector<std::uint8_t> bytes = fovea::testing::readBytes(victim);
    QVERIFY(bytes.size() > 400);
    bytes.resize(bytes.size() / 3);
    QVERIFY(writeBytes(victim, bytes));

    TrainingConfig config = folderConfig(dataset, m_folder.filePath("runs"));
    config.epochs = 2;
    config.batchSize = 4;
    config.validationFraction = 0.2;
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const fovea::RunResult result = fovea::Trainer(config, everyBatch()).run(observer, stop);

    QCOMPARE(result.epochsCompleted, 2);
    QCOMPARE(result.skippedSamples, std::int64_t(1));
    int mentions = 0;
    for (const std::string& message : observer.messages)
        if (message.find("skipped") != std::string::npos &&
            message.find("red/0.jpg") != std::string::npos)
            ++mentions;
    QCOMPARE(mentions, 1); // reported once, though both epochs met it
}

void TrainerFolderTest::resolvedConfigRecordsThePipeline()
{
    TrainingConfig config = folderConfig(m_dataset, m_folder.filePath("runs-resolved"));
    config.epochs = 1;
    config.augmentation = fovea::AugmentationSpec::preset("inception");
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const fovea::RunResult result = fovea::Trainer(config, everyBatch()).run(observer, stop);

    const TrainingConfig resolved = TrainingConfig::fromJson(
        fovea::readFile(result.runDirectory + "/config.json"), "config.json");
    QCOMPARE(resolved.augmentation, config.augmentation);
    QVERIFY(resolved.preprocessing.has_value());
    // small-cnn normalises with the dataset's own figures: reddish and bluish pictures in equal
    // numbers give a mean well inside (0, 1) and no channel at ImageNet's defaults.
    QCOMPARE(qs(resolved.preprocessing->mode), QStringLiteral("dataset"));
    for (int c = 0; c < 3; ++c) {
        QVERIFY(resolved.preprocessing->mean[c] > 0.1f && resolved.preprocessing->mean[c] < 0.9f);
        QVERIFY(resolved.preprocessing->std[c] > 0.01f);
    }
    QVERIFY(resolved.preprocessing->mean[0] != 0.485f);
}

void TrainerFolderTest::singleClassFolderIsRejected()
{
    const QString dataset = m_folder.filePath("one-class");
    QDir(dataset).mkpath("only");
    QVERIFY(writeBytes(dataset + "/only/a.png",
                       encodeImage(cv::Mat(20, 20, CV_8UC3, cv::Scalar(9)), ".png")));
    QVERIFY(writeBytes(dataset + "/only/b.png",
                       encodeImage(cv::Mat(20, 20, CV_8UC3, cv::Scalar(99)), ".png")));
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const auto error = captureError([&] {
        fovea::Trainer(folderConfig(dataset, m_folder.filePath("runs")), everyBatch())
            .run(observer, stop);
    });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), fovea::ErrorCode::NotFound);
    QVERIFY2(qs(error->what()).contains("one-class") && qs(error->what()).contains("'only'"),
             error->what());
}

void TrainerFolderTest::untrainableDatasetsSayWhy_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("needle");
    QTest::newRow("every file broken") << "broken"
                                       << "has no usable images; 4 file(s) were left out";
    QTest::newRow("an empty class folder") << "empty-class"
                                           << "class(es) 'green' have no training images";
    QTest::newRow("an empty val/ folder") << "empty-val"
                                          << "a validation part (a val/ folder";
    QTest::newRow("one picture a class") << "tiny"
                                         << "too small to hold out validationFraction";
    QTest::newRow("nothing split off, no val/ folder") << "fraction-0"
                                                       << "no validation images: add a val/ folder";
}

// Each cause named as itself, not as "no validation images" (what all of them used to say).
void TrainerFolderTest::untrainableDatasetsSayWhy()
{
    QFETCH(QString, kind);
    QFETCH(QString, needle);
    const QString dataset = m_folder.filePath("untrainable-" + kind);
    const std::vector<std::uint8_t> picture =
        encodeImage(cv::Mat(20, 20, CV_8UC3, cv::Scalar(90)), ".png");
    const std::vector<std::uint8_t> notAPicture{'n', 'o', 't', ' ', 'a', ' ', 'p', 'i', 'c'};
    auto write = [&dataset](const QString& file, const std::vector<std::uint8_t>& bytes) {
        const QString path = dataset + "/" + file;
        return QDir().mkpath(QFileInfo(path).path()) && writeBytes(path, bytes);
    };
    if (kind == "broken") {
        for (const char* file : {"red/a.png", "red/b.png", "blue/a.png", "blue/b.png"})
            QVERIFY(write(file, notAPicture));
    } else if (kind == "empty-class") {
        writeColourClasses(dataset, 6);
        QVERIFY(QDir(dataset).mkpath("green"));
    } else if (kind == "empty-val") {
        writeColourClasses(dataset + "/train", 6);
        QVERIFY(QDir(dataset).mkpath("val/red"));
        QVERIFY(QDir(dataset).mkpath("val/blue"));
    } else if (kind == "fraction-0") {
        writeColourClasses(dataset, 6);
    } else if (kind == "tiny") {
        QVERIFY(write("red/a.png", picture));
        QVERIFY(write("blue/a.png", picture));
    }
    TrainingConfig config = folderConfig(dataset, m_folder.filePath("runs-untrainable"));
    config.validationFraction = kind == "fraction-0" ? 0.0 : 0.1;
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const auto error =
        captureError([&] { fovea::Trainer(config, everyBatch()).run(observer, stop); });
    QVERIFY(error.has_value());
    // A data problem (exit code 1), but the config's own "split nothing off" (exit code 2).
    QCOMPARE(error->code(),
             kind == "fraction-0" ? fovea::ErrorCode::InvalidArgument : fovea::ErrorCode::NotFound);
    QVERIFY2(qs(error->what()).contains(dataset) && qs(error->what()).contains(needle),
             error->what());
}

// The log names ten of the files the scan left out; the run directory keeps all of them.
void TrainerFolderTest::everyLeftOutFileIsListedInTheRun()
{
    const QString dataset = m_folder.filePath("with-left-out");
    writeColourClasses(dataset, 12);
    const std::vector<std::uint8_t> notAPicture{'n', 'o', 't', ' ', 'a', ' ', 'p', 'i', 'c'};
    for (int i = 0; i < 13; ++i) // "a, b.png" would break a careless CSV writer
        QVERIFY(writeBytes(dataset + QStringLiteral("/red/broken %1, b.png").arg(i), notAPicture));
    TrainingConfig config = folderConfig(dataset, m_folder.filePath("runs-left-out"));
    config.epochs = 1;
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const fovea::RunResult result = fovea::Trainer(config, everyBatch()).run(observer, stop);
    QCOMPARE(result.epochsCompleted, 1);

    const QStringList rows =
        qs(fovea::readFile(result.runDirectory + "/left-out.csv")).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(rows.size(), 1 + 13);
    QCOMPARE(rows.front(), QStringLiteral("path,reason"));
    for (int i = 0; i < 13; ++i)
        QVERIFY2(rows.filter(QStringLiteral("broken %1, b.png\",").arg(i)).size() == 1,
                 qPrintable(rows.join('\n')));
    bool pointedAt = false;
    for (const std::string& message : observer.messages)
        pointedAt |= qs(message).endsWith(QStringLiteral("/left-out.csv"));
    QVERIFY(pointedAt);

    // A dataset with nothing left out writes no such file.
    config.dataset = m_dataset.toStdString();
    const fovea::RunResult clean = fovea::Trainer(config, everyBatch()).run(observer, stop);
    QVERIFY(!QFileInfo::exists(qs(clean.runDirectory) + "/left-out.csv"));
}

QTEST_GUILESS_MAIN(TrainerFolderTest)
#include "TrainerFolderTest.moc"
