// Never lose work: a run stopped anywhere and resumed writes exactly the metrics.csv rows of a
// run that went straight through; a NaN either stops the run naming the step or rolls back to
// the last good checkpoint with a lower learning rate; the run directory holds the model file
// and the evaluation report.
#include "EngineTestHelpers.h"
#include "RecordingObserver.h"
#include "SyntheticIdx.h"

#include "fovea/AtomicFile.h"
#include "fovea/Error.h"
#include "fovea/EvaluationReport.h"
#include "fovea/ModelFile.h"
#include "fovea/RunDirectory.h"
#include "fovea/Trainer.h"
#include "fovea/TrainingConfig.h"

#include <QDir>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>

using fovea::TrainingConfig;
using fovea::testing::captureError;
using fovea::testing::qs;
using fovea::testing::RecordingObserver;

namespace {

fovea::TrainerOptions quiet()
{
    fovea::TrainerOptions options;
    options.progressIntervalMs = 0;
    options.writeRunDirectory = true;
    return options;
}

/// metrics.csv without the elapsed-time column (wall time differs between runs by nature).
QStringList metricsWithoutTime(const std::string& runDirectory)
{
    QStringList rows;
    const QString text = qs(fovea::readFile(runDirectory + "/metrics.csv"));
    for (const QString& line : text.split('\n', Qt::SkipEmptyParts))
        rows.append(line.section(',', 0, -2));
    return rows;
}

} // namespace

class TrainerResumeTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void stoppedAndResumedEqualsStraight_data();
    void stoppedAndResumedEqualsStraight();
    void resumeWithoutCheckpointIsNotFound();
    void nanStopsNamingTheStep();
    void nanRollsBackWithALowerRate();
    void runDirectoryHoldsModelAndReport();
    void finishedRunIsNotResumedButAMissingModelIsWritten();
    void damagedCheckpointsAreNamed();
    void aRunInUseIsNotResumed();
    void aCheckpointNeverCountsRowsMetricsLacks();
    void aChangedDatasetIsNotResumed();
    void aResumedRunKeepsItsClockAndConfig();

private:
    TrainingConfig baseConfig(const QString& runs) const;

    QTemporaryDir m_dir;
    QString m_dataset;
    QStringList m_straight; ///< metrics of the uninterrupted reference run
};

void TrainerResumeTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    fovea::testing::SyntheticIdxOptions options;
    options.trainCount = 192;
    options.testCount = 48;
    options.size = 12;
    options.classes = 4;
    m_dataset = m_dir.filePath("synthetic");
    fovea::testing::writeSyntheticIdxDataset(m_dataset.toStdString(), options);

    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const fovea::RunResult straight =
        fovea::Trainer(baseConfig(m_dir.filePath("straight")), quiet()).run(observer, stop);
    QCOMPARE(straight.epochsCompleted, 3);
    m_straight = metricsWithoutTime(straight.runDirectory);
    QVERIFY(m_straight.size() > 6);
}

TrainingConfig TrainerResumeTest::baseConfig(const QString& runs) const
{
    TrainingConfig config;
    config.dataset = m_dataset.toStdString();
    config.architecture = "small-cnn";
    config.epochs = 3;
    config.batchSize = 16; // 12 batches an epoch
    config.learningRate = 0.05;
    config.threads = 1;
    config.loaderWorkers = 2;
    config.seed = 11;
    config.logEverySteps = 5;
    config.headDropout = 0.3; // dropout draws from the generator a resume must restore
    config.head = "avg";
    config.schedule = "onecycle";
    config.augmentation = fovea::AugmentationSpec::preset("small");
    config.augmentation.steps.push_back(fovea::AugmentationStep::make("mixup"));
    config.runsFolder = runs.toStdString();
    return config;
}

void TrainerResumeTest::stoppedAndResumedEqualsStraight_data()
{
    QTest::addColumn<std::int64_t>("stopAtStep");
    QTest::addColumn<int>("validateEvery");
    QTest::addColumn<int>("epochsDone"); // trained (and validated, where due) before the stop
    QTest::newRow("in the first epoch") << std::int64_t(5) << 1 << 0;
    // The stop comes with the epoch's last batch, so it lands in the validation pass: the epoch
    // is left unvalidated, and the resumed run validates it before going on.
    QTest::newRow("during a validation") << std::int64_t(12) << 1 << 0;
    // The same moment with no validation due: the stop lands at the next epoch's start.
    QTest::newRow("at an epoch boundary") << std::int64_t(12) << 2 << 1;
    QTest::newRow("in the last epoch") << std::int64_t(31) << 1 << 2;
}

