#include "MainWindow.h"
#include "ClassificationController.h"
#include "LanguageManager.h"
#include "RunSettingsPanel.h"
#include "SyntheticIdx.h"
#include "TrainingController.h"
#include "fovea_widgets/LiveCurvePlot.h"
#include "fovea_widgets/QCustomPlotInclude.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using fovea::app::ClassificationController;
using fovea::app::MainWindow;
using fovea::app::TrainingController;

class MainWindowTest : public QObject {
    Q_OBJECT

private:
    void prepare(MainWindow& window, const QTemporaryDir& dir, int epochs, int validateEvery = 1)
    {
        const QString data = dir.filePath(QStringLiteral("data"));
        fovea::testing::SyntheticIdxOptions options;
        options.size = 16;
        fovea::testing::writeSyntheticIdxDataset(data.toStdString(), options);
        fovea::TrainingConfig config;
        config.dataset = data.toStdString();
        config.epochs = epochs;
        config.batchSize = 32;
        config.threads = 1;
        config.validateEveryEpochs = validateEvery;
        config.runsFolder = dir.filePath(QStringLiteral("runs")).toStdString();
        window.settingsPanel()->setConfig(config);
    }

    /// Saves a screenshot when FOVEA_SCREENSHOT_DIR is set (for looking at, not for asserting).
    void saveScreenshot(QWidget& widget, const QString& name)
    {
        const QString folder = qEnvironmentVariable("FOVEA_SCREENSHOT_DIR");
        if (folder.isEmpty())
            return;
        // The plots redraw on their timer: draw what they hold now, in the language now.
        for (auto* plot : widget.findChildren<fovea::widgets::LiveCurvePlot*>()) {
            plot->replotIfDirty();
            plot->plot()->replot(QCustomPlot::rpImmediateRefresh);
        }
        widget.grab().save(QDir(folder).filePath(name));
    }

    /// Answers the next modal message box named `name` with its button of `role` (Cancel is
    /// RejectRole, Discard DestructiveRole); the box's informative text goes to `informative`.
    static void answerNextPrompt(const QString& name, QMessageBox::ButtonRole role,
                                 QString* informative = nullptr)
    {
        auto* timer = new QTimer;
        timer->setInterval(5);
        QObject::connect(timer, &QTimer::timeout, timer, [timer, name, role, informative] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box || !box->isVisible() || box->objectName() != name)
                return;
            if (informative)
                *informative = box->informativeText();
            for (QAbstractButton* button : box->buttons())
                if (box->buttonRole(button) == role) {
                    timer->stop();
                    timer->deleteLater();
                    button->click();
                    return;
                }
        });
        timer->start();
    }

