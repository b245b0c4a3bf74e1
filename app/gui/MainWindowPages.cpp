// MainWindow, part two: the wiring of the Data, Model, Augment and Inspect pages to their
// controllers. (Part one, MainWindow.cpp, builds the window, the Train page and the menus;
// MainWindowClassify.cpp wires Classify, Crops and the window-wide drop and paste.)
#include "MainWindow.h"

#include "AugmentationPreviewController.h"
#include "ClassificationController.h"
#include "DatasetController.h"
#include "InspectionController.h"
#include "ModelController.h"
#include "RunSettingsPanel.h"
#include "TrainingController.h"
#include "fovea/ArchitectureRegistry.h"
#include "fovea_widgets/AugmentationEditor.h"
#include "fovea_widgets/DatasetView.h"
#include "fovea_widgets/InspectionView.h"
#include "fovea_widgets/ModelView.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QStatusBar>
#include <QTabWidget>

#include <algorithm>
#include <utility>

namespace fovea::app {

namespace {

/// Two spellings of one file or folder ("data/x" and "/home/u/data/x/").
bool samePath(const QString& a, const QString& b)
{
    return QFileInfo(a).absoluteFilePath() == QFileInfo(b).absoluteFilePath();
}

} // namespace

void MainWindow::buildModelPage()
{
    using fovea::widgets::ModelView;
    m_modelView->setArchitectures(ModelController::architectureRows());
    connect(m_modelView, &ModelView::choiceChanged, this,
            [this](const fovea::widgets::ModelChoice& choice) {
                if (choice.architecture.isEmpty())
                    return;
                // Training builds what the Model page describes (and the description is
                // measured at the input size the settings now hold).
                // The Model page's head box lists the engine's heads in their order.
                const std::vector<std::string>& heads = fovea::TrainingConfig::headNames();
                fovea::TrainingConfig config = m_settings->config();
                config.architecture = choice.architecture.toStdString();
                config.head = heads[std::size_t(std::clamp(choice.head, 0, int(heads.size()) - 1))];
                config.headDropout = choice.dropout;
                config.compactStem = choice.compactStem;
                config.freezeUpTo = choice.freezeUpTo.toStdString();
                config.inputSize = choice.inputSize;
                m_settings->setConfig(config);
                describeModel(choice);
            });
    connect(m_modelView, &ModelView::importWeightsRequested, this, [this] {
        const QString file =
            QFileDialog::getOpenFileName(this, tr("Pretrained weights"), QString(),
                                         tr("State dicts (*.pt *.pth);;All files (*)"));
        if (!file.isEmpty())
            m_models->importWeights(m_modelView->choice(), m_numClasses, networkInputSize(), file);
    });
    connect(
        m_models, &ModelController::detailsReady, m_modelView,
        [this](const fovea::widgets::ModelChoice&, const fovea::widgets::ModelDetails& details) {
            m_modelView->showDetails(details);
        });
    connect(m_models, &ModelController::importReady, this,
            [this](const QString& file, const QStringList& loaded, const QStringList& skipped,
                   const QStringList& fresh) {
                m_modelView->showImportReport(file, loaded, skipped, fresh);
                fovea::TrainingConfig config = m_settings->config();
                config.weights = file.toStdString(); // training starts from them
                m_settings->setConfig(config);
                m_modelView->setWeightsInUse(file);
                updateModified();
            });
    connect(m_modelView, &ModelView::clearWeightsRequested, this, [this] {
        fovea::TrainingConfig config = m_settings->config();
        config.weights.clear();
        m_settings->setConfig(config);
        m_modelView->setWeightsInUse(QString());
        updateModified();
    });
    connect(m_models, &ModelController::failed, m_modelView, &ModelView::showError);
    // The memory estimate follows the batch size; a new input size is measured again.
    connect(m_settings, &RunSettingsPanel::configEdited, this, [this] {
        fovea::TrainingConfig config = m_settings->config();
        m_modelView->setBatchSize(config.batchSize);
        m_modelView->setInputSize(config.inputSize);
        // Another network chosen on the Train page: the Model page shows it (and so trains
        // it), its stages replacing the old network's, so nothing stays frozen.
        if (QString::fromStdString(config.architecture) != m_modelView->choice().architecture) {
            config.freezeUpTo.clear();
            m_modelView->setChoice(modelChoiceOf(config)); // writes it back, described
        } else if (networkInputSize() != m_describedInputSize) {
            describeModel(m_modelView->choice());
        }
    });
    m_modelView->setBatchSize(m_settings->config().batchSize);
    m_modelView->selectArchitecture(QString::fromStdString(m_settings->config().architecture));
}

int MainWindow::networkInputSize() const
{
    const fovea::TrainingConfig config = m_settings->config();
    if (config.inputSize > 0)
        return config.inputSize;
    try {
        // Without a fixed size the dataset's own is used: 28 px for the IDX sets.
        const fovea::ArchitectureInfo& info = fovea::architecture(config.architecture);
        return info.name == "small-cnn" ? 28 : info.defaultInputSize;
    } catch (const std::exception&) {
        return 0; // an architecture not (yet) known
    }
}

void MainWindow::describeModel(const fovea::widgets::ModelChoice& choice)
{
    if (choice.architecture.isEmpty())
        return;
    m_describedInputSize = networkInputSize();
    m_models->describe(choice, m_numClasses, m_describedInputSize);
}

void MainWindow::buildDataPage()
{
    using fovea::widgets::DatasetView;
    connect(m_dataView, &DatasetView::openFolderRequested, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Dataset folder"));
        if (!folder.isEmpty())
            openDataset(folder);
    });
    connect(m_dataView, &DatasetView::openListRequested, this, [this] {
        const QString file =
            QFileDialog::getOpenFileName(this, tr("Dataset list file"), QString(),
                                         tr("Lists (*.csv *.tsv *.txt);;All files (*)"));
        if (!file.isEmpty())
            openDataset(file);
    });
    connect(m_dataView, &DatasetView::cancelRequested, m_dataset, &DatasetController::cancel);
    connect(m_dataView, &DatasetView::validationFractionChanged, this, [this] {
        if (m_wantedDataset.isEmpty())
            return;
        if (!m_dataset->isScanning()) {
            openDataset(m_wantedDataset); // the split follows the fraction
        } else { // a scan with the old fraction: stopped, then read again (busyChanged)
            m_splitChangedDuringScan = true;
            m_dataset->cancel();
        }
    });
    connect(m_dataset, &DatasetController::busyChanged, m_dataView, &DatasetView::setBusy);
    // A scan stopped or overtaken (another project opened meanwhile): the page reads the
    // dataset the project names once it is free.
    connect(m_dataset, &DatasetController::busyChanged, this, [this](bool busy) {
        if (busy || m_wantedDataset.isEmpty())
            return;
        const bool splitChanged = std::exchange(m_splitChangedDuringScan, false);
        if (splitChanged || (m_pages->currentWidget() == m_dataView &&
                             !samePath(m_dataset->source(), m_wantedDataset)))
            openDataset(m_wantedDataset);
    });
    connect(m_dataset, &DatasetController::progress, m_dataView, &DatasetView::setProgress);
    connect(m_dataset, &DatasetController::failed, m_dataView, [this](const QString& reason) {
        m_dataView->showError(tr("The dataset could not be read: %1").arg(reason));
    });
    connect(m_dataset, &DatasetController::opened, this,
            [this](const fovea::widgets::DatasetSummary& summary, const QStringList& names,
                   const QList<int>& labels) {
                if (!samePath(summary.source, m_wantedDataset)) {
                    // Begun before another dataset was chosen: busyChanged reopens. Meanwhile the
                    // grid's rows are no longer those the controller makes thumbnails of.
                    m_dataView->thumbnails()->setSamples({}, {}, {});
                    return;
                }
                m_dataView->thumbnails()->setSamples(summary.classNames, names, labels);
                const int classes = std::max(2, int(summary.classNames.size()));
                if (classes != m_numClasses) { // the head's output follows
                    m_numClasses = classes;
                    describeModel(m_modelView->choice());
                }
                m_trainImages = 0;
                for (const qint64 count : summary.trainCounts)
                    m_trainImages += count;
                previewSchedule();
                m_dataView->showSummary(summary);
                // Training reads what the Data page shows.
                fovea::TrainingConfig config = m_settings->config();
                config.dataset = summary.source.toStdString();
                m_settings->setConfig(config);
                updateModified();
                m_augmentPreview->loadPicture(summary.source); // previews of this dataset
            });
    connect(m_dataView->thumbnails(), &fovea::widgets::DatasetThumbnailModel::thumbnailWanted,
            m_dataset, &DatasetController::requestThumbnail, Qt::QueuedConnection);
    connect(m_dataset, &DatasetController::thumbnailReady, m_dataView->thumbnails(),
            &fovea::widgets::DatasetThumbnailModel::setThumbnail);
    connect(m_dataset, &DatasetController::thumbnailDropped, m_dataView->thumbnails(),
            &fovea::widgets::DatasetThumbnailModel::forgetRequest);
    // The project's dataset is shown when the page is opened (the first time, and after the
    // Train page or a project named another).
    connect(m_settings, &RunSettingsPanel::configEdited, this,
            [this] { m_wantedDataset = QString::fromStdString(m_settings->config().dataset); });
    connect(m_pages, &QTabWidget::currentChanged, this, [this] {
        if (m_pages->currentWidget() == m_dataView && !m_wantedDataset.isEmpty() &&
            !samePath(m_dataset->source(), m_wantedDataset) && !m_dataset->isScanning())
            openDataset(m_wantedDataset);
    });
}

