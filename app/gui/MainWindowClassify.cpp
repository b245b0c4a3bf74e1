// MainWindow: the Classify and Crops pages wired to their controller, with the
// window-wide drop and paste that send pictures there (a folder dropped on the Data page is a
// dataset instead), and the ten-crop switch that classifies the listed files again.
#include "MainWindow.h"

#include "ClassificationController.h"
#include "TrainingController.h"
#include "fovea_widgets/ClassificationView.h"
#include "fovea_widgets/DatasetView.h"
#include "fovea_widgets/TestTimeCropsView.h"

#include <QClipboard>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMessageBox>
#include <QMimeData>
#include <QSet>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>

#include <utility>

namespace fovea::app {

void MainWindow::buildClassifyPage()
{
    m_classifyView->setObjectName(QStringLiteral("classifyPage"));
    connect(m_classifyView, &fovea::widgets::ClassificationView::chooseModelRequested, this,
            &MainWindow::chooseModelFile);
    connect(m_classifyView, &fovea::widgets::ClassificationView::pathsChosen, this,
            &MainWindow::classifyPaths);
    connect(m_classifyView, &fovea::widgets::ClassificationView::cancelRequested, m_classification,
            &ClassificationController::cancel);
    connect(m_classifyView, &fovea::widgets::ClassificationView::testTimeCropsChanged, this,
            &MainWindow::reclassifyWithCrops);
    connect(m_classification, &ClassificationController::busyChanged, m_classifyView,
            &fovea::widgets::ClassificationView::setBusy);
    connect(m_classification, &ClassificationController::progress, m_classifyView,
            &fovea::widgets::ClassificationView::setProgress);
    connect(
        m_classification, &ClassificationController::classified, this,
        [this](const fovea::widgets::ClassificationRow& row) {
            if (!(m_reclassifying.remove(row.path) && m_classifyView->results()->replaceRows(row)))
                m_classifyView->addResult(row);
            // In flight when the switch changed: classified the old way, so again.
            if (!row.inMemory && row.tenCrops != m_classifyView->testTimeCrops() &&
                !m_reclassifying.contains(row.path)) {
                m_reclassifying.insert(row.path);
                m_classification->classifyPaths({row.path});
            }
        });
    connect(m_classification, &ClassificationController::unreadable, this,
            [this](const QString& path) { m_reclassifying.remove(path); });
    connect(m_classification, &ClassificationController::unreadable, m_classifyView,
            &fovea::widgets::ClassificationView::addFailure);
    connect(m_classification, &ClassificationController::modelReady, this,
            [this](const QString&, const QString& description) {
                m_classifyView->setModelDescription(description);
                if (!m_waitingForModel.isEmpty())
                    m_classification->classifyPaths(std::exchange(m_waitingForModel, {}));
            });
    connect(m_classification, &ClassificationController::modelFailed, this,
            [this](const QString& file, const QString& reason) {
                m_waitingForModel.clear();
                auto* box = new QMessageBox(QMessageBox::Warning, tr("Model not loaded"),
                                            tr("%1 could not be loaded as a model.").arg(file),
                                            QMessageBox::Ok, this);
                box->setInformativeText(tr("Details: %1").arg(reason));
                box->setObjectName(QStringLiteral("modelFailedBox"));
                box->setAttribute(Qt::WA_DeleteOnClose);
                box->open();
            });
    connect(m_classification, &ClassificationController::finished, this, [this](bool cancelled) {
        // Whatever was to be classified again and was not (cancelled) keeps its result; a later
        // switch tries it again.
        const int notRedone = int(m_reclassifying.size());
        m_reclassifying.clear();
        // Loading a model is a job too (after every training run): said only where it shows.
        if (m_pages->currentWidget() != m_classifyView)
            return;
        if (cancelled && notRedone > 0)
            statusBar()->showMessage(
                tr("Classification cancelled: %n listed picture(s) keep the results of the other "
                   "crop setting.",
                   nullptr, notRedone));
        else
            statusBar()->showMessage(
                cancelled ? tr("Classification cancelled.") : tr("Classification finished."), 5000);
    });
    // The Crops page: a picture from a file, or double-clicked among the results.
    connect(m_cropsView, &fovea::widgets::TestTimeCropsView::openImageRequested, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Image to inspect"), QString(),
            tr("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.gif);;All files (*)"));
        if (!file.isEmpty())
            inspectCrops(file);
    });
    connect(m_cropsView, &fovea::widgets::TestTimeCropsView::schemeChanged, this, [this] {
        if (!m_cropsPath.isEmpty())
            inspectCrops(m_cropsPath);
    });
    connect(m_classifyView->table(), &QAbstractItemView::doubleClicked, this,
            [this](const QModelIndex& index) {
                const QList<int> order = m_classifyView->displayedOrder();
                if (index.row() < order.size())
                    inspectCrops(m_classifyView->results()->row(order[index.row()]).path);
            });
    connect(m_classification, &ClassificationController::cropsReady, m_cropsView,
            [this](const QString& path, const QImage& picture,
                   const QList<fovea::widgets::CropTile>& tiles, const QStringList& classes,
                   const QList<double>& probabilities) {
                m_cropsView->showCrops(path, picture, tiles, classes, probabilities);
            });
    connect(m_classification, &ClassificationController::cropsFailed, m_cropsView,
            [this](const QString& path, const QString& reason) {
                m_cropsView->showError(tr("%1 could not be inspected: %2").arg(path, reason));
            });
    // A run that trained to the end gives the Classify (and Inspect) page its model, the newest
    // run's, unless one was chosen there.
    connect(m_controller, &TrainingController::finished, this,
            [this](bool stopped, int epochs, double, const QString& runDirectory) {
                const QString model = QDir(runDirectory).filePath(QStringLiteral("model.pt"));
                if (!stopped && epochs > 0 && !m_modelChosenOnClassifyPage &&
                    QFileInfo::exists(model))
                    m_classification->setModelFile(model);
            });
}