void TrainerResumeTest::stoppedAndResumedEqualsStraight()
{
    QFETCH(std::int64_t, stopAtStep);
    QFETCH(int, validateEvery);
    QFETCH(int, epochsDone);
    QTemporaryDir runs;
    QVERIFY(runs.isValid());
    TrainingConfig config = baseConfig(runs.path());
    config.validateEveryEpochs = validateEvery;
    QStringList straight = m_straight;
    if (validateEvery != 1) {
        RecordingObserver observer;
        std::atomic<bool> noStop{false};
        straight =
            metricsWithoutTime(fovea::Trainer(config, quiet()).run(observer, noStop).runDirectory);
    }
    std::atomic<bool> stop{false};
    RecordingObserver stopping(&stop);
    stopping.stopAtStep = stopAtStep;
    const fovea::RunResult first = fovea::Trainer(config, quiet()).run(stopping, stop);
    QVERIFY(first.stopped);
    QCOMPARE(first.stepsCompleted, stopAtStep);
    QCOMPARE(first.epochsCompleted, epochsDone);
    QCOMPARE(int(stopping.epochs.size()), epochsDone);
    const bool saidSo = std::any_of(
        stopping.messages.begin(), stopping.messages.end(), [](const std::string& message) {
            return message.rfind("stopped while validating epoch 1", 0) == 0;
        });
    QCOMPARE(saidSo, qstrcmp(QTest::currentDataTag(), "during a validation") == 0);

    RecordingObserver resumed;
    std::atomic<bool> noStop{false};
    const fovea::RunResult second =
        fovea::Trainer::resuming(first.runDirectory, quiet()).run(resumed, noStop);
    QVERIFY(!second.stopped);
    QCOMPARE(second.epochsCompleted, 3);
    QCOMPARE(second.runDirectory, first.runDirectory);
    QCOMPARE(metricsWithoutTime(second.runDirectory), straight);
    // The resumed run took the remaining steps only.
    QCOMPARE(resumed.batches.front().step, stopAtStep + 1);
}

void TrainerResumeTest::resumeWithoutCheckpointIsNotFound()
{
    const auto missing =
        captureError([&] { fovea::Trainer::resuming(m_dir.filePath("nowhere").toStdString()); });
    QVERIFY(missing.has_value());
    QCOMPARE(missing->code(), fovea::ErrorCode::NotFound);
    QVERIFY2(qs(missing->what()).contains("nowhere"), missing->what());

    QDir(m_dir.path()).mkpath("empty-run");
    const auto empty =
        captureError([&] { fovea::Trainer::resuming(m_dir.filePath("empty-run").toStdString()); });
    QVERIFY(empty.has_value());
    QVERIFY2(qs(empty->what()).contains("no readable checkpoint"), empty->what());
}

void TrainerResumeTest::nanStopsNamingTheStep()
{
    TrainingConfig config = baseConfig(m_dir.filePath("nan-stop"));
    config.augmentation = {};
    config.schedule = "constant";
    // Weight decay times the rate is 99: every step multiplies each weight by about −98, so
    // within some twenty steps they overflow to infinity and the loss turns NaN.
    config.learningRate = 99.0;
    config.weightDecay = 1.0;
    config.momentum = 0.0;
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const auto error = captureError([&] { fovea::Trainer(config, quiet()).run(observer, stop); });
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), fovea::ErrorCode::NumericalFailure);
    QVERIFY2(qs(error->what()).contains("at step"), error->what());
    // The run's folder keeps why it ended, and the messages from before it existed.
    const QStringList runs =
        QDir(m_dir.filePath("nan-stop")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(runs.size(), 1);
    const QString log = qs(fovea::readFile(
        QDir(m_dir.filePath("nan-stop")).filePath(runs.front() + "/log.txt").toStdString()));
    QVERIFY2(log.contains("the run failed: ") && log.contains(qs(error->what())), qPrintable(log));
    QVERIFY2(log.contains("Loading "), qPrintable(log));
}

