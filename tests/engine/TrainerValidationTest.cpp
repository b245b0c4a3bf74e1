// The trainer's validation settings on a tiny synthetic IDX set: test-time flip (the figures
// are those of evaluating the saved model the same way) and validation every N epochs (which
// epochs are validated, what the skipped ones report, and that an epoch early stopping ends is
// validated all the same).
#include "EngineTestHelpers.h"
#include "RecordingObserver.h"
#include "SyntheticIdx.h"
#include "TrainerTestHelpers.h"

#include "fovea/AtomicFile.h"
#include "fovea/DatasetEvaluation.h"
#include "fovea/Model.h"
#include "fovea/ModelFile.h"
#include "fovea/Trainer.h"
#include "fovea/TrainingConfig.h"
#include "fovea/TrainingObserver.h"

#include <QFile>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <cmath>

using fovea::TrainingConfig;
using fovea::testing::qs;
using fovea::testing::quietOptions;
using fovea::testing::readLines;
using fovea::testing::RecordingObserver;

namespace {

constexpr int kTestCount = 64;

} // namespace

class TrainerValidationTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void testTimeFlipValidatesOnMirrorImagesToo();
    void validatesEveryNthEpochAndTheLast();
    void earlyStopOnASkippedEpochValidatesIt();

private:
    /// small-cnn on the synthetic set, one thread, on the CPU (evaluateDataset runs there).
    TrainingConfig baseConfig() const;

    QTemporaryDir m_dir;
    QString m_dataset; ///< 256 + 64 images of 12×12 px, 4 classes
};

void TrainerValidationTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    fovea::testing::SyntheticIdxOptions options;
    options.trainCount = 256;
    options.testCount = kTestCount;
    options.size = 12;
    options.classes = 4;
    m_dataset = m_dir.filePath("synthetic");
    fovea::testing::writeSyntheticIdxDataset(m_dataset.toStdString(), options);
}

TrainingConfig TrainerValidationTest::baseConfig() const
{
    TrainingConfig config =
        fovea::testing::smallCnnConfig(m_dataset, m_dir.filePath("unused-runs"));
    config.device = "cpu";
    return config;
}

void TrainerValidationTest::testTimeFlipValidatesOnMirrorImagesToo()
{
    // testTimeFlip changes validation only: the training steps are the same, the validation
    // figures are those of `fovea-cli eval --test-time-flip` on the saved model, and not those
    // of a plain evaluation (so a flag that did nothing could not pass).
    QTemporaryDir runs;
    QVERIFY(runs.isValid());
    auto runWith = [&](bool flip, RecordingObserver& observer) {
        TrainingConfig config = baseConfig();
        config.testTimeFlip = flip;
        config.runsFolder = runs.filePath(flip ? "flip" : "plain").toStdString();
        std::atomic<bool> stop{false};
        return fovea::Trainer(config, quietOptions(true)).run(observer, stop);
    };
    RecordingObserver plain;
    RecordingObserver flipped;
    const fovea::RunResult plainResult = runWith(false, plain);
    const fovea::RunResult result = runWith(true, flipped);
    QCOMPARE(flipped.batches.size(), plain.batches.size());
    for (std::size_t i = 0; i < plain.batches.size(); ++i)
        QCOMPARE(flipped.batches[i].loss, plain.batches[i].loss);
    QCOMPARE(flipped.epochs.size(), std::size_t(1));
    const double flippedLoss = flipped.epochs.front().validationLoss;
    const double plainLoss = plain.epochs.front().validationLoss;
    // Ten times the tolerance of the comparisons with evaluateDataset below.
    QVERIFY2(
        std::abs(flippedLoss - plainLoss) > 1e-4 * plainLoss,
        qPrintable(QStringLiteral("%1 with flip, %2 without").arg(flippedLoss).arg(plainLoss)));

    fovea::LoadedModelFile saved = fovea::loadModelFile(result.modelFile);
    QVERIFY(fovea::validatedWithTestTimeFlip(saved.info));
    QVERIFY(!fovea::validatedWithTestTimeFlip(fovea::loadModelFile(plainResult.modelFile).info));
    fovea::DatasetEvaluationOptions options;
    options.dataset = m_dataset.toStdString();
    options.threads = 1;
    auto evaluate = [&](bool flip) {
        options.testTimeFlip = flip;
        return fovea::evaluateDataset(saved.model, saved.info.classNames, saved.info.preprocessing,
                                      saved.info.inputSize, options)
            .report;
    };
    const fovea::EvaluationReport withFlip = evaluate(true);
    QVERIFY2(
        std::abs(withFlip.loss - flippedLoss) <= 1e-5 * flippedLoss,
        qPrintable(QStringLiteral("eval %1, training %2").arg(withFlip.loss).arg(flippedLoss)));
    QCOMPARE(withFlip.top1, result.finalValidationAccuracy);
    QVERIFY(std::abs(evaluate(false).loss - plainLoss) <= 1e-5 * plainLoss);
}