void MainWindow::openDataset(const QString& path)
{
    if (path.isEmpty())
        return;
    m_wantedDataset = path;
    m_pages->setCurrentWidget(m_dataView);
    if (m_dataset->isScanning()) {
        // Another one: stopped, and busyChanged(false) opens the wanted one. This one (the
        // page, shown just now, began it): it goes on.
        if (!samePath(m_dataset->source(), path))
            m_dataset->cancel();
        return;
    }
    m_dataset->open(path, m_dataView->validationFraction());
}

void MainWindow::buildAugmentPage()
{
    using fovea::widgets::AugmentationEditor;
    m_augmentEditor->setKinds(AugmentationPreviewController::kinds());
    m_augmentEditor->setPresets(AugmentationPreviewController::presetNames());
    connect(m_augmentEditor, &AugmentationEditor::stepsChanged, m_augmentPreview,
            &AugmentationPreviewController::setSteps);
    connect(m_augmentEditor, &AugmentationEditor::presetChosen, this, [this](const QString& name) {
        m_augmentEditor->setSteps(AugmentationPreviewController::presetSteps(name));
    });
    connect(m_augmentEditor, &AugmentationEditor::reseedRequested, m_augmentPreview,
            &AugmentationPreviewController::reseed);
    connect(m_augmentEditor, &AugmentationEditor::networkInputToggled, m_augmentPreview,
            &AugmentationPreviewController::setShowNetworkInput);
    connect(m_augmentEditor, &AugmentationEditor::previewCountChanged, m_augmentPreview,
            &AugmentationPreviewController::setCount);
    connect(m_augmentEditor, &AugmentationEditor::openPictureRequested, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Picture to preview"), QString(),
            tr("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.gif);;All files (*)"));
        if (!file.isEmpty())
            m_augmentPreview->loadPicture(file);
    });
    connect(m_augmentPreview, &AugmentationPreviewController::previewReady, m_augmentEditor,
            &AugmentationEditor::showPreviews);
    connect(m_augmentPreview, &AugmentationPreviewController::previewFailed, m_augmentEditor,
            &AugmentationEditor::showPreviewError);
    connect(m_augmentPreview, &AugmentationPreviewController::pictureChanged, m_augmentEditor,
            &AugmentationEditor::setPictureDescription);
    // The network the previews are for follows the Train page's architecture and input size.
    connect(m_pages, &QTabWidget::currentChanged, this, [this] {
        if (m_pages->currentWidget() == m_augmentEditor)
            updatePreviewNetwork();
    });
    updatePreviewNetwork();
    m_augmentPreview->setCount(m_augmentEditor->previewCount());
    m_augmentPreview->loadPicture(QString::fromStdString(m_settings->config().dataset));
}

