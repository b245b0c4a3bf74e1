// The Train page's jobs seen from the window: starting and stopping a run or a range test, the
// schedule's preview, and the readouts that follow a run (progress, times, the end or the
// failure).
#include "MainWindow.h"

#include "AugmentationPreviewController.h"
#include "RunSettingsPanel.h"
#include "TrainingController.h"
#include "fovea/LearningRateSchedule.h"
#include "fovea_widgets/AugmentationEditor.h"
#include "fovea_widgets/LiveCurvePlot.h"
#include "fovea_widgets/RunHistoryView.h"

#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>

#include <cmath>

namespace fovea::app {

void MainWindow::startTraining()
{
    if (!augmentationIsValid())
        return;
    resetRunReadouts();
    fovea::TrainingConfig config = projectConfig();
    config.runsFolder = runsFolder().toStdString();
    if (!m_controller->start(config))
        statusBar()->showMessage(tr("A run is already in progress."), 5000);
}

void MainWindow::resetRunReadouts()
{
    m_runs->stopFollowing(); // the plot shows this run from here on
    m_runHistory->setFollowing(QString());
    m_plot->clearPoints();
    redrawOverlays();
    m_lastAccuracy = -1.0;
    m_epochs = 0;
    m_elapsedSeconds = m_etaSeconds = -1.0; // a failed start shows no old time
    m_resumeNotes.clear();
    m_epochProgress->setValue(0);
    m_throughputLabel->clear();
    m_timeLabel->clear();
    retranslateUi();
}

bool MainWindow::augmentationIsValid()
{
    const QString problem = m_augmentPreview->stepsProblem();
    if (problem.isEmpty())
        return true;
    // Training with the last valid steps instead would train what the page no longer shows.
    m_pages->setCurrentWidget(m_augmentEditor);
    statusBar()->showMessage(tr("The Augment page's steps are not valid: %1").arg(problem));
    return false;
}

void MainWindow::findLearningRate()
{
    if (!augmentationIsValid())
        return;
    const fovea::TrainingConfig config = projectConfig();
    m_useLrButton->hide();
    m_lrPlot->clearPoints();
    m_lrPlot->setKeyAxisRange(-7.0, 1.0); // log10 of 1e-7 … 10
    nameLearningRateCurve(LearningRateCurve::RangeTest);
    m_findingLr = true;
    if (!m_controller->findLearningRate(config, m_lrFindSteps)) {
        m_findingLr = false;
        statusBar()->showMessage(tr("A run is already in progress."), 5000);
    }
}

void MainWindow::stopTraining()
{
    m_controller->stop();
    statusBar()->showMessage(tr("Stopping after the current batch…"));
}

void MainWindow::previewSchedule()
{
    if (m_controller->isRunning() || !m_runs->following().isEmpty())
        return; // the plot shows that run's own rates
    fovea::TrainingConfig config = m_settings->config();
    config.augmentation = {};
    const int batch = std::max(1, config.batchSize * std::max(1, config.accumulateSteps));
    const int stepsPerEpoch = std::max<qint64>(1, m_trainImages / batch);
    m_lrPlot->clearPoints();
    m_lrPlot->setKeyAxisRange(0.0, config.epochs);
    m_lrPlot->setEpochBands(config.epochs);
    try {
        // About 2000 sampled steps, not the whole curve: this runs on every edit, and 1000
        // epochs at batch 2 are 30 million steps (0.8 s and 240 MB a keystroke). The schedules
        // are smooth or piecewise constant, so the samples draw them.
        config.validateSchedule();
        const std::int64_t steps = std::int64_t(config.epochs) * stepsPerEpoch;
        const std::int64_t stride = std::max<std::int64_t>(1, steps / 2000);
        for (std::int64_t step = 0; step < steps; step += stride)
            m_lrPlot->appendPoint(0, double(step) / stepsPerEpoch,
                                  fovea::learningRateAt(config, step, stepsPerEpoch));
        m_lrPlot->appendPoint(0, double(steps) / stepsPerEpoch,
                              fovea::learningRateAt(config, steps - 1, stepsPerEpoch));
        nameLearningRateCurve(LearningRateCurve::Preview);
    } catch (const std::exception& error) {
        m_scheduleError = QString::fromUtf8(error.what());
        nameLearningRateCurve(LearningRateCurve::NoSchedule);
    }
}

void MainWindow::nameLearningRateCurve(LearningRateCurve shown)
{
    m_lrCurve = shown;
    // The range test plots its loss against the rate; the other curves, the rate by epoch.
    if (shown == LearningRateCurve::RangeTest)
        m_lrPlot->setAxisLabels(tr("log10(learning rate)"), tr("Smoothed loss"), QString());
    else
        m_lrPlot->setAxisLabels(tr("Epoch"), tr("Learning rate"), QString());
    switch (shown) {
    case LearningRateCurve::Preview:
        m_lrPlot->setCurveName(0, tr("Learning rate (preview)"));
        break;
    case LearningRateCurve::NoSchedule:
        m_lrPlot->setCurveName(0, tr("No schedule: %1").arg(m_scheduleError));
        break;
    case LearningRateCurve::RangeTest:
        m_lrPlot->setCurveName(0, tr("Smoothed loss against log10(learning rate)"));
        break;
    case LearningRateCurve::Rates:
        m_lrPlot->setCurveName(0, tr("Learning rate"));
        break;
    }
}

void MainWindow::setRunning(bool running)
{
    m_runHistory->setResumeAllowed(!running);
    m_resumedSettingsNote->setVisible(running && m_resuming);
    m_trainButton->setEnabled(!running);
    m_stopButton->setEnabled(running);
    m_pauseButton->setEnabled(running && !m_findingLr); // the range test does not pause
    m_lrFindButton->setEnabled(!running);
    m_trainAction->setEnabled(!running);
    m_pauseAction->setEnabled(m_pauseButton->isEnabled());
    m_stopAction->setEnabled(running);
    if (!running) {
        m_findingLr = false;
        m_resuming = false;
    }
    m_settings->setEditable(!running);
}

void MainWindow::onRunStarted(const QString& runDirectory, int epochs, int)
{
    m_runDirectory = runDirectory;
    m_epochs = epochs;
    m_plot->setKeyAxisRange(0.0, epochs);
    m_plot->setEpochBands(epochs);
    m_lrPlot->setEpochBands(epochs);
    if (!m_resuming)             // a resumed run's rates so far are drawn already
        m_lrPlot->clearPoints(); // from here on, the rates the run uses
    m_lrPlot->setKeyAxisRange(0.0, epochs);
    nameLearningRateCurve(LearningRateCurve::Rates);
    m_epochProgress->setProperty("epoch", 1);
    retranslateUi();
    if (m_resuming && !m_resumeNotes.isEmpty())
        statusBar()->showMessage(m_resumeNotes.join(QStringLiteral("; ")));
    else
        statusBar()->showMessage(tr("Training; run directory: %1").arg(runDirectory));
}

void MainWindow::onBatch(int epoch, int batch, int batchesPerEpoch, qint64, double loss,
                         double learningRate, double imagesPerSecond, double elapsedSeconds,
                         double etaSeconds)
{
    const double fraction = double(batch) / double(batchesPerEpoch);
    m_plot->appendPoint(TrainingLoss, (epoch - 1) + fraction, loss);
    m_lrPlot->appendPoint(0, (epoch - 1) + fraction, learningRate);
    m_epochProgress->setValue(static_cast<int>(fraction * m_epochProgress->maximum()));
    if (m_epochProgress->property("epoch").toInt() != epoch) {
        m_epochProgress->setProperty("epoch", epoch);
        retranslateUi();
    }
    m_throughputLabel->setText(tr("%1 images/s").arg(imagesPerSecond, 0, 'f', 0));
    m_elapsedSeconds = elapsedSeconds;
    m_etaSeconds = etaSeconds;
    showTimes();
}

void MainWindow::onEpoch(int epoch, double, double trainAccuracy, double validationLoss,
                         double validationAccuracy)
{
    m_plot->appendPoint(TrainingAccuracy, epoch, trainAccuracy);
    // NaN: an epoch validateEveryEpochs skipped; the validation curves join the epochs that have
    // figures.
    if (!std::isnan(validationLoss)) {
        m_plot->appendPoint(ValidationLoss, epoch, validationLoss);
        m_plot->appendPoint(ValidationAccuracy, epoch, validationAccuracy);
        m_lastAccuracy = validationAccuracy;
    }
    retranslateUi();
}

void MainWindow::endRunReadouts()
{
    // No run goes on: how long it took stays, an estimate of what is left and a rate do not.
    m_etaSeconds = -1.0;
    showTimes();
    m_throughputLabel->clear();
}

void MainWindow::onFinished(bool stopped, int epochsCompleted, double finalAccuracy,
                            const QString& runDirectory)
{
    Q_UNUSED(finalAccuracy)
    endRunReadouts();
    statusBar()->showMessage(
        stopped ? tr("Stopped after %n epoch(s); run directory: %1", nullptr, epochsCompleted)
                      .arg(runDirectory)
                : tr("Finished %n epoch(s); run directory: %1", nullptr, epochsCompleted)
                      .arg(runDirectory));
}

QString MainWindow::failureLead(const QString& errorCode) const
{
    // The engine's message names the file, key or value in English; the lead sentence is ours.
    const bool notFound = errorCode == QLatin1String("not-found");
    const bool invalid = errorCode == QLatin1String("invalid-argument");
    const bool corrupt = errorCode == QLatin1String("corrupt-file");
    const bool io = errorCode == QLatin1String("io");
    // A resume that does not start (no runStarted yet, so no epoch count): no readable
    // checkpoint, finished, in use, other data.
    if (m_resuming && m_epochs == 0 && (notFound || invalid || corrupt || io))
        return tr("The run could not be resumed.");
    if (notFound || corrupt)
        return tr("The dataset could not be read.");
    if (invalid)
        return tr("The settings are not valid.");
    if (errorCode == QLatin1String("unknown-architecture"))
        return tr("The architecture is not known.");
    if (errorCode == QLatin1String("numerical-failure"))
        return tr("Training became numerically unstable.");
    if (io)
        return tr("A file could not be read or written.");
    return m_findingLr ? tr("The learning-rate search stopped because of an internal error.")
                       : tr("Training stopped because of an internal error.");
}

void MainWindow::onFailed(const QString& errorCode, const QString& details)
{
    endRunReadouts();
    // failed() comes before runningChanged(false), so m_findingLr still says which job it was.
    const bool rangeTest = m_findingLr;
    const QString lead = failureLead(errorCode);
    statusBar()->showMessage(rangeTest ? tr("The learning-rate search failed.")
                                       : tr("Training failed."));
    // Window-modal and non-blocking: the event loop (and any test driving it) keeps running.
    auto* box = new QMessageBox(
        QMessageBox::Warning, rangeTest ? tr("Learning-rate search failed") : tr("Training failed"),
        lead, QMessageBox::Ok, this);
    box->setInformativeText(tr("Details: %1").arg(details));
    box->setObjectName(QStringLiteral("trainingFailedBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace fovea::app
