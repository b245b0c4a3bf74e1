#include "MainWindow.h"

#include "AugmentationPreviewController.h"
#include "ClassificationController.h"
#include "DatasetController.h"
#include "InspectionController.h"
#include "LanguageManager.h"
#include "ModelController.h"
#include "RunSettingsPanel.h"
#include "TrainingController.h"
#include "fovea/ArchitectureRegistry.h"
#include "fovea/LearningRateSchedule.h"
#include "fovea_widgets/AugmentationEditor.h"
#include "fovea_widgets/ClassificationView.h"
#include "fovea_widgets/DatasetView.h"
#include "fovea_widgets/InspectionView.h"
#include "fovea_widgets/LiveCurvePlot.h"
#include "fovea_widgets/ModelView.h"
#include "fovea_widgets/TestTimeCropsView.h"

#include <QAction>
#include <QActionGroup>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace fovea::app {

MainWindow::MainWindow(LanguageManager* languages, QWidget* parent)
    : QMainWindow(parent)
    , m_languages(languages)
    , m_controller(new TrainingController(this))
    , m_settings(new RunSettingsPanel)
    , m_plot(new fovea::widgets::LiveCurvePlot)
    , m_lrPlot(new fovea::widgets::LiveCurvePlot)
    , m_trainButton(new QPushButton)
    , m_stopButton(new QPushButton)
    , m_pauseButton(new QPushButton)
    , m_epochProgress(new QProgressBar)
    , m_epochLabel(new QLabel)
    , m_accuracyLabel(new QLabel)
    , m_throughputLabel(new QLabel)
    , m_pages(new QTabWidget)
    , m_classifyView(new fovea::widgets::ClassificationView)
    , m_classification(new ClassificationController(this))
    , m_cropsView(new fovea::widgets::TestTimeCropsView)
    , m_inspectView(new fovea::widgets::InspectionView)
    , m_inspection(new InspectionController(this))
    , m_augmentEditor(new fovea::widgets::AugmentationEditor)
    , m_augmentPreview(new AugmentationPreviewController(this))
    , m_dataView(new fovea::widgets::DatasetView)
    , m_dataset(new DatasetController(this))
    , m_modelView(new fovea::widgets::ModelView)
    , m_models(new ModelController(this))
{
    setWindowIcon(QIcon(QStringLiteral(":/icons/fovea.svg")));

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->addWidget(m_settings);
    auto* buttons = new QHBoxLayout;
    m_trainButton->setObjectName(QStringLiteral("trainButton"));
    m_stopButton->setObjectName(QStringLiteral("stopButton"));
    m_pauseButton->setObjectName(QStringLiteral("pauseButton"));
    m_pauseButton->setCheckable(true);
    m_trainButton->setDefault(true);
    buttons->addWidget(m_trainButton);
    buttons->addWidget(m_pauseButton);
    buttons->addWidget(m_stopButton);
    leftLayout->addLayout(buttons);
    leftLayout->addStretch(1);

    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->addWidget(m_plot, 3);
    rightLayout->addWidget(m_lrPlot, 1);
    auto* readouts = new QHBoxLayout;
    m_accuracyLabel->setObjectName(QStringLiteral("accuracyLabel"));
    QFont big = m_accuracyLabel->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_accuracyLabel->setFont(big);
    readouts->addWidget(m_epochLabel);
    readouts->addWidget(m_epochProgress, 1);
    readouts->addWidget(m_throughputLabel);
    readouts->addWidget(m_accuracyLabel);
    rightLayout->addLayout(readouts);

    auto* splitter = new QSplitter;
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({400, 800});
    m_trainPage = splitter;
    m_pages->addTab(m_dataView, QString());
    m_pages->addTab(m_modelView, QString());
    m_pages->addTab(splitter, QString());
    m_pages->addTab(m_augmentEditor, QString());
    m_pages->addTab(m_classifyView, QString());
    m_pages->addTab(m_cropsView, QString());
    m_pages->addTab(m_inspectView, QString());
    setCentralWidget(m_pages);
    setAcceptDrops(true);

    m_plot->addCurve(QString(), QColor(31, 119, 180));
    m_plot->addCurve(QString(), QColor(214, 39, 40), fovea::widgets::LiveCurvePlot::Axis::Left,
                     /*dashed=*/false, /*withMarkers=*/true);
    m_plot->addCurve(QString(), QColor(255, 127, 14), fovea::widgets::LiveCurvePlot::Axis::Right,
                     /*dashed=*/true, /*withMarkers=*/true);
    m_plot->addCurve(QString(), QColor(44, 160, 44), fovea::widgets::LiveCurvePlot::Axis::Right,
                     /*dashed=*/false, /*withMarkers=*/true);
    m_plot->setRightAxisRange(0.0, 1.0);
    m_lrPlot->addCurve(QString(), QColor(148, 103, 189));
    m_lrPlot->setObjectName(QStringLiteral("learningRatePlot"));
    // Before a run the learning-rate plot previews the schedule the settings give.
    connect(m_settings, &RunSettingsPanel::configEdited, this, &MainWindow::previewSchedule);
    m_epochProgress->setRange(0, 1000);
    m_epochProgress->setValue(0);

    connect(m_trainButton, &QPushButton::clicked, this, &MainWindow::startTraining);
    connect(m_stopButton, &QPushButton::clicked, this, &MainWindow::stopTraining);
    connect(m_pauseButton, &QPushButton::toggled, m_controller, &TrainingController::setPaused);
    connect(m_controller, &TrainingController::pausedChanged, this, [this](bool paused) {
        const QSignalBlocker quiet(m_pauseButton);
        m_pauseButton->setChecked(paused);
        retranslateUi();
        statusBar()->showMessage(paused ? tr("Paused after the current batch; Resume continues.")
                                        : tr("Training."),
                                 5000);
    });
    connect(m_controller, &TrainingController::runningChanged, this, &MainWindow::setRunning);
    connect(m_controller, &TrainingController::runStarted, this,
            [this](const QString& dir, int epochs, int batches) {
                onRunStarted(dir, epochs, batches);
            });
    connect(m_controller, &TrainingController::batchProgress, this, &MainWindow::onBatch);
    connect(m_controller, &TrainingController::epochFinished, this, &MainWindow::onEpoch);
    connect(m_controller, &TrainingController::finished, this, &MainWindow::onFinished);
    connect(m_controller, &TrainingController::failed, this, &MainWindow::onFailed);
    connect(m_controller, &TrainingController::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 5000); });

    previewSchedule();
    buildClassifyPage();
    buildInspectPage();
    buildAugmentPage();
    buildDataPage();
    buildModelPage();
    m_pages->setCurrentWidget(m_trainPage); // ready to train on the default dataset
    buildMenus();
    setRunning(false);
    retranslateUi();
    resize(1200, 720);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_openAction =
        m_fileMenu->addAction(QString(), m_settings, &RunSettingsPanel::chooseDatasetFolder);
    m_openAction->setShortcut(QKeySequence::Open);
    m_chooseModelAction = m_fileMenu->addAction(QString(), this, &MainWindow::chooseModelFile);
    m_pasteAction = m_fileMenu->addAction(QString(), this, &MainWindow::pasteImages);
    m_pasteAction->setShortcut(QKeySequence::Paste);
    m_fileMenu->addSeparator();
    m_quitAction = m_fileMenu->addAction(QString(), this, &QWidget::close);
    m_quitAction->setShortcut(QKeySequence::Quit);

    if (m_languages) {
        m_languageMenu = menuBar()->addMenu(QString());
        m_languageGroup = new QActionGroup(this);
        m_systemLanguageAction = m_languageMenu->addAction(QString());
        m_systemLanguageAction->setCheckable(true);
        m_systemLanguageAction->setData(QString());
        m_systemLanguageAction->setChecked(m_languages->requestedLanguage().isEmpty());
        m_languageGroup->addAction(m_systemLanguageAction);
        m_languageMenu->addSeparator();
        for (const QString& code : LanguageManager::availableLanguages()) {
            QAction* action = m_languageMenu->addAction(LanguageManager::nativeName(code));
            action->setCheckable(true);
            action->setData(code);
            action->setChecked(code == m_languages->requestedLanguage());
            m_languageGroup->addAction(action);
        }
        connect(m_languageGroup, &QActionGroup::triggered, this,
                [this](QAction* action) { m_languages->setLanguage(action->data().toString()); });
    }

    m_helpMenu = menuBar()->addMenu(QString());
    m_aboutAction = m_helpMenu->addAction(QString(), this, [this] {
        QMessageBox::about(this, tr("About Fovea"),
                           tr("<b>Fovea</b> %1<br>A workbench for image classification: pick an "
                              "architecture, point it at images, watch it learn.")
                               .arg(QStringLiteral("0.1.0")));
    });
}

