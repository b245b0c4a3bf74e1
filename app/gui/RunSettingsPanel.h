#pragma once

#include "fovea/TrainingConfig.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace fovea::app {

/// The settings of one training run: dataset, architecture and hyper-parameters. Edits a
/// fovea::TrainingConfig; knows nothing of threads or plots.
class RunSettingsPanel : public QWidget {
    Q_OBJECT

public:
    explicit RunSettingsPanel(QWidget* parent = nullptr);

    fovea::TrainingConfig config() const;
    void setConfig(const fovea::TrainingConfig& config);
    /// Locks the fields while a run uses them.
    void setEditable(bool editable);

    QLineEdit* datasetEdit() const { return m_dataset; }
    QComboBox* architectureBox() const { return m_architecture; }
    QSpinBox* epochsBox() const { return m_epochs; }
    QComboBox* optimizerBox() const { return m_optimizer; }
    QComboBox* scheduleBox() const { return m_schedule; }
    QDoubleSpinBox* warmupBox() const { return m_warmup; }
    QComboBox* plateauMetricBox() const { return m_plateauMetric; }
    QComboBox* earlyStoppingMetricBox() const { return m_earlyStoppingMetric; }

Q_SIGNALS:
    /// Any field edited (the schedule preview follows).
    void configEdited();

public Q_SLOTS:
    void chooseDatasetFolder();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateArchitectureDetails();
    /// Enables the fields that matter for the chosen schedule.
    void updateDependentFields();
    /// The editable fields below the architecture, in form order.
    std::vector<QWidget*> fields() const;

    fovea::TrainingConfig m_base; // fields this panel does not show keep their values
    QFormLayout* m_form;
    QLineEdit* m_dataset;
    QPushButton* m_browse;
    QComboBox* m_architecture;
    QLabel* m_architectureDetails;
    QSpinBox* m_inputSize;
    QSpinBox* m_epochs;
    QSpinBox* m_batchSize;
    QDoubleSpinBox* m_learningRate;
    QSpinBox* m_threads;
    QComboBox* m_optimizer;
    QDoubleSpinBox* m_momentum;
    QDoubleSpinBox* m_weightDecay;
    QComboBox* m_schedule;
    QDoubleSpinBox* m_warmup;
    QComboBox* m_plateauMetric; ///< TrainingConfig::plateauMetric (the plateau schedule)
    QDoubleSpinBox* m_labelSmoothing;
    QSpinBox* m_accumulate;
    QCheckBox* m_testTimeFlip; ///< TrainingConfig::testTimeFlip
    QSpinBox* m_validateEvery; ///< TrainingConfig::validateEveryEpochs
    QSpinBox* m_patience;
    QComboBox* m_earlyStoppingMetric; ///< TrainingConfig::earlyStoppingMetric
    QSpinBox* m_checkpointEvery;
    QComboBox* m_device;
    QCheckBox* m_cpuBfloat16; ///< TrainingConfig::cpuBfloat16
    bool m_editable = true;
};

} // namespace fovea::app
