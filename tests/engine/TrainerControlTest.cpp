// The trainer's steering and step mechanics: pause / continue / stop from another thread,
// gradient accumulation, early stopping, unfreezing after N epochs, the ETA, and the device key.
#include "EngineTestHelpers.h"
#include "RecordingObserver.h"
#include "SyntheticIdx.h"

#include "fovea/Error.h"
#include "fovea/RunControl.h"
#include "fovea/Trainer.h"
#include "fovea/TrainingConfig.h"

#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <future>
#include <thread>

using fovea::TrainingConfig;
using fovea::testing::captureError;
using fovea::testing::qs;
using fovea::testing::RecordingObserver;

namespace {

fovea::TrainerOptions everyBatch()
{
    fovea::TrainerOptions options;
    options.progressIntervalMs = 0;
    options.writeRunDirectory = false;
    return options;
}

/// Pauses the run from inside its own onBatch at `pauseAtStep`, and tells the test thread.
class PausingObserver : public RecordingObserver {
public:
    PausingObserver(fovea::RunControl& control, std::int64_t pauseAtStep)
        : m_control(control)
        , m_pauseAtStep(pauseAtStep)
    {
    }
    void onBatch(const fovea::BatchProgress& progress) override
    {
        RecordingObserver::onBatch(progress);
        if (progress.step == m_pauseAtStep) {
            m_control.setPaused(true);
            batchesBeforePause = batches.size();
            reachedPause.set_value();
        }
    }
    std::promise<void> reachedPause;
    std::size_t batchesBeforePause = 0;

private:
    fovea::RunControl& m_control;
    std::int64_t m_pauseAtStep;
};

bool anyMessageContains(const RecordingObserver& observer, const std::string& text)
{
    for (const std::string& message : observer.messages)
        if (message.find(text) != std::string::npos)
            return true;
    return false;
}

} // namespace

class TrainerControlTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pausedRunWaitsAndStopEndsIt();
    void pausedRunContinues();
    void accumulationStepsEveryNBatches();
    void earlyStoppingEndsAStalledRun();
    void backboneUnfreezesAfterItsEpochs();
    void etaCountsDown();
    void cudaWithoutCudaIsAnError();

private:
    TrainingConfig baseConfig() const;

    QTemporaryDir m_dir;
    QString m_dataset; ///< 256 + 64 images of 12×12 px, 4 classes
};

void TrainerControlTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    fovea::testing::SyntheticIdxOptions options;
    options.trainCount = 256;
    options.testCount = 64;
    options.size = 12;
    options.classes = 4;
    m_dataset = m_dir.filePath("synthetic");
    fovea::testing::writeSyntheticIdxDataset(m_dataset.toStdString(), options);
}

TrainingConfig TrainerControlTest::baseConfig() const
{
    TrainingConfig config;
    config.dataset = m_dataset.toStdString();
    config.architecture = "small-cnn";
    config.epochs = 2;
    config.batchSize = 32;
    config.learningRate = 0.05;
    config.threads = 1;
    config.loaderWorkers = 1;
    config.seed = 3;
    config.runsFolder = m_dir.filePath("runs").toStdString();
    return config;
}

void TrainerControlTest::pausedRunWaitsAndStopEndsIt()
{
    fovea::RunControl control;
    PausingObserver observer(control, 3);
    std::future<void> paused = observer.reachedPause.get_future();
    fovea::RunResult result;
    std::thread training(
        [&] { result = fovea::Trainer(baseConfig(), everyBatch()).run(observer, control); });
    paused.wait();
    QVERIFY(control.waitUntilParked());
    // Parked: the training thread waits and touches nothing, so its records can be read.
    QCOMPARE(observer.batches.size(), observer.batchesBeforePause);
    control.requestStop(); // wakes the paused run, which must end without another batch
    training.join();
    QVERIFY(result.stopped);
    QCOMPARE(observer.batches.size(), observer.batchesBeforePause);
    QCOMPARE(observer.batches.back().step, std::int64_t(3));
    QVERIFY(observer.epochs.empty());
}

void TrainerControlTest::pausedRunContinues()
{
    fovea::RunControl control;
    PausingObserver observer(control, 2);
    std::future<void> paused = observer.reachedPause.get_future();
    fovea::RunResult result;
    TrainingConfig config = baseConfig();
    config.epochs = 1;
    std::thread training(
        [&] { result = fovea::Trainer(config, everyBatch()).run(observer, control); });
    paused.wait();
    QVERIFY(control.waitUntilParked());
    QVERIFY(control.parked());
    control.setPaused(false);
    training.join();
    QVERIFY(!result.stopped);
    QCOMPARE(result.epochsCompleted, 1);
    QCOMPARE(observer.batches.size(), std::size_t(256 / 32));
    QVERIFY(anyMessageContains(observer, "continued after a pause"));
}