void MainWindow::retranslateUi()
{
    setWindowTitle(tr("Fovea — image classification workbench"));
    m_trainButton->setText(tr("Train"));
    m_stopButton->setText(tr("Stop"));
    m_pauseButton->setText(m_pauseButton->isChecked() ? tr("Resume") : tr("Pause"));
    m_plot->setCurveName(TrainingLoss, tr("Training loss"));
    m_plot->setCurveName(ValidationLoss, tr("Validation loss"));
    m_plot->setCurveName(TrainingAccuracy, tr("Training accuracy"));
    m_plot->setCurveName(ValidationAccuracy, tr("Validation accuracy"));
    m_plot->setAxisLabels(tr("Epoch"), tr("Loss"), tr("Accuracy"));
    m_lrPlot->setAxisLabels(tr("Epoch"), tr("Learning rate"), QString());
    m_epochLabel->setText(m_epochs > 0
                              ? tr("Epoch %1 of %2")
                                    .arg(qMax(1, m_epochProgress->property("epoch").toInt()))
                                    .arg(m_epochs)
                              : tr("Ready"));
    m_accuracyLabel->setText(
        m_lastAccuracy >= 0.0
            ? tr("Validation accuracy: %1 %").arg(m_lastAccuracy * 100.0, 0, 'f', 2)
            : tr("Validation accuracy: –"));
    m_fileMenu->setTitle(tr("&File"));
    m_openAction->setText(tr("&Open dataset folder…"));
    m_chooseModelAction->setText(tr("Choose &model to classify with…"));
    m_pasteAction->setText(tr("&Paste images to classify"));
    m_pages->setTabText(m_pages->indexOf(m_dataView), tr("Data"));
    m_pages->setTabText(m_pages->indexOf(m_modelView), tr("Model"));
    m_pages->setTabText(m_pages->indexOf(m_trainPage), tr("Train"));
    m_pages->setTabText(m_pages->indexOf(m_augmentEditor), tr("Augment"));
    m_pages->setTabText(m_pages->indexOf(m_classifyView), tr("Classify"));
    m_pages->setTabText(m_pages->indexOf(m_cropsView), tr("Crops"));
    m_pages->setTabText(m_pages->indexOf(m_inspectView), tr("Inspect"));
    m_cropsView->setSchemes(ClassificationController::cropSchemes());
    m_quitAction->setText(tr("&Quit"));
    if (m_languageMenu) {
        m_languageMenu->setTitle(tr("&Language"));
        m_systemLanguageAction->setText(tr("System default"));
    }
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About Fovea"));
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::buildClassifyPage()
{
    m_classifyView->setObjectName(QStringLiteral("classifyPage"));
    connect(m_classifyView, &fovea::widgets::ClassificationView::chooseModelRequested, this,
            &MainWindow::chooseModelFile);
    connect(m_classifyView, &fovea::widgets::ClassificationView::pathsChosen, this,
            &MainWindow::classifyPaths);
    connect(m_classifyView, &fovea::widgets::ClassificationView::cancelRequested, m_classification,
            &ClassificationController::cancel);
    connect(m_classifyView, &fovea::widgets::ClassificationView::testTimeCropsChanged,
            m_classification, &ClassificationController::setTestTimeCrops);
    connect(m_classification, &ClassificationController::busyChanged, m_classifyView,
            &fovea::widgets::ClassificationView::setBusy);
    connect(m_classification, &ClassificationController::progress, m_classifyView,
            &fovea::widgets::ClassificationView::setProgress);
    connect(m_classification, &ClassificationController::classified, m_classifyView,
            &fovea::widgets::ClassificationView::addResult);
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
    // A run that trained to the end gives the Classify page its model, unless one was chosen.
    connect(m_controller, &TrainingController::finished, this,
            [this](bool stopped, int epochs, double, const QString& runDirectory) {
                const QString model = QDir(runDirectory).filePath(QStringLiteral("model.pt"));
                if (!stopped && epochs > 0 && !m_classification->hasModel() &&
                    QFileInfo::exists(model))
                    m_classification->setModelFile(model);
            });
}

void MainWindow::buildModelPage()
{
    using fovea::widgets::ModelView;
    m_modelView->setArchitectures(ModelController::architectureRows());
    connect(m_modelView, &ModelView::choiceChanged, this,
            [this](const fovea::widgets::ModelChoice& choice) {
                if (choice.architecture.isEmpty())
                    return;
                m_models->describe(choice, m_numClasses);
                // Training builds what the Model page describes.
                static const char* const heads[] = {"default", "fc", "avg", "max"};
                fovea::TrainingConfig config = m_settings->config();
                config.architecture = choice.architecture.toStdString();
                config.head = heads[std::clamp(choice.head, 0, 3)];
                config.headDropout = choice.dropout;
                config.compactStem = choice.compactStem;
                config.freezeUpTo = choice.freezeUpTo.toStdString();
                m_settings->setConfig(config);
            });
    connect(m_modelView, &ModelView::importWeightsRequested, this, [this] {
        const QString file =
            QFileDialog::getOpenFileName(this, tr("Pretrained weights"), QString(),
                                         tr("State dicts (*.pt *.pth);;All files (*)"));
        if (!file.isEmpty())
            m_models->importWeights(m_modelView->choice(), m_numClasses, file);
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
            });
    connect(m_models, &ModelController::failed, m_modelView, &ModelView::showError);
    m_modelView->selectArchitecture(QString::fromStdString(m_settings->config().architecture));
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
        if (!m_dataset->source().isEmpty() && !m_dataset->isScanning())
            openDataset(m_dataset->source()); // the split follows the fraction
    });
    connect(m_dataset, &DatasetController::busyChanged, m_dataView, &DatasetView::setBusy);
    connect(m_dataset, &DatasetController::progress, m_dataView, &DatasetView::setProgress);
    connect(m_dataset, &DatasetController::failed, m_dataView, [this](const QString& reason) {
        m_dataView->showError(tr("The dataset could not be read: %1").arg(reason));
    });
    connect(m_dataset, &DatasetController::opened, this,
            [this](const fovea::widgets::DatasetSummary& summary, const QStringList& names,
                   const QList<int>& labels) {
                m_dataView->thumbnails()->setSamples(summary.classNames, names, labels);
                m_numClasses = std::max(2, int(summary.classNames.size()));
                m_trainImages = 0;
                for (const qint64 count : summary.trainCounts)
                    m_trainImages += count;
                previewSchedule();
                m_dataView->showSummary(summary);
                // Training reads what the Data page shows.
                fovea::TrainingConfig config = m_settings->config();
                config.dataset = summary.source.toStdString();
                m_settings->setConfig(config);
            });
    connect(m_dataView->thumbnails(), &fovea::widgets::DatasetThumbnailModel::thumbnailWanted,
            m_dataset, &DatasetController::requestThumbnail, Qt::QueuedConnection);
    connect(m_dataset, &DatasetController::thumbnailReady, m_dataView->thumbnails(),
            &fovea::widgets::DatasetThumbnailModel::setThumbnail);
    // The Train page's dataset is shown the first time the page is opened.
    connect(m_pages, &QTabWidget::currentChanged, this, [this] {
        if (m_pages->currentWidget() == m_dataView && m_dataset->source().isEmpty())
            openDataset(QString::fromStdString(m_settings->config().dataset));
    });
}

