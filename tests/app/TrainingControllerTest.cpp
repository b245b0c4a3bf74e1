#include "TrainingController.h"
#include "SyntheticIdx.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using fovea::app::TrainingController;

class TrainingControllerTest : public QObject {
    Q_OBJECT

private:
    fovea::TrainingConfig configFor(const QTemporaryDir& dir, int epochs, int trainCount = 256)
    {
        const QString data = dir.filePath(QStringLiteral("data"));
        fovea::testing::SyntheticIdxOptions options;
        options.trainCount = trainCount;
        options.size = 16;
        fovea::testing::writeSyntheticIdxDataset(data.toStdString(), options);
        fovea::TrainingConfig config;
        config.dataset = data.toStdString();
        config.architecture = "small-cnn";
        config.epochs = epochs;
        config.batchSize = 32;
        config.threads = 1;
        config.runsFolder = dir.filePath(QStringLiteral("runs")).toStdString();
        return config;
    }

private Q_SLOTS:
    void runEmitsEventsOnTheGuiThreadAndFinishes()
    {
        QTemporaryDir dir;
        TrainingController controller;
        QSignalSpy started(&controller, &TrainingController::runStarted);
        QSignalSpy batches(&controller, &TrainingController::batchProgress);
        QSignalSpy epochs(&controller, &TrainingController::epochFinished);
        QSignalSpy validating(&controller, &TrainingController::validationProgress);
        QSignalSpy finished(&controller, &TrainingController::finished);
        QSignalSpy running(&controller, &TrainingController::runningChanged);
        QObject::connect(&controller, &TrainingController::epochFinished, this,
                         [this] { m_epochSignalThread = QThread::currentThread(); });

        QVERIFY(controller.start(configFor(dir, 2)));
        QVERIFY(controller.isRunning());
        QVERIFY(finished.wait(120000));
        QCOMPARE(started.count(), 1);
        QVERIFY(batches.count() >= 2); // the last batch of each epoch is always reported
        QCOMPARE(epochs.count(), 2);
        QCOMPARE(epochs.at(1).at(0).toInt(), 2);
        // Each validation pass reports its progress, ending with every picture.
        QVERIFY(validating.count() >= 2);
        QCOMPARE(validating.last().at(0).toInt(), 2);
        QVERIFY(validating.last().at(2).toLongLong() > 0);
        QCOMPARE(validating.last().at(1).toLongLong(), validating.last().at(2).toLongLong());
        QCOMPARE(m_epochSignalThread, QThread::currentThread());
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QCOMPARE(finished.at(0).at(1).toInt(), 2);
        QVERIFY(finished.at(0).at(2).toDouble() > 0.5); // 4 learnable classes: well above chance
        QVERIFY(QDir(finished.at(0).at(3).toString()).exists(QStringLiteral("metrics.csv")));
        if (running.count() < 2)
            QVERIFY(running.wait(10000));
        QCOMPARE(running.last().at(0).toBool(), false);
        QVERIFY(!controller.isRunning());
    }

    void stopEndsTheRunEarly()
    {
        QTemporaryDir dir;
        TrainingController controller;
        controller.setProgressIntervalMs(0);
        QSignalSpy batches(&controller, &TrainingController::batchProgress);
        QSignalSpy epochs(&controller, &TrainingController::epochFinished);
        QSignalSpy finished(&controller, &TrainingController::finished);
        QVERIFY(controller.start(configFor(dir, 500)));
        QVERIFY(batches.wait(60000));
        controller.stop();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QVERIFY(finished.at(0).at(1).toInt() < 500);
        QVERIFY(epochs.count() < 500);
    }

    void pauseParksTheRunAndResumeContinuesIt()
    {
        QTemporaryDir dir;
        TrainingController controller;
        controller.setProgressIntervalMs(0);
        QSignalSpy batches(&controller, &TrainingController::batchProgress);
        QSignalSpy paused(&controller, &TrainingController::pausedChanged);
        QSignalSpy finished(&controller, &TrainingController::finished);
        QVERIFY(controller.start(configFor(dir, 500)));
        QVERIFY(batches.wait(60000));
        controller.setPaused(true);
        QCOMPARE(paused.count(), 1);
        QVERIFY(controller.isPaused());
        // The run stops between batches and waits there (on a condition variable).
        QVERIFY(QTest::qWaitFor([&] { return controller.isParked(); }, 60000));
        QCoreApplication::processEvents(); // batch events already queued arrive now
        const qsizetype batchesWhenParked = batches.count();
        controller.setPaused(false);
        QCOMPARE(paused.count(), 2);
        // It goes on: batches after the one it parked at.
        QVERIFY(QTest::qWaitFor([&] { return batches.count() > batchesWhenParked; }, 60000));
        controller.stop();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
    }

    void stopEndsAPausedRun()
    {
        QTemporaryDir dir;
        TrainingController controller;
        QSignalSpy batches(&controller, &TrainingController::batchProgress);
        QSignalSpy finished(&controller, &TrainingController::finished);
        QVERIFY(controller.start(configFor(dir, 500)));
        QVERIFY(batches.wait(60000));
        controller.setPaused(true);
        QVERIFY(QTest::qWaitFor([&] { return controller.isParked(); }, 60000));
        controller.stop();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        // Once the worker is joined the controller is idle, and no longer paused.
        QVERIFY(QTest::qWaitFor([&] { return !controller.isRunning(); }, 60000));
        QVERIFY(!controller.isPaused());
    }

    void secondStartIsRefusedWhileRunning()
    {
        QTemporaryDir dir;
        TrainingController controller;
        QSignalSpy finished(&controller, &TrainingController::finished);
        const fovea::TrainingConfig config = configFor(dir, 500);
        QVERIFY(controller.start(config));
        QVERIFY(!controller.start(config));
        controller.stop();
        QVERIFY(finished.wait(60000));
    }

    void failureNamesTheMissingDataset()
    {
        QTemporaryDir dir;
        TrainingController controller;
        QSignalSpy failed(&controller, &TrainingController::failed);
        fovea::TrainingConfig config = configFor(dir, 1);
        config.dataset = dir.filePath(QStringLiteral("no-such-folder")).toStdString();
        QVERIFY(controller.start(config));
        QVERIFY(failed.wait(30000));
        QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("not-found"));
        QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("no-such-folder")));
    }

    void destroyingTheControllerStopsAndJoinsTheRun()
    {
        QTemporaryDir dir;
        auto controller = std::make_unique<TrainingController>();
        controller->setProgressIntervalMs(0);
        QSignalSpy batches(controller.get(), &TrainingController::batchProgress);
        QVERIFY(controller->start(configFor(dir, 500)));
        QVERIFY(batches.wait(60000));
        QElapsedTimer timer;
        timer.start();
        controller.reset(); // must return promptly: the run stops within one batch
        QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));
    }

private:
    QThread* m_epochSignalThread = nullptr;
};

QTEST_GUILESS_MAIN(TrainingControllerTest)
#include "TrainingControllerTest.moc"
