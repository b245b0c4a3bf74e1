#pragma once

#include <QImage>
#include <QList>
#include <QMap>
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QGridLayout;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace fovea::widgets {

/// One setting of an augmentation kind, as the editor offers it.
struct AugmentationParameterInfo {
    QString name;
    QString summary;
    double defaultValue = 0.0;
    double minimum = 0.0;
    double maximum = 0.0;
    bool integer = false;
    QStringList choices; ///< non-empty: the value is an index into these
};

/// One augmentation kind the editor can add.
struct AugmentationKindInfo {
    QString name;
    QString summary;
    bool batchLevel = false;
    double defaultProbability = 1.0;
    QList<AugmentationParameterInfo> parameters;
};

/// One step of the pipeline being edited.
struct AugmentationStepData {
    QString kind;
    double probability = 1.0;
    QMap<QString, double> parameters;
    bool operator==(const AugmentationStepData& other) const
    {
        return kind == other.kind && probability == other.probability &&
               parameters == other.parameters;
    }
};

/// The Augment page: the ordered list of augmentation steps (add, remove, reorder, edit each
/// step's probability and settings), presets, and beside it a grid of previews of one picture
/// under as many draws, with a reseed button and a switch to the exact network input. Emits
/// stepsChanged() on every edit; the previews it is handed are drawn as they come.
class AugmentationEditor : public QWidget {
    Q_OBJECT

public:
    explicit AugmentationEditor(QWidget* parent = nullptr);

    void setKinds(const QList<AugmentationKindInfo>& kinds);
    void setPresets(const QStringList& names);
    /// Replaces the steps (e.g. a preset or a loaded project); emits stepsChanged().
    void setSteps(const QList<AugmentationStepData>& steps);
    QList<AugmentationStepData> steps() const { return m_steps; }

    bool showsNetworkInput() const;
    int previewCount() const;
    void showPreviews(const QList<QImage>& previews);
    /// A message instead of the previews (a bad setting, an unreadable picture).
    void showPreviewError(const QString& message);
    void setPictureDescription(const QString& text);

    QListWidget* stepList() const { return m_stepList; }
    QPushButton* reseedButton() const { return m_reseed; }
    /// The editor of the selected step's setting `name` (a QDoubleSpinBox, QSpinBox or
    /// QComboBox), or null.
    QWidget* parameterEditor(const QString& name) const;
    int previewsShown() const { return int(m_previews.size()); }
    const QList<QImage>& previews() const { return m_previews; }

public Q_SLOTS:
    void addStep(const QString& kind);
    void removeSelectedStep();
    void moveSelectedStep(int offset);

Q_SIGNALS:
    void stepsChanged(const QList<fovea::widgets::AugmentationStepData>& steps);
    void presetChosen(const QString& name);
    void reseedRequested();
    void networkInputToggled(bool on);
    void previewCountChanged(int count);
    void openPictureRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void nameTheCount();
    void retranslate();
    void refreshList();
    void buildParameterForm();
    void emitChanged();
    const AugmentationKindInfo* kindInfo(const QString& name) const;

    QList<AugmentationKindInfo> m_kinds;
    QList<AugmentationStepData> m_steps;
    QComboBox* m_presetBox;
    QPushButton* m_addButton;
    QPushButton* m_removeButton;
    QPushButton* m_upButton;
    QPushButton* m_downButton;
    QListWidget* m_stepList;
    QLabel* m_stepSummary;
    QWidget* m_form;
    QFormLayout* m_formLayout;
    QMap<QString, QWidget*> m_editors;
    QPushButton* m_openPicture;
    QLabel* m_picture;
    QPushButton* m_reseed;
    QCheckBox* m_networkInput;
    QSpinBox* m_count;
    QLabel* m_previewMessage;
    QWidget* m_grid;
    QGridLayout* m_gridLayout;
    QList<QImage> m_previews;
    QString m_pictureDescription;
};

} // namespace fovea::widgets

Q_DECLARE_METATYPE(fovea::widgets::AugmentationStepData)