void MainWindow::openDataset(const QString& path)
{
    if (path.isEmpty())
        return;
    m_pages->setCurrentWidget(m_dataView);
    if (!m_dataset->open(path, m_dataView->validationFraction()))
        statusBar()->showMessage(tr("A dataset is still being read."), 5000);
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
        // Without a fixed size the dataset's own is used: 28 px for the IDX sets.
        const int size = config.inputSize > 0       ? config.inputSize
                         : info.name == "small-cnn" ? 28
                                                    : info.defaultInputSize;
        m_augmentPreview->setNetworkInput(info.preprocessing, size);
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
        if (!file.isEmpty()) {
            m_inspectModel = file;
            m_inspectView->setModelDescription(file);
        }
    });
    connect(m_inspectView, &InspectionView::chooseDatasetRequested, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Labelled dataset"));
        if (!folder.isEmpty()) {
            m_inspectDataset = folder;
            m_inspectView->setDatasetDescription(folder);
        }
    });
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
    connect(m_inspection, &InspectionController::failed, m_inspectView,
            [this](const QString& reason) {
                m_inspectView->showError(tr("Evaluation failed: %1").arg(reason));
            });
}

void MainWindow::inspectModel(const QString& modelFile, const QString& dataset)
{
    m_inspectModel = modelFile;
    m_inspectDataset = dataset;
    m_inspectView->setModelDescription(modelFile);
    m_inspectView->setDatasetDescription(dataset);
    m_pages->setCurrentWidget(m_inspectView);
    if (!m_inspection->evaluate(modelFile, dataset))
        statusBar()->showMessage(tr("An evaluation is already running."), 5000);
}

