// The trainer on tiny synthetic IDX sets: it learns, it stops when asked, it reports what it
// does, and it writes a run directory that pandas (and fromJson) can read.
#include "EngineTestHelpers.h"
#include "RecordingObserver.h"
#include "SyntheticIdx.h"
#include "TrainerTestHelpers.h"

#include "fovea/ArchitectureRegistry.h"
#include "fovea/AtomicFile.h"
#include "fovea/Error.h"
#include "fovea/Model.h"
#include "fovea/RunDirectory.h"
#include "fovea/Trainer.h"
#include "fovea/TrainingConfig.h"
#include "fovea/TrainingObserver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <cmath>
#include <functional>
#include <vector>

using fovea::ErrorCode;
using fovea::TrainingConfig;
using fovea::testing::captureError;
using fovea::testing::qs;
using fovea::testing::quietOptions;
using fovea::testing::readLines;
using fovea::testing::RecordingObserver;

namespace {

constexpr int kImageSize = 12;
constexpr int kTrainCount = 256;
constexpr int kTestCount = 64;
constexpr int kClasses = 4;

} // namespace

class TrainerTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void oneStepLowersTheLoss_data();
    void oneStepLowersTheLoss();
    void stopTokenEndsTheRunWithinOneBatch_data();
    void stopTokenEndsTheRunWithinOneBatch();
    void learnsTheSyntheticSet();
    void sameSeedReplaysTheRun();
    void cpuBfloat16LearnsTheSetToo();
    void writesRunDirectory();
    void inputBelowMinimumIsRejected_data();
    void inputBelowMinimumIsRejected();
    void runStartedDescribesTheRun_data();
    void runStartedDescribesTheRun();
    void missingDatasetIsNotFound();
    void fineTunesFromImportedWeightsWithAFrozenBackbone();

private:
    /// A config for the shared synthetic set: small-cnn, one thread, no run directory.
    TrainingConfig baseConfig() const;

    QTemporaryDir m_dir;
    QString m_dataset;     ///< 256 + 64 images of 12×12 px, 4 classes, named in classes.txt
    QString m_tinyDataset; ///< 6×6 px images, below small-cnn's minimum input
    const std::vector<std::string> m_classNames{"north", "north-east", "south-east", "south"};
};

void TrainerTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    fovea::testing::SyntheticIdxOptions options;
    options.trainCount = kTrainCount;
    options.testCount = kTestCount;
    options.size = kImageSize;
    options.classes = kClasses;
    m_dataset = m_dir.filePath("synthetic");
    fovea::testing::writeSyntheticIdxDataset(m_dataset.toStdString(), options);
    // Names other than the fixture's own, so the test sees they really come from the file.
    QFile classes(m_dataset + "/classes.txt");
    QVERIFY(classes.open(QIODevice::WriteOnly | QIODevice::Truncate));
    for (const std::string& name : m_classNames)
        classes.write((name + "\n").c_str());
    classes.close();

    options.size = 6;
    options.trainCount = 32;
    options.testCount = 8;
    m_tinyDataset = m_dir.filePath("tiny");
    fovea::testing::writeSyntheticIdxDataset(m_tinyDataset.toStdString(), options);
}

TrainingConfig TrainerTest::baseConfig() const
{
    TrainingConfig config =
        fovea::testing::smallCnnConfig(m_dataset, m_dir.filePath("unused-runs"));
    return config;
}

void TrainerTest::oneStepLowersTheLoss_data()
{
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<QString>("schedule");
    QTest::newRow("seed 1, constant") << quint64(1) << "constant";
    QTest::newRow("seed 2, cosine") << quint64(2) << "cosine";
    QTest::newRow("seed 3, constant") << quint64(3) << "constant";
}

void TrainerTest::oneStepLowersTheLoss()
{
    QFETCH(quint64, seed);
    QFETCH(QString, schedule);
    TrainingConfig config = baseConfig();
    config.seed = seed;
    config.schedule = schedule.toStdString();
    config.trainLimit = config.batchSize; // one batch per epoch: the same images every step
    config.epochs = 2;
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const fovea::RunResult result = fovea::Trainer(config, quietOptions()).run(observer, stop);

    QCOMPARE(result.stepsCompleted, std::int64_t(2));
    QCOMPARE(observer.batches.size(), std::size_t(2));
    QCOMPARE(observer.batches[0].step, std::int64_t(1));
    QCOMPARE(observer.batches[1].step, std::int64_t(2));
    const double first = observer.batches[0].loss;
    const double second = observer.batches[1].loss;
    QVERIFY(std::isfinite(first) && first > 0.0);
    QVERIFY2(second < first,
             qPrintable(QStringLiteral("loss went from %1 to %2").arg(first).arg(second)));
}