void TrainerResumeTest::nanRollsBackWithALowerRate()
{
    TrainingConfig config = baseConfig(m_dir.filePath("nan-rollback"));
    config.augmentation = {};
    config.schedule = "constant";
    // Weight decay times the rate is 99: every step multiplies each weight by about −98, so
    // within some twenty steps they overflow to infinity and the loss turns NaN.
    config.learningRate = 99.0;
    config.weightDecay = 1.0;
    config.momentum = 0.0;
    config.nanPolicy = "rollback";
    config.nanLrFactor = 1e-3; // 99 → 0.099: training goes on at a sane rate
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const fovea::RunResult result = fovea::Trainer(config, quiet()).run(observer, stop);
    QVERIFY(result.rollbacks >= 1);
    QVERIFY(result.rollbacks <= 3);
    QCOMPARE(result.epochsCompleted, 3);
    QVERIFY(std::isfinite(result.finalValidationAccuracy));
    bool told = false;
    for (const std::string& message : observer.messages)
        told = told || message.find("rolled back to the checkpoint") != std::string::npos;
    QVERIFY(told);
    const TrainingConfig written = TrainingConfig::fromJson(
        fovea::readFile(result.runDirectory + "/config.json"), "config.json");
    QCOMPARE(written.learningRate, 99.0); // the config as asked for; the log says what changed
}

void TrainerResumeTest::runDirectoryHoldsModelAndReport()
{
    TrainingConfig config = baseConfig(m_dir.filePath("outputs"));
    config.epochs = 1;
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const fovea::RunResult result = fovea::Trainer(config, quiet()).run(observer, stop);
    QCOMPARE(result.modelFile, result.runDirectory + "/model.pt");
    const fovea::LoadedModelFile loaded = fovea::loadModelFile(result.modelFile);
    QCOMPARE(qs(loaded.info.architecture), QStringLiteral("small-cnn"));
    QCOMPARE(loaded.info.classNames.size(), std::size_t(4));
    QCOMPARE(loaded.info.inputSize, 12);
    QCOMPARE(qs(loaded.info.preprocessing.mode), QStringLiteral("dataset"));
    QCOMPARE(loaded.info.metrics.at("validation_accuracy"), result.finalValidationAccuracy);

    const fovea::EvaluationReport report =
        fovea::readEvaluationReport(result.runDirectory + "/evaluation.json");
    QCOMPARE(report.samples, std::int64_t(48));
    QCOMPARE(report.top1, result.finalValidationAccuracy);
    QCOMPARE(report.confusion.size(), std::size_t(4));
    QVERIFY(QFile::exists(qs(result.runDirectory) + "/evaluation-classes.csv"));
    QVERIFY(QFile::exists(qs(result.runDirectory) + "/evaluation-confusion.csv"));
    QVERIFY(qs(fovea::readFile(result.runDirectory + "/log.txt")).contains("epoch 1: train loss"));
}

