#pragma once

#include <QMainWindow>

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;

namespace fovea::widgets {
class LiveCurvePlot;
}

namespace fovea::app {

class LanguageManager;
class RunSettingsPanel;
class TrainingController;

/// Composes the run settings, the live curves and the progress read-outs, and wires them to a
/// TrainingController.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    /// `languages` may be null (no Language menu), e.g. in tests.
    explicit MainWindow(LanguageManager* languages = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    RunSettingsPanel* settingsPanel() const { return m_settings; }
    TrainingController* controller() const { return m_controller; }
    fovea::widgets::LiveCurvePlot* curvePlot() const { return m_plot; }
    QPushButton* trainButton() const { return m_trainButton; }
    QPushButton* stopButton() const { return m_stopButton; }
    QProgressBar* epochProgress() const { return m_epochProgress; }
    QLabel* accuracyLabel() const { return m_accuracyLabel; }

    /// Curve ids on curvePlot().
    enum Curve { TrainingLoss, ValidationLoss, TrainingAccuracy, ValidationAccuracy };

public Q_SLOTS:
    void startTraining();
    void stopTraining();

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void retranslateUi();
    void setRunning(bool running);
    void onRunStarted(const QString& runDirectory, int epochs, int batchesPerEpoch);
    void onBatch(int epoch, int batch, int batchesPerEpoch, qint64 step, double loss,
                 double learningRate, double imagesPerSecond);
    void onEpoch(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                 double validationAccuracy);
    void onFinished(bool stopped, int epochsCompleted, double finalAccuracy,
                    const QString& runDirectory);
    void onFailed(const QString& errorCode, const QString& details);

    LanguageManager* m_languages;
    TrainingController* m_controller;
    RunSettingsPanel* m_settings;
    fovea::widgets::LiveCurvePlot* m_plot;
    QPushButton* m_trainButton;
    QPushButton* m_stopButton;
    QProgressBar* m_epochProgress;
    QLabel* m_epochLabel;
    QLabel* m_accuracyLabel;
    QLabel* m_throughputLabel;
    QMenu* m_fileMenu = nullptr;
    QMenu* m_languageMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_systemLanguageAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QActionGroup* m_languageGroup = nullptr;
    int m_epochs = 0;
    double m_lastAccuracy = -1.0;
};

} // namespace fovea::app