private Q_SLOTS:
    void trainButtonTrainsAndTheCurvesFill()
    {
        QTemporaryDir dir;
        MainWindow window;
        window.show();
        prepare(window, dir, 2);
        QSignalSpy finished(window.controller(), &TrainingController::finished);
        QVERIFY(window.trainButton()->isEnabled());
        QVERIFY(!window.stopButton()->isEnabled());

        QTest::mouseClick(window.trainButton(), Qt::LeftButton);
        QVERIFY(!window.trainButton()->isEnabled());
        QVERIFY(window.stopButton()->isEnabled());
        QVERIFY(!window.settingsPanel()->datasetEdit()->isEnabled());
        QVERIFY(finished.wait(120000));
        QTRY_VERIFY(window.trainButton()->isEnabled());

        auto* plot = window.curvePlot();
        QVERIFY(plot->pointCount(MainWindow::TrainingLoss) >= 2);
        QCOMPARE(plot->pointCount(MainWindow::ValidationLoss), 2);
        QCOMPARE(plot->pointCount(MainWindow::ValidationAccuracy), 2);
        QVERIFY(window.accuracyLabel()->text().contains(QLatin1Char('%')));
        QCOMPARE(window.epochProgress()->value(), window.epochProgress()->maximum());
        QVERIFY(!window.stopButton()->isEnabled());
        QVERIFY(window.settingsPanel()->datasetEdit()->isEnabled());
        saveScreenshot(window, QStringLiteral("main-window-trained.png"));
    }

    void trainButtonsStayInViewInAShortWindow()
    {
        // Shorter than the settings: they scroll, the buttons that start and end a run do not.
        MainWindow window;
        window.resize(1000, 520);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        for (QPushButton* button :
             {window.trainButton(), window.pauseButton(), window.stopButton()}) {
            QVERIFY(button->isVisible());
            const QRect visible = button->visibleRegion().boundingRect();
            QVERIFY2(visible == button->rect(),
                     qPrintable(QStringLiteral("%1: %2 of %3 x %4 visible")
                                    .arg(button->text())
                                    .arg(visible.height())
                                    .arg(button->width())
                                    .arg(button->height())));
        }
        saveScreenshot(window, QStringLiteral("train-page-short-window.png"));
    }

    void aLongMessageShowsItsFirstLineInTheStatusBar()
    {
        MainWindow window;
        Q_EMIT window.controller()->message(QStringLiteral(
            "2 file(s) left out of 'd':\n  d/a.png: not a picture\n  d/b.png: empty"));
        QCOMPARE(window.statusBar()->currentMessage(),
                 QStringLiteral("2 file(s) left out of 'd':"));
    }

    void epochsWithoutValidationLeaveNoValidationPoints()
    {
        // validateEveryEpochs 2 over 3 epochs: validation figures after epochs 2 and 3 only; the
        // training accuracy has a point for every epoch.
        QTemporaryDir dir;
        MainWindow window;
        prepare(window, dir, 3, 2);
        QSignalSpy finished(window.controller(), &TrainingController::finished);
        QTest::mouseClick(window.trainButton(), Qt::LeftButton);
        QVERIFY(finished.wait(120000));
        auto* plot = window.curvePlot();
        QCOMPARE(plot->pointCount(MainWindow::TrainingAccuracy), 3);
        QCOMPARE(plot->pointCount(MainWindow::ValidationLoss), 2);
        QCOMPARE(plot->pointCount(MainWindow::ValidationAccuracy), 2);
        QVERIFY(window.accuracyLabel()->text().contains(QLatin1Char('%')));
    }

    void theNewestRunsModelIsClassifiedWith()
    {
        QTemporaryDir dir;
        MainWindow window;
        prepare(window, dir, 1);
        QStringList models;
        for (int run = 0; run < 2; ++run) {
            QSignalSpy finished(window.controller(), &TrainingController::finished);
            QSignalSpy ready(window.classification(), &ClassificationController::modelReady);
            QTest::mouseClick(window.trainButton(), Qt::LeftButton);
            QVERIFY(finished.wait(120000));
            models << QDir(finished.at(0).at(3).toString()).filePath(QStringLiteral("model.pt"));
            QVERIFY(ready.wait(60000));
            // The second run's, not the first one's kept.
            QCOMPARE(window.classification()->modelFile(), models.back());
            QTRY_VERIFY(window.trainButton()->isEnabled());
        }
        QVERIFY(models.front() != models.back());
    }

    void stopButtonEndsTheRun()
    {
        QTemporaryDir dir;
        MainWindow window;
        window.show();
        prepare(window, dir, 500);
        QSignalSpy batches(window.controller(), &TrainingController::batchProgress);
        QSignalSpy finished(window.controller(), &TrainingController::finished);
        QTest::mouseClick(window.trainButton(), Qt::LeftButton);
        QVERIFY(batches.wait(60000));
        QTest::mouseClick(window.stopButton(), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QTRY_VERIFY(window.trainButton()->isEnabled());
        // Read-outs of a run that no longer goes on: no time left is estimated, and the time
        // is the engine's (pauses not counted): the last batch's.
        const qint64 seconds = qint64(batches.last().at(7).toDouble());
        const QString elapsed = QStringLiteral("%1:%2:%3")
                                    .arg(seconds / 3600)
                                    .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
                                    .arg(seconds % 60, 2, 10, QLatin1Char('0'));
        QCOMPARE(window.timeLabel()->text(), elapsed + QStringLiteral(" elapsed"));
        // Said again in another language (LanguageChange is posted: the next event-loop turn).
        fovea::app::LanguageManager languages;
        languages.setLanguage(QStringLiteral("de"));
        QTRY_COMPARE(window.timeLabel()->text(), elapsed + QStringLiteral(" vergangen"));
        languages.setLanguage(QStringLiteral("en"));
        QTRY_COMPARE(window.timeLabel()->text(), elapsed + QStringLiteral(" elapsed"));
        QVERIFY(window.curvePlot()->pointCount(MainWindow::ValidationAccuracy) < 500);
    }

    void quittingDuringARunAsksFirst()
    {
        QTemporaryDir dir;
        MainWindow window;
        window.show();
        prepare(window, dir, 500);
        QSignalSpy started(window.controller(), &TrainingController::runStarted);
        QSignalSpy finished(window.controller(), &TrainingController::finished);
        QTest::mouseClick(window.trainButton(), Qt::LeftButton);
        QVERIFY(started.wait(60000));
        // No other project while it trains: the run's settings and runs list stay its own.
        QVERIFY(!window.newProject());
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("A run is training")));
        // Cancel: the window and the run go on.
        QString informative;
        answerNextPrompt(QStringLiteral("runInProgressBox"), QMessageBox::RejectRole, &informative);
        QVERIFY(!window.close());
        QVERIFY(window.isVisible());
        QVERIFY(window.controller()->isRunning());
        QVERIFY2(informative.contains(QStringLiteral("fovea-cli resume")), qPrintable(informative));
        // Stop and quit (then the unsaved project is discarded): the run ends as stopped.
        answerNextPrompt(QStringLiteral("runInProgressBox"), QMessageBox::AcceptRole);
        answerNextPrompt(QStringLiteral("unsavedChangesBox"), QMessageBox::DestructiveRole);
        QVERIFY(window.close());
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
    }

    void languageSwitchesAtRunTime()
    {
        fovea::app::LanguageManager languages;
        languages.setLanguage(QStringLiteral("en"));
        MainWindow window(&languages);
        QCOMPARE(window.trainButton()->text(), QStringLiteral("Train"));
        QCOMPARE(languages.setLanguage(QStringLiteral("de")), QStringLiteral("de"));
        // Qt posts LanguageChange to top-level windows: it arrives on the next event-loop turn.
        QTRY_COMPARE(window.trainButton()->text(), QStringLiteral("Trainieren"));
        QCOMPARE(window.stopButton()->text(), QStringLiteral("Anhalten"));
        saveScreenshot(window, QStringLiteral("main-window-de.png"));
        QCOMPARE(languages.setLanguage(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
        QTRY_COMPARE(window.trainButton()->text(), QStringLiteral("训练"));
        QCOMPARE(window.stopButton()->text(), QStringLiteral("停止"));
        QVERIFY(window.windowTitle().contains(QStringLiteral("未命名")));
        saveScreenshot(window, QStringLiteral("main-window-zh_CN.png"));
        QCOMPARE(languages.setLanguage(QStringLiteral("en")), QStringLiteral("en"));
        QTRY_COMPARE(window.trainButton()->text(), QStringLiteral("Train"));
        // A language without a translation falls back to English instead of failing.
        QCOMPARE(languages.setLanguage(QStringLiteral("xx")), QStringLiteral("en"));
    }
};

QTEST_MAIN(MainWindowTest)
#include "MainWindowTest.moc"