void TrainerResumeTest::finishedRunIsNotResumedButAMissingModelIsWritten()
{
    TrainingConfig config = baseConfig(m_dir.filePath("finished"));
    config.epochs = 1;
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const fovea::RunResult finished = fovea::Trainer(config, quiet()).run(observer, stop);
    QVERIFY(QFile::exists(qs(finished.modelFile)));

    // Finished, with its model: nothing to resume, said so.
    const auto refused =
        captureError([&] { fovea::Trainer::resuming(finished.runDirectory, quiet()); });
    QVERIFY(refused.has_value());
    QCOMPARE(refused->code(), fovea::ErrorCode::InvalidArgument);
    QVERIFY2(qs(refused->what()).contains("is finished") &&
                 qs(refused->what()).contains(qs(finished.modelFile)) &&
                 qs(refused->what()).contains("train --config"), // its architecture and settings
             refused->what());

    // A crash after the last checkpoint, before the model and report were written: resuming
    // writes them, with the figures the uninterrupted run had.
    const QStringList metrics = metricsWithoutTime(finished.runDirectory);
    for (const char* output : {"/model.pt", "/evaluation.json"})
        QVERIFY(QFile::remove(qs(finished.runDirectory) + output));
    // What the crash left half-written goes once the folder is reopened.
    const QString leftover = qs(finished.runDirectory) + "/model.pt.tmp-4242-0badf00d";
    fovea::writeFileAtomically(leftover.toStdString(), "half a model");
    // A stop during that final validation is honoured: nothing written, the next resume
    // validates again.
    std::atomic<bool> stopAtOnce{true};
    RecordingObserver stoppedObserver;
    const fovea::RunResult stoppedFinal =
        fovea::Trainer::resuming(finished.runDirectory, quiet()).run(stoppedObserver, stopAtOnce);
    QVERIFY(stoppedFinal.stopped);
    QCOMPARE(stoppedFinal.epochsCompleted, 1); // trained before; not this session
    QVERIFY(!QFile::exists(qs(finished.modelFile)));
    QVERIFY(!QFile::exists(leftover));
    RecordingObserver resumedObserver;
    const fovea::RunResult resumed =
        fovea::Trainer::resuming(finished.runDirectory, quiet()).run(resumedObserver, stop);
    QVERIFY(!resumed.stopped);
    QVERIFY(resumedObserver.batches.empty()); // nothing trained again
    QCOMPARE(resumed.modelFile, finished.modelFile);
    QVERIFY(QFile::exists(qs(resumed.modelFile)));
    QCOMPARE(resumed.finalValidationAccuracy, finished.finalValidationAccuracy);
    const fovea::EvaluationReport report =
        fovea::readEvaluationReport(resumed.runDirectory + "/evaluation.json");
    QCOMPARE(report.top1, finished.finalValidationAccuracy);
    QCOMPARE(metricsWithoutTime(resumed.runDirectory), metrics);

    // Ended by early stopping before its last epoch: finished as well, not trained on.
    TrainingConfig patient = baseConfig(m_dir.filePath("early"));
    patient.epochs = 8;
    patient.earlyStoppingPatience = 1;
    patient.earlyStoppingMetric = "train_loss";
    patient.earlyStoppingMinDelta = 100.0; // no epoch improves by that much
    const fovea::RunResult early = fovea::Trainer(patient, quiet()).run(observer, stop);
    QVERIFY(early.earlyStopped);
    QVERIFY(early.epochsCompleted < 8);
    const auto earlyRefused =
        captureError([&] { fovea::Trainer::resuming(early.runDirectory, quiet()); });
    QVERIFY(earlyRefused.has_value());
    QVERIFY2(qs(earlyRefused->what()).contains("early stopping ended it"), earlyRefused->what());
    QVERIFY(QFile::remove(qs(early.modelFile)));
    RecordingObserver afterEarly;
    const fovea::RunResult earlyResumed =
        fovea::Trainer::resuming(early.runDirectory, quiet()).run(afterEarly, stop);
    QVERIFY(afterEarly.batches.empty());
    QVERIFY(earlyResumed.earlyStopped);
    QCOMPARE(earlyResumed.epochsCompleted, early.epochsCompleted);
    QCOMPARE(earlyResumed.finalValidationAccuracy, early.finalValidationAccuracy);
    QVERIFY(QFile::exists(qs(earlyResumed.modelFile)));
}

void TrainerResumeTest::damagedCheckpointsAreNamed()
{
    // Stopped in epoch 3: last.ckpt (mid-epoch 3) and epoch-0001/0002.ckpt.
    TrainingConfig config = baseConfig(m_dir.filePath("damaged"));
    config.checkpointEveryEpochs = 1;
    std::atomic<bool> stop{false};
    RecordingObserver stopping(&stop);
    stopping.stopAtStep = 30;
    const fovea::RunResult stopped = fovea::Trainer(config, quiet()).run(stopping, stop);
    QVERIFY(stopped.stopped);
    const QString folder = qs(stopped.runDirectory) + "/checkpoints/";
    auto damage = [](const QString& path) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.seek(file.size() / 2));
        file.write("damage");
    };
    damage(folder + "last.ckpt");

    // The newest good one is taken, and the damaged one is named with its reason.
    RecordingObserver resumed;
    std::atomic<bool> noStop{false};
    const fovea::RunResult second =
        fovea::Trainer::resuming(stopped.runDirectory, quiet()).run(resumed, noStop);
    QVERIFY(!second.stopped);
    bool named = false;
    for (const std::string& message : resumed.messages)
        named = named ||
                (qs(message).contains("skipping checkpoint") && qs(message).contains("last.ckpt"));
    QVERIFY(named);
    QCOMPARE(resumed.batches.front().step, std::int64_t(2 * 12 + 1)); // from epoch-0002.ckpt

    // None good: the error names each and why.
    for (const QString& name : QDir(folder).entryList({"*.ckpt"}))
        damage(folder + name);
    const auto error =
        captureError([&] { fovea::Trainer::resuming(stopped.runDirectory, quiet()); });
    QVERIFY(error.has_value());
    const QString message = qs(error->what());
    QVERIFY2(message.contains("no readable checkpoint") && message.contains("last.ckpt") &&
                 message.contains("epoch-0003.ckpt") && message.contains("checksum"),
             error->what());
    // It did checkpoint: the advice is about damage, not about a run that never got so far.
    QVERIFY2(message.contains("checkpoints are all damaged") &&
                 !message.contains("before its first checkpoint"),
             error->what());
}

