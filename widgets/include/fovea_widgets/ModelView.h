#pragma once

#include <QList>
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QSpinBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace fovea::widgets {

/// One architecture row of the Model page's table.
struct ArchitectureRow {
    QString name;
    QString family;
    qint64 parameters = 0;
    int inputSize = 0;
    QString preprocessing;
    double top1 = 0.0; ///< torchvision acc@1 (0: none published)
    double kerasTop1 = 0.0;
    double kerasTop5 = 0.0;
    QString note; ///< the family's key idea
};

/// The head and freezing chosen for the selected architecture.
struct ModelChoice {
    QString architecture;
    int head = 0; ///< 0 the architecture's own, 1 fully connected, 2 average pool, 3 max pool
    double dropout = 0.0;
    bool compactStem = false;
    QString freezeUpTo; ///< empty: nothing frozen
    int inputSize = 0;  ///< pixels; 0: the dataset's own size
};

/// What the selected choice builds.
struct ModelDetails {
    qint64 parameters = 0;
    qint64 trainable = 0;
    qint64 trainingStateBytes = 0; ///< weights, gradients and optimiser state
    QStringList stages;
    QList<qint64> stageParameters;
    QList<qint64> stageTrainable;
    QStringList stageShapes; ///< each stage's output for one image, e.g. "64 × 56 × 56"
    int inputSize = 0;       ///< the size the shapes and activations were measured at
    qint64 activationBytesPerImage = 0; ///< kept for the backward pass; 0: not measured
    QString measureProblem; ///< why the forward pass could not be measured (an input too small)
};

/// The Model page: the registry as a filterable table with its figures, and for the chosen
/// architecture its key idea, the head, dropout, compact stem and freezing, pretrained weights
/// (with what loaded and what starts fresh), the parameter count, the memory its training state
/// takes, and a summary of its stages.
class ModelView : public QWidget {
    Q_OBJECT

public:
    explicit ModelView(QWidget* parent = nullptr);

    void setArchitectures(const QList<ArchitectureRow>& rows);
    void selectArchitecture(const QString& name);
    ModelChoice choice() const;
    /// Shows `choice` (a project being opened) without emitting choiceChanged for each field;
    /// emits it once at the end. A stage to freeze is kept until the network's stages arrive.
    void setChoice(const ModelChoice& choice);
    /// Shows the input size set elsewhere (the Train page), without emitting choiceChanged.
    void setInputSize(int pixels);
    void showDetails(const ModelDetails& details);
    void showImportReport(const QString& file, const QStringList& loaded,
                          const QStringList& skipped, const QStringList& reinitialised);
    void showError(const QString& message);
    /// The weights file training starts from, or empty for freshly initialised weights; with
    /// none, the import report is cleared.
    void setWeightsInUse(const QString& file);
    QPushButton* clearWeightsButton() const { return m_clearWeights; }
    QLabel* weightsInUseLabel() const { return m_weightsInUse; }
    /// The run's batch size: the training memory estimate counts its activations.
    void setBatchSize(int batchSize);
    /// Weights, gradients, momentum and the activations of a batch; 0 before a description.
    qint64 trainingMemoryBytes() const;

    QLineEdit* filter() const { return m_filter; }
    QTableWidget* table() const { return m_table; }
    QComboBox* headBox() const { return m_head; }
    QComboBox* freezeBox() const { return m_freeze; }
    QCheckBox* compactStemBox() const { return m_compactStem; }
    QSpinBox* inputSizeBox() const { return m_inputSize; }
    QLabel* parameterLabel() const { return m_parameters; }
    QTableWidget* stageTable() const { return m_stages; }
    QListWidget* importReport() const { return m_report; }

Q_SIGNALS:
    void choiceChanged(const fovea::widgets::ModelChoice& choice);
    void importWeightsRequested();
    /// The user wants training to start from fresh weights again.
    void clearWeightsRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void applyFilter();
    void emitChoice();

    QList<ArchitectureRow> m_rows;
    QLineEdit* m_filter;
    QTableWidget* m_table;
    QFormLayout* m_form = nullptr;
    QLabel* m_note;
    QComboBox* m_head;
    QDoubleSpinBox* m_dropout;
    QCheckBox* m_compactStem;
    QSpinBox* m_inputSize;
    QComboBox* m_freeze;
    QString m_pendingFreeze; ///< set by setChoice() until showDetails() lists that stage
    QPushButton* m_import;
    QPushButton* m_clearWeights;
    QLabel* m_weightsInUse;
    QString m_weightsFile; ///< what training starts from; empty: fresh weights
    QListWidget* m_report;
    QLabel* m_parameters;
    QTableWidget* m_stages;
    QString m_error;
    ModelDetails m_details;
    int m_batchSize = 0;
};

} // namespace fovea::widgets

Q_DECLARE_METATYPE(fovea::widgets::ModelChoice)
Q_DECLARE_METATYPE(fovea::widgets::ModelDetails)