void MainWindow::chooseModelFile()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Model to classify with"), QString(),
                                                      tr("Fovea models (*.pt);;All files (*)"));
    if (!file.isEmpty())
        m_classification->setModelFile(file);
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

void MainWindow::closeEvent(QCloseEvent* event)
{
    // The controller's destructor stops and joins the run; ask now so closing is quick.
    m_controller->stop();
    event->accept();
}

void MainWindow::startTraining()
{
    m_plot->clearPoints();
    m_lastAccuracy = -1.0;
    m_epochs = 0;
    m_epochProgress->setValue(0);
    m_throughputLabel->clear();
    retranslateUi();
    fovea::TrainingConfig config = m_settings->config();
    config.augmentation = m_augmentPreview->spec(); // the Augment page's pipeline
    config.validationFraction = m_dataView->validationFraction();
    if (!m_controller->start(config))
        statusBar()->showMessage(tr("A run is already in progress."), 5000);
}

void MainWindow::stopTraining()
{
    m_controller->stop();
    statusBar()->showMessage(tr("Stopping after the current batch…"));
}

void MainWindow::previewSchedule()
{
    if (m_controller->isRunning())
        return; // the plot shows the run's own rates
    fovea::TrainingConfig config = m_settings->config();
    config.augmentation = {};
    const int batch = std::max(1, config.batchSize * std::max(1, config.accumulateSteps));
    const int stepsPerEpoch = std::max<qint64>(1, m_trainImages / batch);
    m_lrPlot->clearPoints();
    m_lrPlot->setKeyAxisRange(0.0, config.epochs);
    try {
        const std::vector<double> curve = fovea::learningRateCurve(config, stepsPerEpoch);
        // At most ~2000 points drawn; the schedule is smooth or piecewise constant.
        const std::size_t stride = std::max<std::size_t>(1, curve.size() / 2000);
        for (std::size_t step = 0; step < curve.size(); step += stride)
            m_lrPlot->appendPoint(0, double(step) / stepsPerEpoch, curve[step]);
        if (!curve.empty())
            m_lrPlot->appendPoint(0, double(curve.size()) / stepsPerEpoch, curve.back());
        m_lrPlot->setCurveName(0, tr("Learning rate (preview)"));
    } catch (const std::exception& error) {
        m_lrPlot->setCurveName(0, tr("No schedule: %1").arg(QString::fromUtf8(error.what())));
    }
}

