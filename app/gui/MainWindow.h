#pragma once

#include "RunHistoryController.h"
#include "fovea/TrainingConfig.h"

#include <QMainWindow>
#include <QMap>
#include <QSet>

class QAction;
class QCheckBox;
class QSlider;
class QActionGroup;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QTabWidget;

namespace fovea::widgets {
class AugmentationEditor;
class DatasetView;
class ModelView;
struct ModelChoice;
class ClassificationView;
class InspectionView;
class LiveCurvePlot;
class RunHistoryView;
class TestTimeCropsView;
} // namespace fovea::widgets

namespace fovea::app {

class AugmentationPreviewController;
class ClassificationController;
class DatasetController;
class ModelController;
class InspectionController;
class LanguageManager;
class RunSettingsPanel;
class TrainingController;

/// Two pages: Train (the run settings, the live curves and the progress read-outs, wired to a
/// TrainingController) and Classify (a ClassificationView wired to a ClassificationController).
/// Images or folders dropped anywhere on the window, or pasted, are classified.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    /// `languages` may be null (no Language menu), e.g. in tests.
    explicit MainWindow(LanguageManager* languages = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    RunSettingsPanel* settingsPanel() const { return m_settings; }
    TrainingController* controller() const { return m_controller; }
    fovea::widgets::LiveCurvePlot* curvePlot() const { return m_plot; }
    fovea::widgets::LiveCurvePlot* learningRatePlot() const { return m_lrPlot; }
    QPushButton* trainButton() const { return m_trainButton; }
    QPushButton* stopButton() const { return m_stopButton; }
    QPushButton* pauseButton() const { return m_pauseButton; }
    QPushButton* lrFindButton() const { return m_lrFindButton; }
    QPushButton* useLrButton() const { return m_useLrButton; }
    /// Steps of the learning-rate range test (tests use few).
    void setLrFindSteps(int steps) { m_lrFindSteps = steps; }
    QProgressBar* epochProgress() const { return m_epochProgress; }
    QLabel* accuracyLabel() const { return m_accuracyLabel; }
    QLabel* epochLabel() const { return m_epochLabel; }
    QTabWidget* pages() const { return m_pages; }
    fovea::widgets::ClassificationView* classificationView() const { return m_classifyView; }
    ClassificationController* classification() const { return m_classification; }
    fovea::widgets::TestTimeCropsView* cropsView() const { return m_cropsView; }
    fovea::widgets::InspectionView* inspectionView() const { return m_inspectView; }
    InspectionController* inspection() const { return m_inspection; }
    fovea::widgets::AugmentationEditor* augmentationEditor() const { return m_augmentEditor; }
    AugmentationPreviewController* augmentationPreview() const { return m_augmentPreview; }

    /// Evaluates `modelFile` on `dataset` on the Inspect page.
    void inspectModel(const QString& modelFile, const QString& dataset);
    /// What the Inspect page's Evaluate will use (an empty one: the default, the Classify
    /// page's model or the Train page's dataset), as its Choose buttons set them.
    void chooseInspection(const QString& modelFile, const QString& dataset);
    /// Opens `path` (folder, list file or IDX folder) on the Data page.
    void openDataset(const QString& path);
    fovea::widgets::DatasetView* dataView() const { return m_dataView; }
    DatasetController* datasetController() const { return m_dataset; }
    fovea::widgets::ModelView* modelView() const { return m_modelView; }
    ModelController* modelController() const { return m_models; }

    /// Classifies files and folders (what a drop does): shows the Classify page; without a
    /// model yet, asks for one first and classifies once it is loaded.
    void classifyPaths(const QStringList& paths);
    /// Shows the Crops page for the picture at `path` under the page's current scheme.
    void inspectCrops(const QString& path);
    /// The ten-crop switch: later pictures and the listed files are classified that way.
    void reclassifyWithCrops(bool tenCrops);

    /// The project: everything the Data, Model, Train and Augment pages hold, as the JSON
    /// config fovea-cli reads (`fovea-cli train --config`).
    fovea::TrainingConfig projectConfig() const;
    QString projectPath() const { return m_projectPath; }
    bool isProjectModified() const;
    /// Shows `config` as a new, untitled and unmodified project (no prompt).
    void resetProject(const fovea::TrainingConfig& config);
    /// Opens a project file; a broken one is reported (naming the file and the key or value at
    /// fault, also kept in lastProjectError()) and changes nothing. Asks first when the current
    /// project has unsaved changes; false when cancelled or failed.
    bool openProject(const QString& path);
    /// Writes the project atomically; false (and an error box) when it cannot be written.
    bool saveProjectTo(const QString& path);
    QString lastProjectError() const { return m_lastProjectError; }
    /// The keys openProject() last had to adjust to what the pages accept ("batchSize").
    QString lastProjectAdjustment() const { return m_lastProjectAdjustment; }
    QStringList recentProjects() const;
    /// Where this project's run directories go: a relative runsFolder is beside the project.
    QString runsFolder() const;
    /// Window geometry, toolbar state and the page shown, from QSettings.
    void restoreWindowState();

    fovea::widgets::RunHistoryView* runHistory() const { return m_runHistory; }
    RunHistoryController* runHistoryController() const { return m_runs; }
    /// Shows the curves of `directory` (a run directory of this window's or fovea-cli's) and
    /// keeps them up to date while it is written.
    void followRun(const QString& directory);
    /// Continues `directory` (a run that ended early) from its newest checkpoint: its curves so
    /// far are drawn, and the run goes on as one started here.
    void resumeRun(const QString& directory);
    QLabel* timeLabel() const { return m_timeLabel; }
    /// Shown above the settings while a resumed run goes on.
    QLabel* resumedSettingsNote() const { return m_resumedSettingsNote; }

    /// Curve ids on curvePlot().
    enum Curve {
        TrainingLoss,
        ValidationLoss,
        TrainingAccuracy,
        ValidationAccuracy,
        SmoothedTrainingLoss,
        kFixedCurves ///< compared runs' curves come after these
    };
    QSlider* smoothingSlider() const { return m_smoothing; }
    QCheckBox* logScaleBox() const { return m_logScale; }

Q_SIGNALS:
    /// A followed run's curves were drawn (after each change of its files).
    void followedRunShown(const QString& directory);

public Q_SLOTS:
    void startTraining();
    /// Runs the learning-rate range test on the settings; its curve replaces the learning-rate
    /// plot, and a button offers the suggested rate.
    void findLearningRate();
    void stopTraining();
    bool newProject();
    bool saveProject();
    bool saveProjectAs();

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenus();
    void buildRunHistory();
    void refreshRuns();
    void showFollowedRun(const RunCurves& curves);
    /// Draws `curves` on the live plots, replacing what they showed.
    void drawRunCurves(const RunCurves& curves);
    /// Clears the plot and the readouts of the last run for a new or resumed one.
    void resetRunReadouts();
    void redrawOverlays();
    /// The run's elapsed time and the estimate of what is left (m_elapsedSeconds,
    /// m_etaSeconds), in the current language; empty before a run.
    void showTimes();
    void buildProjectMenu();
    void retranslateProjectMenu();
    void applyProject(const fovea::TrainingConfig& config);
    void updateModified();
    /// Asks whether to save unsaved changes: true to go on (saved or discarded).
    bool maybeSave();
    /// A window-modal (not blocking) box naming the file and the engine's reason.
    void reportProjectError(const QString& title, const QString& lead, const std::exception& error);
    void addRecentProject(const QString& path);
    void rebuildRecentMenu();
    void saveWindowState() const;
    void buildClassifyPage();
    void buildInspectPage();
    /// True when no run is training, or the user chose to stop it (asked before quitting).
    bool confirmStopRun();
    /// True (and says why in the status bar) while a run trains: no other project meanwhile.
    bool refuseWhileTraining();
    /// Shows on the Inspect page what Evaluate uses when nothing was chosen there: the Classify
    /// page's model and the Train page's dataset.
    void showInspectionDefaults();
    void buildAugmentPage();
    void buildDataPage();
    void buildModelPage();
    void updatePreviewNetwork();
    /// What the learning-rate plot shows, named in the current language.
    enum class LearningRateCurve { Preview, NoSchedule, RangeTest, Rates };
    void nameLearningRateCurve(LearningRateCurve shown);
    LearningRateCurve m_lrCurve = LearningRateCurve::Preview;
    QString m_scheduleError;
    /// The pixels training feeds the network: the settings' input size, else the dataset's
    /// own (28 px for IDX sets with small-cnn) or the architecture's default.
    int networkInputSize() const;
    /// Describes `choice` on the Model page, measured at networkInputSize().
    void describeModel(const fovea::widgets::ModelChoice& choice);
    /// Names what Evaluate on the Inspect page uses; results for something else are cleared.
    void describeInspection(const QString& modelFile, const QString& dataset);
    /// False, showing the Augment page and why, while its steps do not form a valid pipeline.
    bool augmentationIsValid();
    /// What the Model page shows of `config`: architecture, head, dropout, stem, freezing, size.
    static fovea::widgets::ModelChoice modelChoiceOf(const fovea::TrainingConfig& config);
    int m_describedInputSize = 0;
    void chooseModelFile();
    void pasteImages();
    void retranslateUi();
    void setRunning(bool running);
    /// Draws the schedule the settings give on the learning-rate plot (not during a run).
    void previewSchedule();
    void onRunStarted(const QString& runDirectory, int epochs, int batchesPerEpoch);
    void onBatch(int epoch, int batch, int batchesPerEpoch, qint64 step, double loss,
                 double learningRate, double imagesPerSecond, double elapsedSeconds,
                 double etaSeconds);
    void onEpoch(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                 double validationAccuracy);
    void onFinished(bool stopped, int epochsCompleted, double finalAccuracy,
                    const QString& runDirectory);
    void endRunReadouts();
    /// The lead sentence of the failure box for the engine's `errorCode`.
    QString failureLead(const QString& errorCode) const;
    void onFailed(const QString& errorCode, const QString& details);

    LanguageManager* m_languages;
    TrainingController* m_controller;
    RunSettingsPanel* m_settings;
    fovea::widgets::LiveCurvePlot* m_plot;
    fovea::widgets::LiveCurvePlot* m_lrPlot;
    QPushButton* m_trainButton;
    QPushButton* m_stopButton;
    QPushButton* m_pauseButton;
    QLabel* m_smoothingLabel;
    QSlider* m_smoothing;
    QCheckBox* m_logScale;
    QPushButton* m_exportButton;
    QPushButton* m_lrFindButton;
    QPushButton* m_useLrButton;
    bool m_findingLr = false;
    double m_suggestedLr = 0.0;
    int m_lrFindSteps = 100;
    QProgressBar* m_epochProgress;
    QLabel* m_epochLabel;
    QLabel* m_accuracyLabel;
    QLabel* m_throughputLabel;
    QLabel* m_timeLabel;
    QLabel* m_resumedSettingsNote;
    double m_elapsedSeconds = -1.0; ///< of the run, as the engine last said; negative: none
    double m_etaSeconds = -1.0;     ///< to its end; negative: unknown or ended
    fovea::widgets::RunHistoryView* m_runHistory;
    RunHistoryController* m_runs;
    QMap<QString, RunCurves> m_overlays; ///< compared runs by directory
    QTabWidget* m_pages;
    fovea::widgets::ClassificationView* m_classifyView;
    ClassificationController* m_classification;
    fovea::widgets::TestTimeCropsView* m_cropsView;
    QString m_cropsPath;
    fovea::widgets::InspectionView* m_inspectView;
    InspectionController* m_inspection;
    fovea::widgets::AugmentationEditor* m_augmentEditor;
    AugmentationPreviewController* m_augmentPreview;
    fovea::widgets::DatasetView* m_dataView;
    DatasetController* m_dataset;
    fovea::widgets::ModelView* m_modelView;
    ModelController* m_models;
    QAction* m_trainAction;
    QAction* m_pauseAction;
    QAction* m_stopAction;
    int m_numClasses = 10;        ///< of the dataset last opened (Fashion-MNIST's until then)
    qint64 m_trainImages = 60000; ///< for the schedule preview's steps per epoch (ditto)
    QWidget* m_trainPage = nullptr;
    QWidget* m_leftColumn = nullptr;     ///< the Train page's settings, lr finder and runs
    QScrollArea* m_leftScroll = nullptr; ///< around m_leftColumn
    QString m_inspectModel;
    QString m_inspectDataset;
    /// The dataset the project names (the Train page's, or the last one opened on the Data
    /// page): a scan of any other that ends later (begun before a project was opened) must
    /// not take its place.
    QString m_wantedDataset;
    QString m_runDirectory; ///< of the run in progress, for the prompt before quitting
    bool m_modelChosenOnClassifyPage = false; ///< else each finished run's model is used
    QStringList m_waitingForModel;            ///< dropped before any model was loaded
    /// Listed files classified again (the ten-crop switch changed): their results replace
    /// their rows instead of adding new ones.
    QSet<QString> m_reclassifying;
    QAction* m_pasteAction = nullptr;
    QAction* m_chooseModelAction = nullptr;
    QMenu* m_fileMenu = nullptr;
    QMenu* m_languageMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_newProjectAction = nullptr;
    QAction* m_openProjectAction = nullptr;
    QAction* m_saveAction = nullptr;
    QAction* m_saveAsAction = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_runMenu = nullptr;
    QString m_projectPath;
    QString m_lastProjectError;
    QString m_lastProjectAdjustment;
    fovea::TrainingConfig m_savedConfig;      ///< as last saved or opened: the modified mark's base
    fovea::TrainingConfig m_newProjectConfig; ///< as resetProject() last gave it
    QAction* m_systemLanguageAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QActionGroup* m_languageGroup = nullptr;
    int m_epochs = 0;
    double m_lastAccuracy = -1.0;
    bool m_resuming = false;   ///< the run going on was resumed (its history drawn first)
    QStringList m_resumeNotes; ///< the engine's messages before a resumed run started

    bool m_splitChangedDuringScan = false; ///< the Data page reads its dataset again once free
    /// What the epoch readout says of the followed run (its folder's name, epochs done and
    /// planned), kept so that a language switch can say it again.
    struct FollowedEpochs {
        QString name;
        int done = 0;
        int planned = 0;
    } m_followedEpochs;
    QString followedEpochsText() const;
};

} // namespace fovea::app