void MainWindow::updatePreviewNetwork()
{
    const fovea::TrainingConfig config = m_settings->config();
    try {
        const fovea::ArchitectureInfo& info = fovea::architecture(config.architecture);
        m_augmentPreview->setNetworkInput(info.preprocessing, networkInputSize());
    } catch (const std::exception&) {
        // An architecture not (yet) known: the previous network stays.
    }
}

void MainWindow::buildInspectPage()
{
    using fovea::widgets::InspectionView;
    connect(m_inspectView, &InspectionView::chooseModelRequested, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Model to inspect"), QString(),
                                                          tr("Fovea models (*.pt);;All files (*)"));
        if (!file.isEmpty())
            chooseInspection(file, m_inspectDataset);
    });
    connect(m_inspectView, &InspectionView::chooseDatasetRequested, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Labelled dataset"));
        if (!folder.isEmpty())
            chooseInspection(m_inspectModel, folder);
    });
    // Those defaults change on other pages (and when a finished run loads its model): name them
    // whenever this page comes into view or a new model is ready.
    connect(m_pages, &QTabWidget::currentChanged, this, [this] {
        if (m_pages->currentWidget() == m_inspectView)
            showInspectionDefaults();
    });
    connect(m_classification, &ClassificationController::modelReady, this,
            &MainWindow::showInspectionDefaults);
    connect(m_inspectView, &InspectionView::evaluateRequested, this, [this] {
        // Defaults: the model the Classify page uses, the dataset the Train page names.
        const QString model =
            !m_inspectModel.isEmpty() ? m_inspectModel : m_classification->modelFile();
        const QString dataset = !m_inspectDataset.isEmpty()
                                    ? m_inspectDataset
                                    : QString::fromStdString(m_settings->config().dataset);
        if (model.isEmpty()) {
            m_inspectView->showError(tr("Choose a model file first (or train one)."));
            return;
        }
        inspectModel(model, dataset);
    });
    connect(m_inspectView, &InspectionView::cancelRequested, m_inspection,
            &InspectionController::cancel);
    connect(m_inspection, &InspectionController::busyChanged, m_inspectView,
            &InspectionView::setBusy);
    connect(m_inspection, &InspectionController::progress, m_inspectView,
            &InspectionView::setProgress);
    connect(m_inspection, &InspectionController::evaluated, m_inspectView,
            &InspectionView::setResults);
    connect(m_inspectView, &InspectionView::gradCamRequested, m_inspection,
            [this](int galleryRow, int classIndex) {
                m_inspection->gradCam(galleryRow, m_inspectView->gallery()->item(galleryRow).index,
                                      classIndex);
            });
    connect(m_inspection, &InspectionController::gradCamReady, m_inspectView,
            &InspectionView::showGradCam);
    connect(m_inspection, &InspectionController::gradCamFailed, m_inspectView,
            [this](int galleryRow, const QString& reason) {
                m_inspectView->showGradCam(galleryRow, QImage(),
                                           tr("Grad-CAM failed: %1").arg(reason));
            });
    connect(m_inspection, &InspectionController::finished, m_inspectView, [this](bool cancelled) {
        if (cancelled)
            m_inspectView->showError(tr("Evaluation cancelled; no results."));
    });
    connect(m_inspection, &InspectionController::failed, m_inspectView,
            [this](const QString& reason) {
                m_inspectView->showError(tr("Evaluation failed: %1").arg(reason));
            });
}