void MainWindow::chooseModelFile()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Model to classify with"), QString(),
                                                      tr("Fovea models (*.pt);;All files (*)"));
    if (!file.isEmpty()) {
        m_modelChosenOnClassifyPage = true;
        m_classification->setModelFile(file);
    }
}

void MainWindow::classifyPaths(const QStringList& paths)
{
    if (paths.isEmpty())
        return;
    m_pages->setCurrentWidget(m_classifyView);
    if (m_classification->hasModel()) {
        m_classification->classifyPaths(paths);
        return;
    }
    m_waitingForModel << paths;
    statusBar()->showMessage(tr("Choose a model to classify these images with."), 5000);
    chooseModelFile();
}

void MainWindow::reclassifyWithCrops(bool tenCrops)
{
    m_classification->setTestTimeCrops(tenCrops);
    // The listed files again, so that the table does not mix the two ways; a pasted picture
    // has no file to read again and keeps its result.
    const fovea::widgets::ClassificationResultsModel* results = m_classifyView->results();
    QStringList files;
    QSet<QString> listed;
    for (int i = 0; i < results->rowCount(); ++i) {
        const QString path = results->row(i).path;
        // (A file deleted since is tried too: the failures list says it is gone.)
        if (!results->row(i).inMemory && !m_reclassifying.contains(path) &&
            !listed.contains(path)) {
            listed.insert(path);
            files << path;
        }
    }
    if (files.isEmpty() || !m_classification->hasModel())
        return;
    for (const QString& file : files)
        m_reclassifying.insert(file);
    m_classification->classifyPaths(files);
    statusBar()->showMessage(tenCrops ? tr("Classifying %n listed picture(s) again with ten "
                                           "crops.",
                                           nullptr, int(files.size()))
                                      : tr("Classifying %n listed picture(s) again with the "
                                           "centre crop.",
                                           nullptr, int(files.size())),
                             5000);
}

void MainWindow::inspectCrops(const QString& path)
{
    m_cropsPath = path;
    m_pages->setCurrentWidget(m_cropsView);
    m_classification->inspectCrops(path, m_cropsView->scheme());
}

void MainWindow::pasteImages()
{
    const QMimeData* data = QGuiApplication::clipboard()->mimeData();
    if (!data)
        return;
    if (data->hasUrls()) {
        QStringList paths;
        for (const QUrl& url : data->urls())
            if (url.isLocalFile())
                paths << url.toLocalFile();
        classifyPaths(paths);
    } else if (data->hasImage()) {
        m_pages->setCurrentWidget(m_classifyView);
        m_classification->classifyImage(qvariant_cast<QImage>(data->imageData()),
                                        tr("pasted image"));
    }
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QMimeData* data = event->mimeData();
    const QList<QUrl> urls = data ? data->urls() : QList<QUrl>{};
    if (std::any_of(urls.begin(), urls.end(), [](const QUrl& url) { return url.isLocalFile(); }))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    // On the Data page a dropped folder (or list file) is a dataset; elsewhere, pictures.
    if (m_pages->currentWidget() == m_dataView && paths.size() == 1)
        openDataset(paths.front());
    else
        classifyPaths(paths);
}

} // namespace fovea::app