void TrainerTest::stopTokenEndsTheRunWithinOneBatch_data()
{
    QTest::addColumn<int>("stopAtStep");
    QTest::addColumn<int>("expectedEpochs");
    // 256 images in batches of 32: 8 batches per epoch.
    QTest::newRow("after the first batch") << 1 << 0;
    QTest::newRow("mid first epoch") << 3 << 0;
    QTest::newRow("mid second epoch") << 8 + 2 << 1;
}

void TrainerTest::stopTokenEndsTheRunWithinOneBatch()
{
    QFETCH(int, stopAtStep);
    QFETCH(int, expectedEpochs);
    TrainingConfig config = baseConfig();
    config.epochs = 3;
    std::atomic<bool> stop{false};
    RecordingObserver observer(&stop);
    observer.stopAtStep = stopAtStep;
    const fovea::RunResult result = fovea::Trainer(config, quietOptions()).run(observer, stop);

    QVERIFY(result.stopped);
    QCOMPARE(result.stepsCompleted, std::int64_t(stopAtStep));
    QCOMPARE(result.epochsCompleted, expectedEpochs);
    // No batch ran after the one that raised the token, and no epoch summary for the epoch cut
    // short.
    QCOMPARE(observer.batches.size(), std::size_t(stopAtStep));
    QCOMPARE(observer.batches.back().step, std::int64_t(stopAtStep));
    QCOMPARE(observer.epochs.size(), std::size_t(expectedEpochs));
}

void TrainerTest::learnsTheSyntheticSet()
{
    TrainingConfig config = baseConfig();
    config.epochs = 3;
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const fovea::RunResult result = fovea::Trainer(config, quietOptions()).run(observer, stop);

    QVERIFY(!result.stopped);
    QCOMPARE(result.epochsCompleted, 3);
    QCOMPARE(result.stepsCompleted, std::int64_t(3 * kTrainCount / 32));
    QCOMPARE(observer.epochs.size(), std::size_t(3));
    const double chance = 1.0 / kClasses;
    QVERIFY2(result.finalValidationAccuracy > 0.9,
             qPrintable(QStringLiteral("validation accuracy %1 (chance %2)")
                            .arg(result.finalValidationAccuracy)
                            .arg(chance)));
    QCOMPARE(result.finalValidationAccuracy, observer.epochs.back().validationAccuracy);
    QVERIFY(observer.epochs.back().trainLoss < observer.epochs.front().trainLoss);
    QVERIFY(observer.epochs.back().validationLoss < std::log(double(kClasses)));
    for (const fovea::EpochSummary& epoch : observer.epochs) {
        QVERIFY(epoch.trainAccuracy >= 0.0 && epoch.trainAccuracy <= 1.0);
        QVERIFY(epoch.validationAccuracy >= 0.0 && epoch.validationAccuracy <= 1.0);
    }
}

void TrainerTest::sameSeedReplaysTheRun()
{
    TrainingConfig config = baseConfig();
    config.trainLimit = 96;
    config.epochs = 2;
    auto lossesOf = [&](const TrainingConfig& c) {
        RecordingObserver observer;
        std::atomic<bool> stop{false};
        fovea::Trainer(c, quietOptions()).run(observer, stop);
        std::vector<double> losses;
        for (const fovea::BatchProgress& batch : observer.batches)
            losses.push_back(batch.loss);
        return losses;
    };
    const std::vector<double> first = lossesOf(config);
    const std::vector<double> again = lossesOf(config);
    QCOMPARE(first.size(), std::size_t(6));
    QVERIFY(first == again);
    config.seed += 1;
    QVERIFY(lossesOf(config) != first);
}

