// The Train page's run history: the project's runs listed newest first with their epochs and
// best accuracy, a run ticked to compare overlays its curves and unticking removes them, and
// a run written by a separate fovea-cli process is followed live (its curves grow as it
// writes, and end with every epoch). A run stopped part way is resumed from the list and ends
// as one that ran straight through. Also the epoch shading and the SVG export of the curves.
#include "MainWindow.h"
#include "RunHistoryController.h"
#include "RunSettingsPanel.h"
#include "SyntheticIdx.h"
#include "TrainingController.h"
#include "fovea/RunDirectory.h"
#include "fovea_widgets/LiveCurvePlot.h"
#include "fovea_widgets/RunHistoryView.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <csignal>

using fovea::app::MainWindow;
using fovea::app::RunHistoryController;

namespace {

/// A finished run directory written with the engine's own writer.
QString writeRun(const QString& runsFolder, const QString& name, int epochs,
                 const QList<double>& accuracies)
{
    const QString directory = QDir(runsFolder).filePath(name);
    QDir().mkpath(directory);
    QFile header(QDir(directory).filePath(QStringLiteral("metrics.csv")));
    if (header.open(QIODevice::WriteOnly))
        header.write(QByteArray(fovea::RunDirectory::metricsHeader()) + "\n");
    header.close();
    fovea::TrainingConfig config;
    config.architecture = "resnet18";
    config.epochs = epochs;
    fovea::RunDirectory run = fovea::RunDirectory::reopen(directory.toStdString(), 0);
    run.writeConfig(config.toJson());
    fovea::RunStarted started;
    started.epochs = epochs;
    run.writeRunInfo(started, 10);
    for (int e = 1; e <= accuracies.size(); ++e) {
        for (int s = 1; s <= 10; s += 5) {
            fovea::MetricsRow step;
            step.kind = "step";
            step.epoch = e;
            step.step = (e - 1) * 10 + s;
            step.trainLoss = 2.0 / (step.step + 1);
            step.learningRate = 0.1;
            run.appendMetrics(step);
        }
        fovea::MetricsRow row;
        row.kind = "epoch";
        row.epoch = e;
        row.step = e * 10;
        row.trainLoss = 1.0 / e;
        row.trainAccuracy = accuracies[e - 1] + 0.01;
        row.validationLoss = 1.2 / e;
        row.validationAccuracy = accuracies[e - 1];
        run.appendMetrics(row);
    }
    run.flushMetrics();
    return directory;
}

void pointRunsFolderAt(MainWindow& window, const QString& folder)
{
    fovea::TrainingConfig config = window.settingsPanel()->config();
    config.runsFolder = folder.toStdString();
    window.settingsPanel()->setConfig(config);
}

} // namespace

class RunHistoryTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void runsAreListedAndCompared();
    void aRunWrittenByFoveaCliIsFollowedLive();
    void aStoppedRunIsResumedFromTheList();
    void aRunThatCannotBeResumedSaysWhy();
    void aResumeFromAnOlderCheckpointDrawsItsOwnHistory();
    void runsAppearingInTheFolderAreListedWithoutARefresh();
    void epochsAreShadedAndCurvesExportAsSvg();
};