void MainWindow::showInspectionDefaults()
{
    describeInspection(m_inspectModel.isEmpty() ? m_classification->modelFile() : m_inspectModel,
                       m_inspectDataset.isEmpty()
                           ? QString::fromStdString(m_settings->config().dataset)
                           : m_inspectDataset);
}

void MainWindow::chooseInspection(const QString& modelFile, const QString& dataset)
{
    m_inspectModel = modelFile;
    m_inspectDataset = dataset;
    showInspectionDefaults();
}

void MainWindow::describeInspection(const QString& modelFile, const QString& dataset)
{
    // Results on screen belong to the model and dataset named with them: naming others clears
    // them (not while an evaluation runs: its results are for what it was started with).
    const bool other = modelFile != m_inspectView->modelDescription() ||
                       dataset != m_inspectView->datasetDescription();
    if (other && !m_inspection->isRunning())
        m_inspectView->clearResults();
    m_inspectView->setModelDescription(modelFile);
    m_inspectView->setDatasetDescription(dataset);
}

void MainWindow::inspectModel(const QString& modelFile, const QString& dataset)
{
    m_inspectModel = modelFile;
    m_inspectDataset = dataset;
    if (m_inspection->isRunning()) {
        statusBar()->showMessage(tr("An evaluation is already running."), 5000);
        return;
    }
    m_inspectView->setModelDescription(modelFile);
    m_inspectView->setDatasetDescription(dataset);
    m_inspectView->clearResults(); // the labels name what is evaluated now
    m_pages->setCurrentWidget(m_inspectView);
    const fovea::TrainingConfig project = projectConfig();
    m_inspection->evaluate(modelFile, dataset, project.validationFraction, project.seed);
}

} // namespace fovea::app