void TrainerTest::cpuBfloat16LearnsTheSetToo()
{
    // cpuBfloat16: the forward passes run in bfloat16 (the losses are not float32's, so the
    // autocast is really on), and the run learns as well as in float32.
    auto runWith = [&](bool bfloat16, RecordingObserver& observer) {
        TrainingConfig config = baseConfig();
        config.epochs = 3;
        config.device = "cpu"; // on a CUDA build "auto" would train on the GPU
        config.cpuBfloat16 = bfloat16;
        std::atomic<bool> stop{false};
        return fovea::Trainer(config, quietOptions()).run(observer, stop);
    };
    RecordingObserver float32;
    RecordingObserver bfloat16;
    runWith(false, float32);
    const fovea::RunResult result = runWith(true, bfloat16);
    QCOMPARE(result.epochsCompleted, 3);
    QVERIFY2(
        result.finalValidationAccuracy > 0.9,
        qPrintable(QStringLiteral("validation accuracy %1").arg(result.finalValidationAccuracy)));
    QCOMPARE(bfloat16.batches.size(), float32.batches.size());
    const double first32 = float32.batches.front().loss;
    const double first16 = bfloat16.batches.front().loss;
    QVERIFY2(first16 != first32 && std::abs(first16 - first32) < 0.05 * first32,
             qPrintable(QStringLiteral("first loss %1 in bfloat16, %2 in float32")
                            .arg(first16, 0, 'g', 9)
                            .arg(first32, 0, 'g', 9)));
}