void TrainerResumeTest::aRunInUseIsNotResumed()
{
    std::atomic<bool> stop{false};
    RecordingObserver stopping(&stop);
    stopping.stopAtStep = 5;
    const fovea::RunResult stopped =
        fovea::Trainer(baseConfig(m_dir.filePath("in-use")), quiet()).run(stopping, stop);
    QVERIFY(stopped.stopped);
    const QStringList before = metricsWithoutTime(stopped.runDirectory);
    // A checkpoint the live run is writing: a refused resume must not remove it.
    const QString temporary = qs(stopped.runDirectory) + "/checkpoints/last.ckpt.tmp-1-live";
    {
        QFile file(temporary);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("half written");
    }
    // A resume begun before the run took its lock again: refused when it reopens the run.
    fovea::Trainer late = fovea::Trainer::resuming(stopped.runDirectory, quiet());
    {
        // Another writer of the run (here: this process, as the run itself would be).
        const fovea::RunDirectory holder = fovea::RunDirectory::reopen(stopped.runDirectory, 0);
        // Refused at once, not after scanning the dataset and building the model.
        const auto early =
            captureError([&] { fovea::Trainer::resuming(stopped.runDirectory, quiet()); });
        QVERIFY(early.has_value());
        QCOMPARE(early->code(), fovea::ErrorCode::Io);
        RecordingObserver observer;
        std::atomic<bool> noStop{false};
        const auto error = captureError([&] { late.run(observer, noStop); });
        QVERIFY(error.has_value());
        QCOMPARE(error->code(), fovea::ErrorCode::Io); // not a usage error: exit code 1
        QVERIFY2(qs(error->what()).contains("is in use by another Fovea process"), error->what());
        QVERIFY(observer.batches.empty());
        QCOMPARE(metricsWithoutTime(stopped.runDirectory), before); // untouched
        QVERIFY(QFile::exists(temporary));
    }
    // Released with its holder (or its process): the resume goes ahead.
    RecordingObserver resumed;
    std::atomic<bool> noStop{false};
    const fovea::RunResult second =
        fovea::Trainer::resuming(stopped.runDirectory, quiet()).run(resumed, noStop);
    QCOMPARE(second.epochsCompleted, 3);
}

namespace {

/// At step `breakAtStep`, puts a directory where metrics.csv is (keeping the file's content
/// aside): the run's next write of metrics.csv fails, as a kill at that moment would leave it.
class MetricsBreaker : public RecordingObserver {
public:
    void onBatch(const fovea::BatchProgress& progress) override
    {
        RecordingObserver::onBatch(progress);
        if (progress.step != breakAtStep || runStarted.empty())
            return;
        const QString folder = qs(runStarted.front().runDirectory);
        QFile::rename(folder + "/metrics.csv", folder + "/metrics.kept");
        QDir(folder).mkpath("metrics.csv/blocked");
    }
    std::int64_t breakAtStep = 0;
};

} // namespace