void MainWindow::setRunning(bool running)
{
    m_trainButton->setEnabled(!running);
    m_stopButton->setEnabled(running);
    m_pauseButton->setEnabled(running);
    m_settings->setEditable(!running);
}

void MainWindow::onRunStarted(const QString& runDirectory, int epochs, int)
{
    m_epochs = epochs;
    m_plot->setKeyAxisRange(0.0, epochs);
    m_lrPlot->clearPoints(); // from here on, the rates the run uses
    m_lrPlot->setKeyAxisRange(0.0, epochs);
    m_lrPlot->setCurveName(0, tr("Learning rate"));
    m_epochProgress->setProperty("epoch", 1);
    retranslateUi();
    statusBar()->showMessage(tr("Training; run directory: %1").arg(runDirectory));
}

void MainWindow::onBatch(int epoch, int batch, int batchesPerEpoch, qint64, double loss,
                         double learningRate, double imagesPerSecond)
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
}

void MainWindow::onEpoch(int epoch, double, double trainAccuracy, double validationLoss,
                         double validationAccuracy)
{
    m_plot->appendPoint(ValidationLoss, epoch, validationLoss);
    m_plot->appendPoint(TrainingAccuracy, epoch, trainAccuracy);
    m_plot->appendPoint(ValidationAccuracy, epoch, validationAccuracy);
    m_lastAccuracy = validationAccuracy;
    retranslateUi();
}