void TrainerTest::writesRunDirectory()
{
    QTemporaryDir runs;
    QVERIFY(runs.isValid());
    TrainingConfig config = baseConfig();
    config.epochs = 2;
    config.trainLimit = 128; // 4 batches of 32 per epoch, 8 steps in all
    config.logEverySteps = 3;
    config.inputSize = 0; // resolved to the dataset's 12 px
    config.runsFolder = runs.path().toStdString();
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const fovea::RunResult result = fovea::Trainer(config, quietOptions(true)).run(observer, stop);

    // One run directory, named <YYYYmmdd-HHMMSS>-small-cnn, below runsFolder.
    const QStringList entries =
        QDir(runs.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
    QCOMPARE(entries.size(), 1);
    const QString runPath = runs.filePath(entries.first());
    QVERIFY(QFileInfo(runPath).isDir());
    QCOMPARE(QFileInfo(qs(result.runDirectory)).canonicalFilePath(),
             QFileInfo(runPath).canonicalFilePath());
    QCOMPARE(observer.runStarted.size(), std::size_t(1));
    QCOMPARE(qs(observer.runStarted.front().runDirectory), qs(result.runDirectory));
    QVERIFY2(entries.first().endsWith("-small-cnn"), qPrintable(entries.first()));
    QVERIFY2(QRegularExpression("^\\d{8}-\\d{6}-small-cnn$").match(entries.first()).hasMatch(),
             qPrintable(entries.first()));

    // config.json: the resolved config, readable by fromJson.
    QFile configFile(runPath + "/config.json");
    QVERIFY(configFile.open(QIODevice::ReadOnly));
    const TrainingConfig written =
        TrainingConfig::fromJson(configFile.readAll().toStdString(), "config.json");
    QCOMPARE(written.inputSize, kImageSize);
    QCOMPARE(written.architecture, config.architecture);
    QCOMPARE(written.dataset, config.dataset);
    QCOMPARE(written.epochs, config.epochs);
    QCOMPARE(written.batchSize, config.batchSize);
    QCOMPARE(written.learningRate, config.learningRate);
    QCOMPARE(written.seed, config.seed);
    QCOMPARE(written.trainLimit, config.trainLimit);
    QCOMPARE(written.logEverySteps, config.logEverySteps);

    // metrics.csv: the header, then one row per logged step and per epoch.
    const QStringList lines = readLines(runPath + "/metrics.csv");
    QVERIFY(!lines.isEmpty());
    QCOMPARE(lines.first(), QString::fromLatin1(fovea::RunDirectory::metricsHeader()));
    const QStringList header = lines.first().split(',');
    const int kindColumn = header.indexOf("kind");
    const int epochColumn = header.indexOf("epoch");
    const int stepColumn = header.indexOf("step");
    const int accuracyColumn = header.indexOf("val_accuracy");
    const int lossColumn = header.indexOf("train_loss");
    QVERIFY(kindColumn >= 0 && epochColumn >= 0 && stepColumn >= 0 && accuracyColumn >= 0 &&
            lossColumn >= 0);
    QList<int> epochNumbers;
    QList<int> epochSteps;
    QList<int> loggedSteps;
    QList<double> epochAccuracies;
    for (int i = 1; i < lines.size(); ++i) {
        const QStringList cells = lines[i].split(',');
        QCOMPARE(cells.size(), header.size());
        bool ok = false;
        const double loss = cells[lossColumn].toDouble(&ok);
        QVERIFY2(ok && std::isfinite(loss) && loss > 0.0, qPrintable(lines[i]));
        if (cells[kindColumn] == "epoch") {
            epochNumbers.append(cells[epochColumn].toInt());
            epochSteps.append(cells[stepColumn].toInt());
            epochAccuracies.append(cells[accuracyColumn].toDouble(&ok));
            QVERIFY2(ok, qPrintable(lines[i]));
        } else {
            QCOMPARE(cells[kindColumn], QStringLiteral("step"));
            QVERIFY2(cells[accuracyColumn].isEmpty(), qPrintable(lines[i]));
            loggedSteps.append(cells[stepColumn].toInt());
        }
    }
    QCOMPARE(epochNumbers, QList<int>({1, 2}));
    QCOMPARE(epochSteps, QList<int>({4, 8}));
    QCOMPARE(loggedSteps, QList<int>({3, 6})); // every logEverySteps = 3 of 8 steps
    QCOMPARE(observer.epochs.size(), std::size_t(2));
    for (int i = 0; i < 2; ++i)
        QVERIFY(std::abs(epochAccuracies[i] - observer.epochs[std::size_t(i)].validationAccuracy) <
                1e-5);

    // Every file was written atomically: no temporary left behind.
    const QStringList files = QDir(runPath).entryList(QDir::Files);
    QCOMPARE(files,
             QStringList({"config.json", "evaluation-classes.csv", "evaluation-confusion.csv",
                          "evaluation.json", "log.txt", "metrics.csv", "model.pt", "run.json"}));
    // run.json: what a viewer needs to place step rows on the epoch axis.
    const std::string run = fovea::readFile(runPath.toStdString() + "/run.json");
    QVERIFY2(run.find("\"stepsPerEpoch\": 4") != std::string::npos, run.c_str());
    QVERIFY2(run.find("\"epochs\": 2") != std::string::npos, run.c_str());
    // The last checkpoint, the best one, and one per epoch (two kept by default of three).
    QCOMPARE(QDir(runPath + "/checkpoints").entryList(QDir::Files),
             QStringList({"best.ckpt", "epoch-0001.ckpt", "epoch-0002.ckpt", "last.ckpt"}));
}

void TrainerTest::inputBelowMinimumIsRejected_data()
{
    QTest::addColumn<QString>("architecture");
    QTest::addColumn<int>("inputSize");
    QTest::addColumn<bool>("tinyDataset");
    QTest::addColumn<int>("expectedSize");
    QTest::newRow("small-cnn at 5 px") << "small-cnn" << 5 << false << 5;
    QTest::newRow("resnet18 at 16 px") << "resnet18" << 16 << false << 16;
    QTest::newRow("small-cnn on 6 px images") << "small-cnn" << 0 << true << 6;
}

void TrainerTest::inputBelowMinimumIsRejected()
{
    QFETCH(QString, architecture);
    QFETCH(int, inputSize);
    QFETCH(bool, tinyDataset);
    QFETCH(int, expectedSize);
    const int minimum = fovea::architecture(architecture.toStdString()).minInputSize;
    QVERIFY(expectedSize < minimum);
    TrainingConfig config = baseConfig();
    config.architecture = architecture.toStdString();
    config.inputSize = inputSize;
    if (tinyDataset)
        config.dataset = m_tinyDataset.toStdString();
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const auto error =
        captureError([&] { fovea::Trainer(config, quietOptions()).run(observer, stop); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    const QString message = QString::fromUtf8(error->what());
    QVERIFY2(message.contains(QRegularExpression(QStringLiteral("\\b%1\\b").arg(expectedSize))),
             qPrintable(message));
    QVERIFY2(message.contains(QRegularExpression(QStringLiteral("\\b%1\\b").arg(minimum))),
             qPrintable(message));
    QVERIFY(observer.batches.empty());
}

void TrainerTest::runStartedDescribesTheRun_data()
{
    QTest::addColumn<int>("trainLimit");
    QTest::addColumn<int>("batchSize");
    QTest::addColumn<int>("validationLimit");
    QTest::addColumn<int>("inputSize");
    QTest::newRow("all images, batches of 64") << 0 << 64 << 0 << 0;
    QTest::newRow("all images, batches of 48 (last partial batch dropped)") << 0 << 48 << 0 << 0;
    QTest::newRow("100 images, batches of 32") << 100 << 32 << 20 << 16;
}

void TrainerTest::runStartedDescribesTheRun()
{
    QFETCH(int, trainLimit);
    QFETCH(int, batchSize);
    QFETCH(int, validationLimit);
    QFETCH(int, inputSize);
    TrainingConfig config = baseConfig();
    config.trainLimit = trainLimit;
    config.validationLimit = validationLimit;
    config.batchSize = batchSize;
    config.inputSize = inputSize;
    config.epochs = 4;
    std::atomic<bool> stop{false};
    RecordingObserver observer(&stop);
    observer.stopOnRunStarted = true; // only the start event matters here
    const fovea::RunResult result = fovea::Trainer(config, quietOptions()).run(observer, stop);

    QVERIFY(result.stopped);
    QCOMPARE(result.stepsCompleted, std::int64_t(0));
    QVERIFY(observer.batches.empty());
    QCOMPARE(observer.runStarted.size(), std::size_t(1));
    const fovea::RunStarted& started = observer.runStarted.front();
    const int trainImages = trainLimit > 0 ? trainLimit : kTrainCount;
    QCOMPARE(started.classNames, m_classNames);
    QCOMPARE(started.architecture, std::string("small-cnn"));
    QCOMPARE(started.epochs, 4);
    QCOMPARE(started.trainImages, std::int64_t(trainImages));
    QCOMPARE(started.validationImages,
             std::int64_t(validationLimit > 0 ? validationLimit : kTestCount));
    QCOMPARE(started.batchesPerEpoch, trainImages / batchSize);
    QCOMPARE(started.inputSize, inputSize > 0 ? inputSize : kImageSize);
    QVERIFY(started.parameterCount > 0);
    QVERIFY(started.runDirectory.empty()); // writeRunDirectory is off
}

void TrainerTest::missingDatasetIsNotFound()
{
    TrainingConfig config = baseConfig();
    config.dataset = m_dir.filePath("no-such-dataset").toStdString();
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const auto error =
        captureError([&] { fovea::Trainer(config, quietOptions()).run(observer, stop); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::NotFound);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, qs(config.dataset));
    QVERIFY(observer.runStarted.empty());
}

void TrainerTest::fineTunesFromImportedWeightsWithAFrozenBackbone()
{
    // ImageNet-shaped weights (1000 classes) for a 4-class set: the backbone loads, the head
    // starts fresh, and with the backbone frozen only the head's 128 × 4 + 4 parameters train.
    const QString weights = m_dir.filePath("small-cnn-1000.pt");
    fovea::Model(std::string("small-cnn")).exportWeights(weights.toStdString());
    TrainingConfig config = baseConfig();
    config.weights = weights.toStdString();
    config.freezeUpTo = "features";
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    fovea::Trainer trainer(config, fovea::TrainerOptions{0, false});
    const fovea::RunResult result = trainer.run(observer, stop);
    QCOMPARE(result.epochsCompleted, 1);
    QCOMPARE(observer.runStarted.size(), std::size_t(1));
    QCOMPARE(observer.runStarted.front().parameterCount, std::int64_t(128 * kClasses + kClasses));
    const bool reported =
        std::any_of(observer.messages.begin(), observer.messages.end(), [](const std::string& m) {
            return m.find("2 skipped, 2 re-initialised") != std::string::npos;
        });
    QVERIFY2(reported, "no message reporting the re-initialised head");

    config.freezeUpTo = "no-such-stage";
    fovea::Trainer badStage(config, fovea::TrainerOptions{0, false});
    const auto error = fovea::testing::captureError([&] { badStage.run(observer, stop); });
    FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, "features, classifier");
}

QTEST_GUILESS_MAIN(TrainerTest)
#include "TrainerTest.moc"