void TrainerValidationTest::validatesEveryNthEpochAndTheLast()
{
    // validateEveryEpochs 2 over 3 epochs: epochs 2 and 3 are validated, epoch 1 is not (NaN in
    // the summary, empty cells in metrics.csv); the figures of epoch 2 are those of a run that
    // validates every epoch (the same training), so the validation that runs is the real one.
    QTemporaryDir runs;
    QVERIFY(runs.isValid());
    auto runWith = [&](int every, RecordingObserver& observer) {
        TrainingConfig config = baseConfig();
        config.epochs = 3;
        config.trainLimit = 128;
        config.validateEveryEpochs = every;
        config.runsFolder = runs.filePath(QString::number(every)).toStdString();
        std::atomic<bool> stop{false};
        return fovea::Trainer(config, quietOptions(true)).run(observer, stop);
    };
    RecordingObserver everyEpoch;
    RecordingObserver everySecond;
    runWith(1, everyEpoch);
    const fovea::RunResult result = runWith(2, everySecond);
    QCOMPARE(everySecond.epochs.size(), std::size_t(3));
    QVERIFY(!everySecond.epochs[0].validated);
    QVERIFY(std::isnan(everySecond.epochs[0].validationLoss));
    QVERIFY(std::isnan(everySecond.epochs[0].validationAccuracy));
    QVERIFY(std::isfinite(everySecond.epochs[0].trainLoss));
    for (std::size_t i : {std::size_t(1), std::size_t(2)}) {
        QVERIFY(everySecond.epochs[i].validated);
        QCOMPARE(everySecond.epochs[i].validationLoss, everyEpoch.epochs[i].validationLoss);
        QCOMPARE(everySecond.epochs[i].validationAccuracy, everyEpoch.epochs[i].validationAccuracy);
    }
    QCOMPARE(result.finalValidationAccuracy, everyEpoch.epochs[2].validationAccuracy);

    const QStringList lines = readLines(qs(result.runDirectory) + "/metrics.csv");
    const QStringList header = lines.first().split(',');
    const int kindColumn = header.indexOf("kind");
    const int lossColumn = header.indexOf("val_loss");
    QVERIFY(kindColumn >= 0 && lossColumn >= 0);
    QStringList validationCells;
    for (const QString& line : lines.mid(1)) {
        const QStringList cells = line.split(',');
        if (cells[kindColumn] == "epoch")
            validationCells << cells[lossColumn];
    }
    QCOMPARE(validationCells.size(), 3);
    QCOMPARE(validationCells[0], QString());
    QVERIFY(!validationCells[1].isEmpty() && !validationCells[2].isEmpty());
    QVERIFY(qs(fovea::readFile(result.runDirectory + "/log.txt")).contains("(not validated)"));
}

void TrainerValidationTest::earlyStopOnASkippedEpochValidatesIt()
{
    // Early stopping on train_loss with a minimum change no epoch can make: epoch 1 sets the
    // best, epoch 2 stalls and ends the run — an epoch validateEveryEpochs 3 would skip, which
    // is validated all the same, so the last summary, the report and the model file all
    // describe the final model.
    QTemporaryDir runs;
    QVERIFY(runs.isValid());
    TrainingConfig config = baseConfig();
    config.epochs = 5;
    config.trainLimit = 128;
    config.validateEveryEpochs = 3;
    config.earlyStoppingPatience = 1;
    config.earlyStoppingMetric = "train_loss";
    config.earlyStoppingMinDelta = 1e9;
    config.runsFolder = runs.path().toStdString();
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const fovea::RunResult result = fovea::Trainer(config, quietOptions(true)).run(observer, stop);
    QVERIFY(result.earlyStopped);
    QCOMPARE(result.epochsCompleted, 2);
    QCOMPARE(observer.epochs.size(), std::size_t(2));
    QVERIFY(!observer.epochs.front().validated);
    QVERIFY(observer.epochs.back().validated);
    QCOMPARE(observer.epochs.back().validationAccuracy, result.finalValidationAccuracy);
    QVERIFY(result.finalValidationAccuracy > 0.0);
    const fovea::EvaluationReport report =
        fovea::readEvaluationReport(result.runDirectory + "/evaluation.json");
    QCOMPARE(report.samples, std::int64_t(kTestCount));
    QCOMPARE(report.top1, result.finalValidationAccuracy);
    fovea::LoadedModelFile saved = fovea::loadModelFile(result.modelFile);
    fovea::DatasetEvaluationOptions options;
    options.dataset = m_dataset.toStdString();
    options.threads = 1;
    const fovea::EvaluationReport again =
        fovea::evaluateDataset(saved.model, saved.info.classNames, saved.info.preprocessing,
                               saved.info.inputSize, options)
            .report;
    QVERIFY(std::abs(again.loss - report.loss) <= 1e-5 * report.loss);
}

QTEST_GUILESS_MAIN(TrainerValidationTest)
#include "TrainerValidationTest.moc"