void RunHistoryTest::runsAreListedAndCompared()
{
    QTemporaryDir dir;
    const QString runs = dir.filePath(QStringLiteral("runs"));
    // Two runs, and a folder without metrics.csv that is not one.
    const QString older =
        writeRun(runs, QStringLiteral("20260101-101010-resnet18"), 3, {0.50, 0.62, 0.71});
    const QString newer =
        writeRun(runs, QStringLiteral("20260102-090000-resnet18"), 5, {0.40, 0.55});
    QDir().mkpath(QDir(runs).filePath(QStringLiteral("not-a-run")));

    MainWindow window;
    pointRunsFolderAt(window, runs);
    Q_EMIT window.runHistory()->refreshRequested();
    QTreeWidget* list = window.runHistory()->list();
    // (The window listed its default runs folder first; this folder's listing follows.)
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 2, 10000);
    QCOMPARE(list->topLevelItem(0)->text(0), QDir(newer).dirName()); // newest first
    QCOMPARE(list->topLevelItem(0)->text(1), QStringLiteral("2 of 5"));
    QCOMPARE(list->topLevelItem(1)->text(1), QStringLiteral("3 of 3"));
    QCOMPARE(list->topLevelItem(1)->text(2), QStringLiteral("71.00 %"));
    QVERIFY(list->topLevelItem(1)->toolTip(0).endsWith(QStringLiteral("resnet18")));

    // Ticking the older run overlays its validation accuracy and loss, one point per epoch.
    fovea::widgets::LiveCurvePlot* plot = window.curvePlot();
    QCOMPARE(plot->curveCount(), int(MainWindow::kFixedCurves));
    QSignalSpy read(window.runHistoryController(), &RunHistoryController::curvesRead);
    list->topLevelItem(1)->setCheckState(0, Qt::Checked);
    QVERIFY(read.wait(10000));
    QCOMPARE(plot->curveCount(), MainWindow::kFixedCurves + 2);
    QCOMPARE(plot->pointCount(MainWindow::kFixedCurves), 3);
    QVERIFY(plot->curveName(MainWindow::kFixedCurves).contains(QDir(older).dirName()));
    list->topLevelItem(0)->setCheckState(0, Qt::Checked);
    QVERIFY(read.wait(10000));
    QCOMPARE(plot->curveCount(), MainWindow::kFixedCurves + 4);
    // Unticking removes that run's curves only.
    list->topLevelItem(1)->setCheckState(0, Qt::Unchecked);
    QCOMPARE(plot->curveCount(), MainWindow::kFixedCurves + 2);
    QVERIFY(plot->curveName(MainWindow::kFixedCurves).contains(QDir(newer).dirName()));
    QCOMPARE(plot->pointCount(MainWindow::kFixedCurves), 2);

    // Following a finished run draws all of it on the epoch axis: step rows at step / 10.
    QSignalSpy shown(&window, &MainWindow::followedRunShown);
    window.followRun(older);
    QVERIFY(shown.wait(10000));
    QCOMPARE(plot->pointCount(MainWindow::ValidationAccuracy), 3);
    QCOMPARE(plot->pointCount(MainWindow::TrainingLoss), 6);
    QCOMPARE(window.learningRatePlot()->pointCount(0), 6);
    QCOMPARE(window.accuracyLabel()->text(), QStringLiteral("Validation accuracy: 71.00 %"));
    const QString followed =
        QStringLiteral("Following %1: 3 of 3 epochs").arg(QDir(older).dirName());
    QCOMPARE(window.epochLabel()->text(), followed);
    QCOMPARE(plot->curveCount(), MainWindow::kFixedCurves + 2); // the comparison stays
    // A language switch says the same again (it used to fall back to "Ready").
    QEvent languageChange(QEvent::LanguageChange);
    QApplication::sendEvent(&window, &languageChange);
    QCOMPARE(window.epochLabel()->text(), followed);
    QCOMPARE(window.accuracyLabel()->text(), QStringLiteral("Validation accuracy: 71.00 %"));

    const QString folder = qEnvironmentVariable("FOVEA_SCREENSHOT_DIR");
    if (!folder.isEmpty() && QDir().mkpath(folder)) {
        window.resize(1400, 860);
        window.show();
        plot->replotIfDirty();
        window.learningRatePlot()->replotIfDirty();
        QApplication::processEvents();
        window.grab().save(QDir(folder).filePath(QStringLiteral("run-history.png")));
    }

    // Another runs folder (another project): the compared run is no longer listed, and its
    // curves leave the plot with it.
    pointRunsFolderAt(window, dir.filePath(QStringLiteral("other-runs")));
    Q_EMIT window.runHistory()->refreshRequested();
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 0, 10000);
    QCOMPARE(plot->curveCount(), int(MainWindow::kFixedCurves));
}