void TrainerControlTest::accumulationStepsEveryNBatches()
{
    TrainingConfig config = baseConfig();
    config.batchSize = 16; // 16 batches an epoch
    config.accumulateSteps = 3;
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const fovea::RunResult result = fovea::Trainer(config, everyBatch()).run(observer, stop);
    // 16 batches make 5 steps of 3; the 16th batch cannot fill a step and is left out.
    QCOMPARE(result.stepsCompleted, std::int64_t(2 * 5));
    QCOMPARE(observer.runStarted.front().batchesPerEpoch, 15);
    QCOMPARE(observer.batches.size(), std::size_t(2 * 15));
    for (std::size_t i = 0; i < observer.batches.size(); ++i) {
        const fovea::BatchProgress& progress = observer.batches[i];
        const int withinEpoch = progress.batch;
        const std::int64_t stepsBefore = (progress.epoch - 1) * 5;
        QCOMPARE(progress.step, stepsBefore + withinEpoch / 3);
    }
    QVERIFY(std::isfinite(result.finalValidationAccuracy));

    config.accumulateSteps = 17;
    const auto error =
        captureError([&] { fovea::Trainer(config, everyBatch()).run(observer, stop); });
    QVERIFY(error.has_value());
    QVERIFY2(qs(error->what()).contains("accumulateSteps"), error->what());
}

void TrainerControlTest::earlyStoppingEndsAStalledRun()
{
    TrainingConfig config = baseConfig();
    config.epochs = 10;
    config.learningRate = 1e-9;
    config.schedule = "constant";
    // No accuracy can beat epoch 1's by half: epochs 2 and 3 count as no improvement.
    config.earlyStoppingMetric = "val_accuracy";
    config.earlyStoppingPatience = 2;
    config.earlyStoppingMinDelta = 0.5;
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const fovea::RunResult result = fovea::Trainer(config, everyBatch()).run(observer, stop);
    QVERIFY(result.earlyStopped);
    QVERIFY(!result.stopped);
    QCOMPARE(result.epochsCompleted, 3);
    QVERIFY(anyMessageContains(observer, "early stopping after epoch 3: val_accuracy"));

    config.earlyStoppingPatience = 0; // off: the run goes to the end
    config.epochs = 4;
    RecordingObserver full;
    const fovea::RunResult complete = fovea::Trainer(config, everyBatch()).run(full, stop);
    QVERIFY(!complete.earlyStopped);
    QCOMPARE(complete.epochsCompleted, 4);
}

void TrainerControlTest::backboneUnfreezesAfterItsEpochs()
{
    TrainingConfig config = baseConfig();
    config.epochs = 3;
    config.freezeUpTo = "features";
    config.unfreezeAfterEpochs = 2;
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const fovea::RunResult result = fovea::Trainer(config, everyBatch()).run(observer, stop);
    QCOMPARE(result.epochsCompleted, 3);
    QVERIFY(anyMessageContains(observer, "epoch 3: the backbone is unfrozen"));
    QVERIFY(!anyMessageContains(observer, "epoch 2: the backbone is unfrozen"));

    config.freezeUpTo.clear(); // nothing frozen: unfreezing makes no sense
    const auto error =
        captureError([&] { fovea::Trainer(config, everyBatch()).run(observer, stop); });
    QVERIFY(error.has_value());
    QVERIFY2(qs(error->what()).contains("unfreezeAfterEpochs"), error->what());
}

void TrainerControlTest::etaCountsDown()
{
    TrainingConfig config = baseConfig();
    config.epochs = 3;
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    fovea::Trainer(config, everyBatch()).run(observer, stop);
    QVERIFY(observer.batches.size() > 10);
    for (const fovea::BatchProgress& progress : observer.batches)
        QVERIFY(progress.etaSeconds >= 0.0);
    // At the last batch only the final validation remains; early on, most of the run does.
    const double first = observer.batches.front().etaSeconds;
    const double last = observer.batches.back().etaSeconds;
    QVERIFY2(last < first, qPrintable(QStringLiteral("%1 !< %2").arg(last).arg(first)));
}

void TrainerControlTest::cudaWithoutCudaIsAnError()
{
    TrainingConfig config = baseConfig();
    config.device = "cuda";
    RecordingObserver observer;
    std::atomic<bool> stop{false};
    const auto error =
        captureError([&] { fovea::Trainer(config, everyBatch()).run(observer, stop); });
    if (!error)
        QSKIP("this libtorch has CUDA and a GPU: the run trained on it");
    QCOMPARE(error->code(), fovea::ErrorCode::InvalidArgument);
    QVERIFY2(qs(error->what()).contains("'device'"), error->what());
}

QTEST_GUILESS_MAIN(TrainerControlTest)
#include "TrainerControlTest.moc"