void MainWindow::onFinished(bool stopped, int epochsCompleted, double finalAccuracy,
                            const QString& runDirectory)
{
    Q_UNUSED(finalAccuracy)
    statusBar()->showMessage(
        stopped ? tr("Stopped after %n epoch(s); run directory: %1", nullptr, epochsCompleted)
                      .arg(runDirectory)
                : tr("Finished %n epoch(s); run directory: %1", nullptr, epochsCompleted)
                      .arg(runDirectory));
}

void MainWindow::onFailed(const QString& errorCode, const QString& details)
{
    // The engine's message names the file, key or value in English; the lead sentence is ours.
    QString lead = tr("Training stopped because of an internal error.");
    if (errorCode == QLatin1String("not-found") || errorCode == QLatin1String("corrupt-file"))
        lead = tr("The dataset could not be read.");
    else if (errorCode == QLatin1String("invalid-argument"))
        lead = tr("The settings are not valid.");
    else if (errorCode == QLatin1String("unknown-architecture"))
        lead = tr("The architecture is not known.");
    else if (errorCode == QLatin1String("numerical-failure"))
        lead = tr("Training became numerically unstable.");
    else if (errorCode == QLatin1String("io"))
        lead = tr("A file could not be read or written.");
    statusBar()->showMessage(tr("Training failed."));
    // Window-modal and non-blocking: the event loop (and any test driving it) keeps running.
    auto* box =
        new QMessageBox(QMessageBox::Warning, tr("Training failed"), lead, QMessageBox::Ok, this);
    box->setInformativeText(tr("Details: %1").arg(details));
    box->setObjectName(QStringLiteral("trainingFailedBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace fovea::app