void RunHistoryTest::aRunWrittenByFoveaCliIsFollowedLive()
{
    QTemporaryDir dir;
    const QString data = dir.filePath(QStringLiteral("data"));
    fovea::testing::SyntheticIdxOptions options;
    options.trainCount = 2048;
    options.size = 16;
    fovea::testing::writeSyntheticIdxDataset(data.toStdString(), options);
    const QString runs = dir.filePath(QStringLiteral("runs"));
    const int epochs = 6;
    QProcess cli;
    cli.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    cli.start(QStringLiteral(FOVEA_CLI_PATH),
              {QStringLiteral("train"), QStringLiteral("--dataset"), data, QStringLiteral("--arch"),
               QStringLiteral("small-cnn"), QStringLiteral("--epochs"), QString::number(epochs),
               QStringLiteral("--batch-size"), QStringLiteral("32"), QStringLiteral("--threads"),
               QStringLiteral("1"), QStringLiteral("--runs"), runs});
    QVERIFY(cli.waitForStarted());

    // Its run directory, once the first epoch is written.
    QString run;
    auto epochRows = [&run] {
        QFile file(QDir(run).filePath(QStringLiteral("metrics.csv")));
        if (!file.open(QIODevice::ReadOnly))
            return 0;
        return int(file.readAll().count("\nepoch,"));
    };
    QVERIFY(QTest::qWaitFor(
        [&] {
            const QStringList found = QDir(runs).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
            if (!found.isEmpty())
                run = QDir(runs).filePath(found.front());
            return !run.isEmpty() && epochRows() >= 1;
        },
        120000));
    // Hold the writer still so that what is followed is certainly part of the run.
    QCOMPARE(::kill(pid_t(cli.processId()), SIGSTOP), 0);
    const int rowsWhenStopped = epochRows();
    QVERIFY(rowsWhenStopped < epochs);

    MainWindow window;
    QSignalSpy shown(&window, &MainWindow::followedRunShown);
    window.followRun(run);
    QVERIFY(shown.wait(10000));
    QCOMPARE(window.curvePlot()->pointCount(MainWindow::ValidationAccuracy), rowsWhenStopped);
    QVERIFY(window.curvePlot()->pointCount(MainWindow::TrainingLoss) > 0);

    // Let it go on: the curves follow each rewrite of metrics.csv until the last epoch.
    QCOMPARE(::kill(pid_t(cli.processId()), SIGCONT), 0);
    QVERIFY(QTest::qWaitFor(
        [&] { return window.curvePlot()->pointCount(MainWindow::ValidationAccuracy) == epochs; },
        180000));
    QVERIFY(shown.size() >= 2);
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 0);
    // The last drawn state is the whole finished run.
    const fovea::app::RunCurves final = RunHistoryController::readCurves(run);
    QCOMPARE(window.curvePlot()->pointCount(MainWindow::TrainingLoss),
             int(final.trainingLoss.size()));
    QCOMPARE(final.epochs, epochs);
}