// metrics.csv is written before each checkpoint: whatever write a crash cuts short, the newest
// checkpoint never counts rows the file lacks, so the run resumes (it used to be refused).
void TrainerResumeTest::aCheckpointNeverCountsRowsMetricsLacks()
{
    QTemporaryDir runs;
    QVERIFY(runs.isValid());
    MetricsBreaker breaker;
    breaker.breakAtStep = 20; // in epoch 2; its end writes metrics.csv and checkpoints
    std::atomic<bool> stop{false};
    const auto failed =
        captureError([&] { fovea::Trainer(baseConfig(runs.path()), quiet()).run(breaker, stop); });
    QVERIFY(failed.has_value());
    QCOMPARE(failed->code(), fovea::ErrorCode::Io);
    const QString folder = qs(breaker.runStarted.front().runDirectory);
    QVERIFY(QDir(folder + "/metrics.csv").removeRecursively());
    QVERIFY(QFile::rename(folder + "/metrics.kept", folder + "/metrics.csv"));

    RecordingObserver resumed;
    const fovea::RunResult second =
        fovea::Trainer::resuming(folder.toStdString(), quiet()).run(resumed, stop);
    QCOMPARE(second.epochsCompleted, 3);
    QCOMPARE(metricsWithoutTime(second.runDirectory), m_straight);
}

// An exact resume needs the pictures the run began with; other counts are refused, named.
void TrainerResumeTest::aChangedDatasetIsNotResumed()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString dataset = dir.filePath("data");
    fovea::testing::SyntheticIdxOptions options;
    options.trainCount = 192;
    options.testCount = 48;
    options.size = 12;
    options.classes = 4;
    fovea::testing::writeSyntheticIdxDataset(dataset.toStdString(), options);
    TrainingConfig config = baseConfig(dir.filePath("runs"));
    config.dataset = dataset.toStdString();
    std::atomic<bool> stop{false};
    RecordingObserver stopping(&stop);
    stopping.stopAtStep = 5;
    const fovea::RunResult first = fovea::Trainer(config, quiet()).run(stopping, stop);
    QVERIFY(first.stopped);

    options.trainCount = 208; // pictures added since
    fovea::testing::writeSyntheticIdxDataset(dataset.toStdString(), options);
    std::atomic<bool> noStop{false};
    RecordingObserver resumed;
    const auto refused = captureError(
        [&] { fovea::Trainer::resuming(first.runDirectory, quiet()).run(resumed, noStop); });
    QVERIFY(refused.has_value());
    QCOMPARE(refused->code(), fovea::ErrorCode::InvalidArgument);
    QVERIFY2(qs(refused->what()).contains("208 training pictures now, 192 then"), refused->what());
    QVERIFY(resumed.batches.empty());
}

// A resumed run's elapsed_s goes on from where the stopped one was, its epoch count includes
// the epochs trained before, and a lost config.json is written again.
void TrainerResumeTest::aResumedRunKeepsItsClockAndConfig()
{
    QTemporaryDir runs;
    QVERIFY(runs.isValid());
    std::atomic<bool> stop{false};
    RecordingObserver stopping(&stop);
    stopping.stopAtStep = 30; // in epoch 3
    const fovea::RunResult first =
        fovea::Trainer(baseConfig(runs.path()), quiet()).run(stopping, stop);
    QVERIFY(first.stopped);
    QCOMPARE(first.epochsCompleted, 2);
    QVERIFY(QFile::remove(qs(first.runDirectory) + "/config.json"));

    // Stopped again at once: still two epochs done, not zero.
    std::atomic<bool> stopAtOnce{true};
    RecordingObserver again;
    const fovea::RunResult second =
        fovea::Trainer::resuming(first.runDirectory, quiet()).run(again, stopAtOnce);
    QVERIFY(second.stopped);
    QCOMPARE(second.epochsCompleted, 2);
    QVERIFY(QFile::exists(qs(first.runDirectory) + "/config.json"));
    QCOMPARE(TrainingConfig::fromJson(fovea::readFile(first.runDirectory + "/config.json"),
                                      "config.json")
                 .seed,
             baseConfig(runs.path()).seed);

    std::atomic<bool> noStop{false};
    RecordingObserver resumed;
    fovea::Trainer::resuming(first.runDirectory, quiet()).run(resumed, noStop);
    double previous = 0.0;
    const QStringList lines = qs(fovea::readFile(first.runDirectory + "/metrics.csv"))
                                  .split('\n', Qt::SkipEmptyParts)
                                  .mid(1);
    for (const QString& line : lines) {
        const double elapsed = line.section(',', -1).toDouble();
        QVERIFY2(elapsed >= previous, qPrintable(line));
        previous = elapsed;
    }
}

QTEST_GUILESS_MAIN(TrainerResumeTest)
#include "TrainerResumeTest.moc"
