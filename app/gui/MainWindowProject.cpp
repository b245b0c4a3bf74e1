// MainWindow, part three: the project — one JSON file in fovea-cli's own config format (what the
// Data, Model, Train and Augment pages hold together) — with new / open / save / save as, the
// recent projects, the window's state in QSettings and the prompt before unsaved changes go.
#include "MainWindow.h"

#include "AugmentationPreviewController.h"
#include "DatasetController.h"
#include "RunSettingsPanel.h"
#include "TrainingController.h"
#include "fovea/AtomicFile.h"
#include "fovea/Error.h"
#include "fovea_widgets/AugmentationEditor.h"
#include "fovea_widgets/DatasetView.h"
#include "fovea_widgets/ModelView.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>

#include <algorithm>

namespace fovea::app {

namespace {

constexpr int kMaxRecentProjects = 8;
const QString kRecentKey = QStringLiteral("recentProjects");

/// The config keys whose values differ between `a` and `b`, in `a`'s order.
QStringList differingKeys(const fovea::TrainingConfig& a, const fovea::TrainingConfig& b)
{
    const QJsonObject left =
        QJsonDocument::fromJson(QByteArray::fromStdString(a.toJson())).object();
    const QJsonObject right =
        QJsonDocument::fromJson(QByteArray::fromStdString(b.toJson())).object();
    QStringList keys;
    for (auto it = left.begin(); it != left.end(); ++it)
        if (right.value(it.key()) != it.value())
            keys.push_back(it.key());
    return keys;
}

/// The Model page's head box lists the engine's heads in their order.
int headIndex(const std::string& head)
{
    const std::vector<std::string>& heads = fovea::TrainingConfig::headNames();
    const auto found = std::find(heads.begin(), heads.end(), head);
    return found == heads.end() ? 0 : int(found - heads.begin());
}

} // namespace

fovea::widgets::ModelChoice MainWindow::modelChoiceOf(const fovea::TrainingConfig& config)
{
    fovea::widgets::ModelChoice choice;
    choice.architecture = QString::fromStdString(config.architecture);
    choice.head = headIndex(config.head);
    choice.dropout = config.headDropout;
    choice.compactStem = config.compactStem;
    choice.freezeUpTo = QString::fromStdString(config.freezeUpTo);
    choice.inputSize = config.inputSize;
    return choice;
}

fovea::TrainingConfig MainWindow::projectConfig() const
{
    fovea::TrainingConfig config = m_settings->config();
    config.augmentation = m_augmentPreview->spec(); // the Augment page's pipeline
    config.validationFraction = m_dataView->validationFraction();
    return config;
}

void MainWindow::applyProject(const fovea::TrainingConfig& config)
{
    m_settings->setConfig(config);
    m_dataView->setValidationFraction(config.validationFraction);
    m_augmentEditor->setSteps(AugmentationPreviewController::stepsOf(config.augmentation));
    m_modelView->setChoice(modelChoiceOf(config)); // writes the same values back
    m_modelView->setWeightsInUse(QString::fromStdString(config.weights));
    m_settings->setConfig(config); // and keeps the fields no page shows (weights, …)
    // The project's dataset replaces whatever the Data page shows or is still scanning.
    m_wantedDataset = QString::fromStdString(config.dataset);
    if (!config.dataset.empty() && m_pages->currentWidget() == m_dataView)
        openDataset(m_wantedDataset);
    else if (!config.dataset.empty())
        m_augmentPreview->loadPicture(m_wantedDataset);
    if (m_pages->currentWidget() != m_dataView)
        m_dataset->cancel(); // a scan begun for the previous project; reread on the page
    previewSchedule();
}

void MainWindow::resetProject(const fovea::TrainingConfig& config)
{
    m_newProjectConfig = config; // what File ▸ New starts from (the program's defaults)
    applyProject(config);
    m_projectPath.clear();
    m_savedConfig = projectConfig();
    updateModified();
    refreshRuns();
}

bool MainWindow::refuseWhileTraining()
{
    // The run belongs to the project it started from: its settings, runs list and rate-finder
    // suggestions would otherwise show another project's while it goes on.
    if (!m_controller->isRunning())
        return false;
    statusBar()->showMessage(
        tr("A run is training: stop it (or let it finish) before another project."), 8000);
    return true;
}

bool MainWindow::newProject()
{
    if (refuseWhileTraining() || !maybeSave())
        return false;
    resetProject(m_newProjectConfig);
    statusBar()->showMessage(tr("New project"), 5000);
    return true;
}

bool MainWindow::openProject(const QString& path)
{
    if (refuseWhileTraining() || !maybeSave())
        return false;
    fovea::TrainingConfig config;
    try {
        // Parsed in full before anything is applied: a broken file changes nothing.
        config = fovea::TrainingConfig::fromJson(fovea::readFile(path.toStdString()),
                                                 path.toStdString());
    } catch (const std::exception& error) {
        statusBar()->showMessage(tr("The project could not be opened."), 5000);
        reportProjectError(tr("Open project"), tr("%1 could not be opened as a project.").arg(path),
                           error);
        return false;
    }
    applyProject(config);
    m_projectPath = QFileInfo(path).absoluteFilePath();
    // The pages hold only values they accept: one they adjusted (batchSize 1 becomes 2) leaves
    // the project modified against the file, and is named.
    m_savedConfig = config;
    const QStringList adjusted = differingKeys(config, projectConfig());
    addRecentProject(m_projectPath);
    updateModified();
    refreshRuns(); // this project's runs folder
    statusBar()->showMessage(tr("Opened %1").arg(m_projectPath), 5000);
    if (!adjusted.isEmpty()) {
        m_lastProjectAdjustment = adjusted.join(QStringLiteral(", "));
        auto* box = new QMessageBox(
            QMessageBox::Information, tr("Open project"),
            tr("Some values in %1 are outside what Fovea accepts and were adjusted: %2. Save "
               "the project to keep the adjusted values.")
                .arg(m_projectPath, m_lastProjectAdjustment),
            QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("projectAdjustedBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open(); // window-modal, not blocking
    }
    return true;
}

void MainWindow::reportProjectError(const QString& title, const QString& lead,
                                    const std::exception& error)
{
    m_lastProjectError = QString::fromUtf8(error.what());
    auto* box = new QMessageBox(QMessageBox::Warning, title, lead, QMessageBox::Ok, this);
    box->setInformativeText(tr("Details: %1").arg(m_lastProjectError));
    box->setObjectName(QStringLiteral("projectErrorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open(); // window-modal, not blocking
}

bool MainWindow::saveProject()
{
    return m_projectPath.isEmpty() ? saveProjectAs() : saveProjectTo(m_projectPath);
}

bool MainWindow::saveProjectAs()
{
    QString path = QFileDialog::getSaveFileName(
        this, tr("Save project"),
        m_projectPath.isEmpty() ? QDir::home().filePath(QStringLiteral("project.fovea.json"))
                                : m_projectPath,
        tr("Fovea projects (*.json);;All files (*)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    return saveProjectTo(path);
}

bool MainWindow::saveProjectTo(const QString& path)
{
    const fovea::TrainingConfig config = projectConfig();
    try {
        fovea::writeFileAtomically(path.toStdString(), config.toJson());
    } catch (const std::exception& error) {
        reportProjectError(tr("Save project"),
                           tr("%1 could not be written; the project is unchanged.").arg(path),
                           error);
        return false;
    }
    m_projectPath = QFileInfo(path).absoluteFilePath();
    m_savedConfig = config;
    addRecentProject(m_projectPath);
    updateModified();
    refreshRuns(); // a relative runs folder now lives beside the file
    statusBar()->showMessage(tr("Saved %1").arg(m_projectPath), 5000);
    return true;
}

bool MainWindow::isProjectModified() const
{
    return projectConfig() != m_savedConfig;
}

void MainWindow::updateModified()
{
    setWindowModified(isProjectModified());
    const QString name =
        m_projectPath.isEmpty() ? tr("Untitled") : QFileInfo(m_projectPath).fileName();
    // "[*]" is where Qt shows the modified mark.
    setWindowTitle(tr("%1[*] — Fovea").arg(name));
}

bool MainWindow::maybeSave()
{
    if (!isProjectModified())
        return true;
    QMessageBox box(QMessageBox::Question, tr("Unsaved changes"),
                    tr("The project has unsaved changes."),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("unsavedChangesBox"));
    box.setInformativeText(tr("Save them before going on?"));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return saveProject();
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

QString MainWindow::runsFolder() const
{
    const QString folder = QString::fromStdString(m_settings->config().runsFolder);
    // A relative runs folder lives beside the project file (fovea-cli: beside the shell).
    if (QDir::isRelativePath(folder) && !m_projectPath.isEmpty())
        return QFileInfo(m_projectPath).dir().absoluteFilePath(folder);
    return QDir(folder).absolutePath();
}

QStringList MainWindow::recentProjects() const
{
    return QSettings().value(kRecentKey).toStringList();
}

void MainWindow::addRecentProject(const QString& path)
{
    QStringList recent = recentProjects();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecentProjects)
        recent.removeLast();
    QSettings().setValue(kRecentKey, recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = recentProjects();
    for (int i = 0; i < recent.size(); ++i) {
        QAction* action = m_recentMenu->addAction(
            QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(recent[i]).fileName()));
        action->setToolTip(recent[i]);
        action->setData(recent[i]);
        connect(action, &QAction::triggered, this, [this, path = recent[i]] { openProject(path); });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::buildProjectMenu()
{
    m_newProjectAction = m_fileMenu->addAction(QString(), this, &MainWindow::newProject);
    m_newProjectAction->setShortcut(QKeySequence::New);
    m_openProjectAction = m_fileMenu->addAction(QString(), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open project"), QString(), tr("Fovea projects (*.json);;All files (*)"));
        if (!path.isEmpty())
            openProject(path);
    });
    m_openProjectAction->setShortcut(QKeySequence::Open);
    m_recentMenu = m_fileMenu->addMenu(QString());
    rebuildRecentMenu();
    m_saveAction = m_fileMenu->addAction(QString(), this, &MainWindow::saveProject);
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAsAction = m_fileMenu->addAction(QString(), this, &MainWindow::saveProjectAs);
    // QKeySequence::SaveAs is empty under some desktops' key themes: say it outright.
    m_saveAsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_fileMenu->addSeparator();
    // Every edit that reaches the project updates the modified mark in the title.
    connect(m_settings, &RunSettingsPanel::configEdited, this, &MainWindow::updateModified);
    connect(m_augmentPreview, &AugmentationPreviewController::stepsApplied, this,
            &MainWindow::updateModified);
    connect(m_dataView, &fovea::widgets::DatasetView::validationFractionChanged, this,
            &MainWindow::updateModified);
    connect(m_modelView, &fovea::widgets::ModelView::choiceChanged, this,
            &MainWindow::updateModified, Qt::QueuedConnection); // after the settings follow
}

void MainWindow::retranslateProjectMenu()
{
    m_newProjectAction->setText(tr("&New project"));
    m_openProjectAction->setText(tr("&Open project…"));
    m_recentMenu->setTitle(tr("Open &recent"));
    m_saveAction->setText(tr("&Save project"));
    m_saveAsAction->setText(tr("Save project &as…"));
    updateModified();
}

void MainWindow::restoreWindowState()
{
    const QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    const int page = settings.value(QStringLiteral("window/page"), -1).toInt();
    if (page >= 0 && page < m_pages->count())
        m_pages->setCurrentIndex(page);
}

void MainWindow::saveWindowState() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/page"), m_pages->currentIndex());
}

bool MainWindow::confirmStopRun()
{
    if (!m_controller->isRunning())
        return true;
    QMessageBox box(QMessageBox::Question, tr("A run is training"),
                    tr("Quitting stops the run in progress."), QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("runInProgressBox"));
    box.setInformativeText(
        m_runDirectory.isEmpty()
            ? tr("It has not started training yet.")
            : tr("Its last checkpoint is kept; Resume in the run list, or `fovea-cli resume "
                 "%1`, continues it.")
                  .arg(m_runDirectory));
    QPushButton* stop = box.addButton(tr("Stop and quit"), QMessageBox::AcceptRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == stop;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!confirmStopRun() || !maybeSave()) {
        event->ignore();
        return;
    }
    saveWindowState();
    // The controller's destructor stops and joins the run; ask now so closing is quick.
    m_controller->stop();
    event->accept();
}

} // namespace fovea::app
