#include "MainWindow.h"

#include "AugmentationPreviewController.h"
#include "ClassificationController.h"
#include "DatasetController.h"
#include "InspectionController.h"
#include "LanguageManager.h"
#include "ModelController.h"
#include "RunSettingsPanel.h"
#include "TrainingController.h"
#include "fovea_widgets/AugmentationEditor.h"
#include "fovea_widgets/ClassificationView.h"
#include "fovea_widgets/DatasetView.h"
#include "fovea_widgets/InspectionView.h"
#include "fovea_widgets/LiveCurvePlot.h"
#include "fovea_widgets/ModelView.h"
#include "fovea_widgets/RunHistoryView.h"
#include "fovea_widgets/TestTimeCropsView.h"

#include <QAction>
#include <QActionGroup>
#include <QCheckBox>
#include <QCloseEvent>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSlider>

#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>
#include <cmath>

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
    , m_smoothingLabel(new QLabel)
    , m_smoothing(new QSlider(Qt::Horizontal))
    , m_logScale(new QCheckBox)
    , m_exportButton(new QPushButton)
    , m_lrFindButton(new QPushButton)
    , m_useLrButton(new QPushButton)
    , m_epochProgress(new QProgressBar)
    , m_epochLabel(new QLabel)
    , m_accuracyLabel(new QLabel)
    , m_throughputLabel(new QLabel)
    , m_timeLabel(new QLabel)
    , m_resumedSettingsNote(new QLabel)
    , m_runHistory(new fovea::widgets::RunHistoryView)
    , m_runs(new RunHistoryController(this))
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
    , m_trainAction(new QAction(this))
    , m_pauseAction(new QAction(this))
    , m_stopAction(new QAction(this))
{
    setWindowIcon(QIcon(QStringLiteral(":/icons/fovea.svg")));

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    // A resumed run trains with the settings it began with, not the project's shown below.
    m_resumedSettingsNote->setWordWrap(true);
    m_resumedSettingsNote->hide();
    leftLayout->addWidget(m_resumedSettingsNote);
    leftLayout->addWidget(m_settings);
    auto* buttons = new QHBoxLayout;
    const QMargins margins = leftLayout->contentsMargins();
    buttons->setContentsMargins(margins.left(), 0, margins.right(), margins.bottom());
    m_trainButton->setObjectName(QStringLiteral("trainButton"));
    m_stopButton->setObjectName(QStringLiteral("stopButton"));
    m_pauseButton->setObjectName(QStringLiteral("pauseButton"));
    m_pauseButton->setCheckable(true);
    m_trainButton->setDefault(true);
    buttons->addWidget(m_trainButton);
    buttons->addWidget(m_pauseButton);
    buttons->addWidget(m_stopButton);
    auto* lrRow = new QHBoxLayout;
    lrRow->addWidget(m_lrFindButton);
    lrRow->addWidget(m_useLrButton);
    leftLayout->addLayout(lrRow);
    m_useLrButton->hide();
    leftLayout->addWidget(m_runHistory, 1);

    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->addWidget(m_plot, 3);
    auto* curveTools = new QHBoxLayout;
    curveTools->addWidget(m_smoothingLabel);
    curveTools->addWidget(m_smoothing, 1);
    curveTools->addWidget(m_logScale);
    curveTools->addWidget(m_exportButton);
    rightLayout->addLayout(curveTools);
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
    readouts->addWidget(m_timeLabel);
    readouts->addWidget(m_accuracyLabel);
    rightLayout->addLayout(readouts);

    auto* splitter = new QSplitter;
    // The settings, the learning-rate finder and the run history scroll on a small screen
    // instead of forcing the window's height; Train, Pause and Stop stay in view below them
    // (the default window is shorter than the settings).
    auto* leftScroll = new QScrollArea;
    leftScroll->setWidget(left);
    leftScroll->setWidgetResizable(true);
    leftScroll->setFrameShape(QFrame::NoFrame);
    leftScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_leftColumn = left;
    m_leftScroll = leftScroll;
    auto* leftPane = new QWidget;
    auto* leftPaneLayout = new QVBoxLayout(leftPane);
    leftPaneLayout->setContentsMargins(0, 0, 0, 0);
    leftPaneLayout->addWidget(leftScroll, 1);
    leftPaneLayout->addLayout(buttons);
    splitter->addWidget(leftPane);
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
    // The training loss smoothed over the raw one (which stays visible, lighter).
    m_plot->addCurve(QString(), QColor(16, 60, 120));
    m_plot->setCurvePen(TrainingLoss, QPen(QColor(31, 119, 180, 90), 1.0));
    m_smoothing->setRange(0, 99);
    m_smoothing->setValue(60);
    m_smoothing->setObjectName(QStringLiteral("smoothingSlider"));
    m_plot->setSmoothing(TrainingLoss, SmoothedTrainingLoss, 0.6);
    connect(m_smoothing, &QSlider::valueChanged, this, [this](int value) {
        m_plot->setSmoothing(TrainingLoss, SmoothedTrainingLoss, value / 100.0);
    });
    connect(m_logScale, &QCheckBox::toggled, m_plot, &fovea::widgets::LiveCurvePlot::setLogScale);
    connect(m_exportButton, &QPushButton::clicked, this, [this] {
        QString format;
        QString path = QFileDialog::getSaveFileName(
            this, tr("Export the curves"), QStringLiteral("curves.png"),
            tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf);;CSV table (*.csv)"),
            &format);
        path = fovea::widgets::LiveCurvePlot::withFilterSuffix(path, format);
        if (!path.isEmpty() && !m_plot->exportTo(path))
            QMessageBox::warning(this, tr("Export the curves"),
                                 tr("%1 could not be written (PNG, SVG, PDF or CSV).").arg(path));
    });
    m_plot->setRightAxisRange(0.0, 1.0);
    m_lrPlot->addCurve(QString(), QColor(148, 103, 189));
    m_lrPlot->setObjectName(QStringLiteral("learningRatePlot"));
    m_lrPlot->setRightAxisVisible(false); // one curve, on the left axis
    // Before a run the learning-rate plot previews the schedule the settings give.
    connect(m_settings, &RunSettingsPanel::configEdited, this, &MainWindow::previewSchedule);
    m_epochProgress->setRange(0, 1000);
    m_epochProgress->setValue(0);

    connect(m_trainButton, &QPushButton::clicked, this, &MainWindow::startTraining);
    connect(m_stopButton, &QPushButton::clicked, this, &MainWindow::stopTraining);
    connect(m_lrFindButton, &QPushButton::clicked, this, &MainWindow::findLearningRate);
    connect(m_useLrButton, &QPushButton::clicked, this, [this] {
        fovea::TrainingConfig config = m_settings->config();
        config.learningRate = m_suggestedLr;
        m_settings->setConfig(config);
        m_useLrButton->hide();
    });
    connect(
        m_controller, &TrainingController::lrFindStep, this,
        [this](int, double lr, double loss) { m_lrPlot->appendPoint(0, std::log10(lr), loss); });
    connect(
        m_controller, &TrainingController::lrFound, this,
        [this](const QList<double>&, const QList<double>&, double suggested, bool diverged) {
            m_findingLr = false;
            if (!std::isfinite(suggested)) {
                statusBar()->showMessage(tr("The range test found no rate to suggest."), 5000);
                return;
            }
            m_suggestedLr = suggested;
            m_useLrButton->setText(tr("Use %1").arg(suggested, 0, 'g', 3));
            m_useLrButton->show();
            statusBar()->showMessage(
                diverged
                    ? tr("Range test done (the loss diverged at the end); suggested "
                         "learning rate %1")
                          .arg(suggested, 0, 'g', 3)
                    : tr("Range test done; suggested learning rate %1").arg(suggested, 0, 'g', 3));
        });
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
    // A large validation set takes a while at the end of an epoch: the readout says so.
    connect(m_controller, &TrainingController::validationProgress, this,
            [this](int epoch, qint64 done, qint64 total) {
                if (total > 0 && m_epochs > 0)
                    m_epochLabel->setText(tr("Epoch %1 of %2: validating, %3 %")
                                              .arg(epoch)
                                              .arg(m_epochs)
                                              .arg(100 * done / total));
            });
    connect(m_controller, &TrainingController::epochFinished, this, &MainWindow::onEpoch);
    connect(m_controller, &TrainingController::finished, this, &MainWindow::onFinished);
    connect(m_controller, &TrainingController::failed, this, &MainWindow::onFailed);
    // The status bar holds one line: a message's first (the files left out are listed on the
    // Data page and in the run's log.txt).
    connect(m_controller, &TrainingController::message, this, [this](const QString& text) {
        const QString line = text.section(QLatin1Char('\n'), 0, 0);
        // A resume's own notes (damaged checkpoints passed over, where it goes on from) come
        // before it starts: said again once it has, not hidden by "Training".
        if (m_resuming && m_epochs == 0)
            m_resumeNotes << line;
        statusBar()->showMessage(line, 5000);
    });

    previewSchedule();
    buildClassifyPage();
    buildInspectPage();
    buildAugmentPage();
    buildDataPage();
    buildModelPage();
    buildRunHistory();
    m_pages->setCurrentWidget(m_trainPage); // ready to train on the default dataset
    buildMenus();
    setRunning(false);
    m_savedConfig = projectConfig(); // an untitled project, unmodified
    retranslateUi();
    resize(1200, 720);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    buildProjectMenu();
    m_openAction =
        m_fileMenu->addAction(QString(), m_settings, &RunSettingsPanel::chooseDatasetFolder);
    m_openAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    m_chooseModelAction = m_fileMenu->addAction(QString(), this, &MainWindow::chooseModelFile);
    m_pasteAction = m_fileMenu->addAction(QString(), this, &MainWindow::pasteImages);
    m_pasteAction->setShortcut(QKeySequence::Paste);
    m_fileMenu->addSeparator();
    m_quitAction = m_fileMenu->addAction(QString(), this, &QWidget::close);
    m_quitAction->setShortcut(QKeySequence::Quit);

    m_runMenu = menuBar()->addMenu(QString());
    m_runMenu->addAction(m_trainAction);
    m_runMenu->addAction(m_pauseAction);
    m_runMenu->addAction(m_stopAction);
    m_trainAction->setShortcut(Qt::Key_F5);
    m_pauseAction->setShortcut(Qt::Key_F6);
    m_stopAction->setShortcut(Qt::SHIFT | Qt::Key_F5);
    connect(m_trainAction, &QAction::triggered, m_trainButton, &QPushButton::click);
    connect(m_pauseAction, &QAction::triggered, m_pauseButton, &QPushButton::click);
    connect(m_stopAction, &QAction::triggered, m_stopButton, &QPushButton::click);
    // Alt+1 … Alt+7 show the pages in tab order (as browsers do).
    for (int page = 0; page < m_pages->count() && page < 9; ++page) {
        auto* show = new QAction(this);
        show->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + page)));
        connect(show, &QAction::triggered, this, [this, page] { m_pages->setCurrentIndex(page); });
        addAction(show);
    }

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
    m_trainButton->setText(tr("Train"));
    m_stopButton->setText(tr("Stop"));
    m_pauseButton->setText(m_pauseButton->isChecked() ? tr("Resume") : tr("Pause"));
    m_lrFindButton->setText(tr("Find learning rate"));
    m_resumedSettingsNote->setText(
        tr("<b>The resumed run keeps the settings it began with</b> (its config.json); those "
           "below are the project's."));
    m_lrFindButton->setToolTip(tr("A short run with a rising rate: where the loss falls fastest "
                                  "is a good starting rate"));
    m_plot->setCurveName(TrainingLoss, tr("Training loss"));
    m_plot->setCurveName(SmoothedTrainingLoss, tr("Training loss, smoothed"));
    m_smoothingLabel->setText(tr("Smoothing"));
    m_logScale->setText(tr("Log scale"));
    m_exportButton->setText(tr("Export…"));
    m_plot->setCurveName(ValidationLoss, tr("Validation loss"));
    m_plot->setCurveName(TrainingAccuracy, tr("Training accuracy"));
    m_plot->setCurveName(ValidationAccuracy, tr("Validation accuracy"));
    m_plot->setAxisLabels(tr("Epoch"), tr("Loss"), tr("Accuracy"));
    nameLearningRateCurve(m_lrCurve);
    if (!m_runs->following().isEmpty() && m_followedEpochs.planned > 0)
        m_epochLabel->setText(followedEpochsText());
    else
        m_epochLabel->setText(m_epochs > 0
                                  ? tr("Epoch %1 of %2")
                                        .arg(qMax(1, m_epochProgress->property("epoch").toInt()))
                                        .arg(m_epochs)
                                  : tr("Ready"));
    showTimes();
    m_accuracyLabel->setText(
        m_lastAccuracy >= 0.0
            ? tr("Validation accuracy: %1 %").arg(m_lastAccuracy * 100.0, 0, 'f', 2)
            : tr("Validation accuracy: –"));
    m_fileMenu->setTitle(tr("&File"));
    retranslateProjectMenu();
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
    m_runMenu->setTitle(tr("&Run"));
    m_trainAction->setText(tr("&Train"));
    m_pauseAction->setText(m_pauseButton->isChecked() ? tr("&Resume") : tr("&Pause"));
    m_stopAction->setText(tr("&Stop"));
    if (m_languageMenu) {
        m_languageMenu->setTitle(tr("&Language"));
        m_systemLanguageAction->setText(tr("System default"));
    }
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About Fovea"));
    // Never narrower than the settings need in this language (cut off, not scrolled, else).
    m_leftColumn->layout()->activate();
    m_leftScroll->setMinimumWidth(m_leftColumn->minimumSizeHint().width() +
                                  m_leftScroll->verticalScrollBar()->sizeHint().width());
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

} // namespace fovea::app
