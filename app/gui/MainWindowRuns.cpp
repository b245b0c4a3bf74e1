// MainWindow, part four: the run history on the Train page — runs listed from the project's
// runs folder, a run followed live from its directory (this window's or fovea-cli's), earlier
// runs overlaid on the live curves for comparison — and the run's elapsed time and ETA.
#include "MainWindow.h"

#include "RunHistoryController.h"
#include "TrainingController.h"
#include "fovea_widgets/LiveCurvePlot.h"
#include "fovea_widgets/RunHistoryView.h"

#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QStatusBar>

namespace fovea::app {

namespace {

/// Colours for compared runs, muted so the live curves stay in front.
const QColor kOverlayColours[] = {QColor(127, 127, 127), QColor(188, 189, 34), QColor(23, 190, 207),
                                  QColor(227, 119, 194), QColor(140, 86, 75)};

QString duration(qint64 seconds)
{
    return QStringLiteral("%1:%2:%3")
        .arg(seconds / 3600)
        .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

void MainWindow::buildRunHistory()
{
    using fovea::widgets::RunHistoryView;
    connect(m_runHistory, &RunHistoryView::refreshRequested, this, &MainWindow::refreshRuns);
    connect(m_runHistory, &RunHistoryView::followRequested, this, &MainWindow::followRun);
    connect(m_runHistory, &RunHistoryView::resumeRequested, this, &MainWindow::resumeRun);
    connect(m_controller, &TrainingController::resumedFrom, this, [this](const RunCurves& curves) {
        drawRunCurves(curves);
        if (!curves.validationAccuracy.isEmpty())
            m_lastAccuracy = curves.validationAccuracy.back().y();
    });
    connect(m_runHistory, &RunHistoryView::openFolderRequested, this, [this] {
        const QString folder =
            QFileDialog::getExistingDirectory(this, tr("Run directory to follow"), runsFolder());
        if (!folder.isEmpty())
            followRun(folder);
    });
    connect(m_runHistory, &RunHistoryView::compareToggled, this,
            [this](const QString& directory, bool compared) {
                if (compared) {
                    m_runs->read(directory);
                } else {
                    m_overlays.remove(directory);
                    redrawOverlays();
                }
            });
    connect(m_runs, &RunHistoryController::runsListed, this,
            [this](const QList<fovea::widgets::RunRow>& runs) {
                m_runHistory->setRuns(runs);
                // A compared run no longer listed (another project, deleted) leaves the plot.
                const QStringList compared = m_runHistory->compared();
                const qsizetype before = m_overlays.size();
                m_overlays.removeIf(
                    [&compared](const auto& overlay) { return !compared.contains(overlay.key()); });
                if (m_overlays.size() != before)
                    redrawOverlays();
            });
    connect(m_runs, &RunHistoryController::curvesRead, this,
            [this](const RunCurves& curves, bool followed) {
                if (followed) {
                    showFollowedRun(curves);
                } else if (m_runHistory->compared().contains(curves.directory)) {
                    m_overlays.insert(curves.directory, curves);
                    redrawOverlays();
                }
            });
    connect(m_runs, &RunHistoryController::failed, this,
            [this](const QString& directory, const QString& reason) {
                statusBar()->showMessage(
                    tr("%1 could not be read: %2").arg(QDir(directory).dirName(), reason), 8000);
            });
    connect(m_controller, &TrainingController::finished, this, &MainWindow::refreshRuns);
    refreshRuns();
}

void MainWindow::refreshRuns()
{
    m_runs->scan(runsFolder());
}

void MainWindow::followRun(const QString& directory)
{
    if (m_controller->isRunning()) {
        statusBar()->showMessage(tr("A run is in progress: its own curves are shown."), 5000);
        return;
    }
    m_runs->follow(directory);
    m_followedEpochs = {QDir(directory).dirName(), 0, 0}; // until its curves are read
    m_runHistory->setFollowing(m_runs->following());
    m_plot->clearPoints();
    m_lrPlot->clearPoints();
    redrawOverlays();
    statusBar()->showMessage(tr("Following %1").arg(directory), 5000);
}

void MainWindow::resumeRun(const QString& directory)
{
    if (m_controller->isRunning()) {
        statusBar()->showMessage(tr("A run is already in progress."), 5000);
        return;
    }
    resetRunReadouts();
    m_resuming = true;
    m_controller->resume(directory);
    statusBar()->showMessage(tr("Resuming %1…").arg(QDir(directory).dirName()));
}

void MainWindow::showFollowedRun(const RunCurves& curves)
{
    // Re-read whole on every change (a few thousand rows): a resumed run may have rewritten
    // rows, so appending the difference would not be right.
    drawRunCurves(curves);
    const int epochs = std::max(1, curves.epochs);
    // Every epoch has a training point; validation may skip epochs (validateEveryEpochs).
    const int done =
        curves.trainingAccuracy.isEmpty() ? 0 : int(curves.trainingAccuracy.back().x());
    m_followedEpochs = {QDir(curves.directory).dirName(), done, epochs};
    m_epochLabel->setText(followedEpochsText());
    if (!curves.validationAccuracy.isEmpty()) {
        m_lastAccuracy = curves.validationAccuracy.back().y();
        m_accuracyLabel->setText(
            tr("Validation accuracy: %1 %").arg(m_lastAccuracy * 100.0, 0, 'f', 2));
    }
    Q_EMIT followedRunShown(curves.directory);
}

void MainWindow::drawRunCurves(const RunCurves& curves)
{
    m_plot->clearPoints();
    m_lrPlot->clearPoints();
    for (const QPointF& p : curves.trainingLoss)
        m_plot->appendPoint(TrainingLoss, p.x(), p.y());
    for (const QPointF& p : curves.validationLoss)
        m_plot->appendPoint(ValidationLoss, p.x(), p.y());
    for (const QPointF& p : curves.trainingAccuracy)
        m_plot->appendPoint(TrainingAccuracy, p.x(), p.y());
    for (const QPointF& p : curves.validationAccuracy)
        m_plot->appendPoint(ValidationAccuracy, p.x(), p.y());
    for (const QPointF& p : curves.learningRate)
        m_lrPlot->appendPoint(0, p.x(), p.y());
    redrawOverlays();
    const int epochs = std::max(1, curves.epochs);
    m_plot->setKeyAxisRange(0.0, epochs);
    m_lrPlot->setKeyAxisRange(0.0, epochs);
    m_plot->setEpochBands(epochs);
    m_lrPlot->setEpochBands(epochs);
    nameLearningRateCurve(LearningRateCurve::Rates);
}

QString MainWindow::followedEpochsText() const
{
    return tr("Following %1: %2 of %3 epochs")
        .arg(m_followedEpochs.name)
        .arg(m_followedEpochs.done)
        .arg(m_followedEpochs.planned);
}

void MainWindow::redrawOverlays()
{
    m_plot->removeCurvesFrom(kFixedCurves);
    int index = 0;
    for (auto it = m_overlays.cbegin(); it != m_overlays.cend(); ++it, ++index) {
        const QColor colour = kOverlayColours[index % std::size(kOverlayColours)];
        const QString name = QDir(it.key()).dirName();
        const int accuracy = m_plot->addCurve(tr("%1: validation accuracy").arg(name), colour,
                                              fovea::widgets::LiveCurvePlot::Axis::Right,
                                              /*dashed=*/true, /*withMarkers=*/true);
        for (const QPointF& p : it->validationAccuracy)
            m_plot->appendPoint(accuracy, p.x(), p.y());
        const int loss = m_plot->addCurve(tr("%1: validation loss").arg(name), colour,
                                          fovea::widgets::LiveCurvePlot::Axis::Left,
                                          /*dashed=*/false, /*withMarkers=*/true);
        for (const QPointF& p : it->validationLoss)
            m_plot->appendPoint(loss, p.x(), p.y());
    }
}

void MainWindow::showTimes()
{
    if (m_elapsedSeconds < 0.0) { // no run has started
        m_timeLabel->clear();
        return;
    }
    QString text = tr("%1 elapsed").arg(duration(qint64(m_elapsedSeconds)));
    if (m_etaSeconds >= 0.0)
        text += QStringLiteral(" · ") + tr("%1 left").arg(duration(qint64(m_etaSeconds)));
    m_timeLabel->setText(text);
}

} // namespace fovea::app