namespace {

/// Selects the listed run `directory`; false when it is not listed.
bool selectRun(MainWindow& window, const QString& directory)
{
    QTreeWidget* list = window.runHistory()->list();
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        if (list->topLevelItem(i)->toolTip(0).startsWith(directory + QLatin1Char('\n'))) {
            list->clearSelection();
            list->topLevelItem(i)->setSelected(true);
            return true;
        }
    return false;
}

int epochRowsOf(const QString& run)
{
    int rows = 0;
    for (const fovea::MetricsRow& row : fovea::RunDirectory::readMetrics(run.toStdString()))
        rows += row.kind == "epoch";
    return rows;
}

/// Trains small-cnn for `epochs` on a dataset generated in `folder`, from `window`'s Train
/// button, and stops the run once epoch `stopAfter` is in (its checkpoint is written before it
/// is reported). The run's directory; empty, with a warning, when it did not go so.
QString trainAndStop(MainWindow& window, const QString& folder, int epochs, int stopAfter)
{
    const QString data = QDir(folder).filePath(QStringLiteral("data"));
    fovea::testing::SyntheticIdxOptions options;
    options.size = 16;
    fovea::testing::writeSyntheticIdxDataset(data.toStdString(), options);
    fovea::TrainingConfig config = window.settingsPanel()->config();
    config.dataset = data.toStdString();
    config.architecture = "small-cnn";
    config.epochs = epochs;
    config.logEverySteps = 2; // learning-rate points in metrics.csv: the history has some
    config.batchSize = 32;
    config.threads = 1;
    config.runsFolder = QDir(folder).filePath(QStringLiteral("runs")).toStdString();
    window.settingsPanel()->setConfig(config);
    fovea::app::TrainingController* controller = window.controller();
    QSignalSpy finished(controller, &fovea::app::TrainingController::finished);
    const QMetaObject::Connection stopping =
        QObject::connect(controller, &fovea::app::TrainingController::epochFinished, &window,
                         [&window, stopAfter](int epoch) {
                             if (epoch == stopAfter)
                                 window.stopTraining();
                         });
    QTest::mouseClick(window.trainButton(), Qt::LeftButton);
    const bool ended = finished.wait(120'000);
    QObject::disconnect(stopping);
    if (!ended || !finished.first().at(0).toBool()) {
        qWarning("the run did not stop after epoch %d", stopAfter);
        return {};
    }
    return finished.first().at(3).toString();
}

} // namespace

void RunHistoryTest::aStoppedRunIsResumedFromTheList()
{
    QTemporaryDir dir;
    const int epochs = 40; // enough that the stop lands before the end
    MainWindow window;
    fovea::app::TrainingController* controller = window.controller();
    const QString run = trainAndStop(window, dir.path(), epochs, 1);
    QVERIFY(!run.isEmpty());
    const int stoppedAt = epochRowsOf(run);
    QVERIFY(stoppedAt >= 1 && stoppedAt < epochs);
    QVERIFY(!QFile::exists(QDir(run).filePath(QStringLiteral("model.pt"))));
    QSignalSpy finished(controller, &fovea::app::TrainingController::finished);

    // Listed again after the stop; selected, it offers Resume.
    QPushButton* resume = window.runHistory()->resumeButton();
    QVERIFY(QTest::qWaitFor([&] { return selectRun(window, run) && resume->isEnabled(); }, 10000));
    if (const QString folder = qEnvironmentVariable("FOVEA_SCREENSHOT_DIR");
        !folder.isEmpty() && QDir().mkpath(folder)) {
        window.resize(1400, 860);
        window.show();
        QApplication::processEvents();
        for (QScrollArea* scroll : window.findChildren<QScrollArea*>()) // the run list in view
            scroll->ensureWidgetVisible(resume);
        QApplication::processEvents();
        window.grab().save(QDir(folder).filePath(QStringLiteral("run-stopped-resumable.png")));
    }
    QSignalSpy history(controller, &fovea::app::TrainingController::resumedFrom);
    QSignalSpy epochsSeen(controller, &fovea::app::TrainingController::epochFinished);
    QSignalSpy batchesSeen(controller, &fovea::app::TrainingController::batchProgress);
    QTest::mouseClick(resume, Qt::LeftButton);
    QVERIFY(!window.trainButton()->isEnabled()); // a run goes on
    QVERIFY(!resume->isEnabled());               // and nothing else resumes meanwhile
    // The settings shown are the project's, not the run's: said above them.
    QVERIFY(window.resumedSettingsNote()->isVisibleTo(&window));
    QVERIFY(finished.wait(180'000));
    QVERIFY(!finished.first().at(0).toBool()); // to the end this time
    QTRY_VERIFY(!window.resumedSettingsNote()->isVisibleTo(&window));
    QCOMPARE(finished.first().at(3).toString(), run); // the same directory, not a new run
    QCOMPARE(history.size(), 1);
    // The curves: the earlier epochs from the run's files, then the resumed ones live.
    QCOMPARE(history.first().at(0).value<fovea::app::RunCurves>().validationAccuracy.size(),
             stoppedAt);
    QCOMPARE(epochsSeen.size(), epochs - stoppedAt);
    QCOMPARE(epochsSeen.first().at(0).toInt(), stoppedAt + 1);
    QCOMPARE(window.curvePlot()->pointCount(MainWindow::ValidationAccuracy), epochs);
    const auto earlierRates =
        history.first().at(0).value<fovea::app::RunCurves>().learningRate.size();
    QVERIFY(earlierRates > 0);
    // The rates so far are kept, and each batch of the resumed run adds its own.
    QCOMPARE(window.learningRatePlot()->pointCount(0), int(earlierRates + batchesSeen.size()));
    QCOMPARE(epochRowsOf(run), epochs);
    QVERIFY(QFile::exists(QDir(run).filePath(QStringLiteral("model.pt"))));
    // Finished, it is listed as such: nothing to resume.
    QTreeWidget* list = window.runHistory()->list();
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItem(0)->text(1),
                              QStringLiteral("%1 of %1").arg(epochs), 10000);
    QVERIFY(selectRun(window, run));
    QVERIFY(!resume->isEnabled());
}

void RunHistoryTest::aResumeFromAnOlderCheckpointDrawsItsOwnHistory()
{
    // The newest checkpoints damaged: the engine resumes from epoch 1's and cuts metrics.csv
    // back to it. The curves drawn first are those up to epoch 1, not the rows cut away.
    QTemporaryDir dir;
    MainWindow window;
    const QString run = trainAndStop(window, dir.path(), 40, 3);
    QVERIFY(!run.isEmpty());
    QVERIFY(epochRowsOf(run) >= 3);
    const QDir checkpoints(QDir(run).filePath(QStringLiteral("checkpoints")));
    QVERIFY(checkpoints.exists(QStringLiteral("epoch-0001.ckpt")));
    for (const QString& name : checkpoints.entryList({QStringLiteral("*.ckpt")}, QDir::Files)) {
        if (name == QLatin1String("epoch-0001.ckpt"))
            continue;
        QFile file(checkpoints.filePath(name));
        QVERIFY(file.open(QIODevice::ReadWrite));
        file.seek(file.size() / 2);
        file.write("damaged");
    }
    QPushButton* resume = window.runHistory()->resumeButton();
    QVERIFY(QTest::qWaitFor([&] { return selectRun(window, run) && resume->isEnabled(); }, 10000));
    fovea::app::TrainingController* controller = window.controller();
    QSignalSpy history(controller, &fovea::app::TrainingController::resumedFrom);
    QSignalSpy epochsSeen(controller, &fovea::app::TrainingController::epochFinished);
    QSignalSpy finished(controller, &fovea::app::TrainingController::finished);
    // (After the window's own handler: what the status bar says as the run starts.)
    QString statusAtStart;
    connect(controller, &fovea::app::TrainingController::runStarted, &window,
            [&] { statusAtStart = window.statusBar()->currentMessage(); });
    QTest::mouseClick(resume, Qt::LeftButton);
    QVERIFY(epochsSeen.wait(60'000));
    // Which checkpoints were passed over, and where it went on from, stay in view.
    QVERIFY2(statusAtStart.contains(QStringLiteral("skipping checkpoint")) &&
                 statusAtStart.contains(QStringLiteral("resuming from")) &&
                 statusAtStart.contains(QStringLiteral("epoch-0001.ckpt")),
             qPrintable(statusAtStart));
    window.stopTraining(); // the curves are what is checked, not the end
    QVERIFY(finished.wait(60'000));
    QCOMPARE(history.size(), 1);
    const auto before = history.first().at(0).value<fovea::app::RunCurves>();
    QCOMPARE(before.validationAccuracy.size(), 1);
    QCOMPARE(epochsSeen.first().at(0).toInt(), 2); // epoch 2 again
    // Each epoch once on the plot: 1 from the history, the rest live.
    QCOMPARE(window.curvePlot()->pointCount(MainWindow::ValidationAccuracy),
             1 + int(epochsSeen.size()));
}

void RunHistoryTest::aRunThatCannotBeResumedSaysWhy()
{
    // Stopped early by the listing's measure (checkpoints, no model file), but its only
    // checkpoint is damaged: the resume fails and says which file and why.
    QTemporaryDir dir;
    const QString runs = dir.filePath(QStringLiteral("runs"));
    const QString run = writeRun(runs, QStringLiteral("20260101-101010-resnet18"), 5, {0.5});
    QDir().mkpath(QDir(run).filePath(QStringLiteral("checkpoints")));
    QFile damaged(QDir(run).filePath(QStringLiteral("checkpoints/last.ckpt")));
    QVERIFY(damaged.open(QIODevice::WriteOnly));
    damaged.write("not a checkpoint");
    damaged.close();

    MainWindow window;
    pointRunsFolderAt(window, runs);
    Q_EMIT window.runHistory()->refreshRequested();
    QPushButton* resume = window.runHistory()->resumeButton();
    QVERIFY(QTest::qWaitFor([&] { return selectRun(window, run) && resume->isEnabled(); }, 10000));
    QSignalSpy failed(window.controller(), &fovea::app::TrainingController::failed);
    QTest::mouseClick(resume, Qt::LeftButton);
    QVERIFY(failed.wait(60'000));
    auto* box = window.findChild<QMessageBox*>(QStringLiteral("trainingFailedBox"));
    QVERIFY(box);
    QCOMPARE(box->text(), QStringLiteral("The run could not be resumed."));
    QVERIFY2(box->informativeText().contains(QStringLiteral("last.ckpt")),
             qPrintable(box->informativeText()));
    QTRY_VERIFY(window.trainButton()->isEnabled());
    const QPointer<QMessageBox> first = box;
    box->close(); // deletes itself
    QTRY_VERIFY(first.isNull());

    // In use by another process (here this one, as a fovea-cli training it would): refused at
    // once, and said so.
    const fovea::RunDirectory holder = fovea::RunDirectory::reopen(run.toStdString(), 0);
    QVERIFY(QTest::qWaitFor([&] { return resume->isEnabled(); }, 10000));
    failed.clear();
    QTest::mouseClick(resume, Qt::LeftButton);
    QVERIFY(failed.wait(60'000));
    box = window.findChild<QMessageBox*>(QStringLiteral("trainingFailedBox"));
    QVERIFY(box);
    QCOMPARE(box->text(), QStringLiteral("The run could not be resumed."));
    QVERIFY2(box->informativeText().contains(QStringLiteral("in use by another Fovea process")),
             qPrintable(box->informativeText()));
}

void RunHistoryTest::runsAppearingInTheFolderAreListedWithoutARefresh()
{
    // As when a fovea-cli on this machine starts a run in the project's runs folder.
    QTemporaryDir dir;
    const QString runs = dir.filePath(QStringLiteral("runs"));
    writeRun(runs, QStringLiteral("20260101-101010-resnet18"), 3, {0.5});
    MainWindow window;
    pointRunsFolderAt(window, runs);
    Q_EMIT window.runHistory()->refreshRequested();
    QTreeWidget* list = window.runHistory()->list();
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 1, 10000);
    const QString newer =
        writeRun(runs, QStringLiteral("20260102-090000-resnet18"), 5, {0.4, 0.55});
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 2, 10000);
    QCOMPARE(list->topLevelItem(0)->text(0), QDir(newer).dirName());
    QVERIFY(QDir(newer).removeRecursively());
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 1, 10000);
    // A run's epochs as another process writes them: its row follows.
    QCOMPARE(list->topLevelItem(0)->text(1), QStringLiteral("1 of 3"));
    writeRun(runs, QStringLiteral("20260101-101010-resnet18"), 3, {0.5, 0.6});
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItem(0)->text(1), QStringLiteral("2 of 3"), 10000);

    // A runs folder that does not exist yet (a new project's): watched from the folder above
    // it until it is made, then itself.
    const QString later = dir.filePath(QStringLiteral("later/runs"));
    pointRunsFolderAt(window, later);
    Q_EMIT window.runHistory()->refreshRequested();
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 0, 10000);
    writeRun(later, QStringLiteral("20260103-080000-resnet18"), 2, {0.3});
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 1, 10000);
}

void RunHistoryTest::epochsAreShadedAndCurvesExportAsSvg()
{
    fovea::widgets::LiveCurvePlot plot;
    plot.resize(600, 400);
    const QColor distinctive(0x12, 0x34, 0x56); // to find the curve in the SVG
    const int curve = plot.addCurve(QStringLiteral("loss"), distinctive);
    for (int i = 0; i < 50; ++i)
        plot.appendPoint(curve, i / 10.0, 1.0 / (i + 1));
    plot.setEpochBands(5);
    QCOMPARE(plot.epochBandCount(), 2); // epochs 2 and 4 (from 1–2 and 3–4)
    plot.setEpochBands(0);
    QCOMPARE(plot.epochBandCount(), 0);
    plot.setEpochBands(6);
    QCOMPARE(plot.epochBandCount(), 3);
    plot.replotIfDirty();

    QTemporaryDir dir;
    const QString svg = dir.filePath(QStringLiteral("curves.svg"));
    QVERIFY(plot.exportTo(svg));
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.startsWith("<?xml"));
    QVERIFY(text.contains("<svg"));
    QVERIFY(text.contains("<path") || text.contains("<polyline"));
    QVERIFY(text.toLower().contains("#123456")); // the curve itself, not only the axes
    QVERIFY(!QFile::exists(svg + QStringLiteral(".part")));
    QVERIFY(!plot.exportTo(dir.filePath(QStringLiteral("no-folder/curves.svg"))));
}

QTEST_MAIN(RunHistoryTest)
#include "RunHistoryTest.moc"
