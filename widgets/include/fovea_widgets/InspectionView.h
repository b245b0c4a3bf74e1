#pragma once

#include "fovea_widgets/PredictionGalleryModel.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListView;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace fovea::widgets {
class ElidedLabel;
}

namespace fovea::widgets {

class ConfusionMatrixView;

/// One class's figures, as the per-class table shows them.
struct ClassFigures {
    QString name;
    double precision = 0.0;
    double recall = 0.0;
    double f1 = 0.0;
    qint64 support = 0;
};

/// The Inspect page: a model evaluated on a labelled set — top-1 / top-5, the confusion matrix
/// (counts or normalised; a click shows exactly that cell's pictures), per-class precision,
/// recall and F1, the most-confused pairs, and a gallery of the pictures with their true and
/// predicted classes, filtered (misclassified only, by class, by confidence) and sorted (top
/// losses first, or by confidence).
class InspectionView : public QWidget {
    Q_OBJECT

public:
    explicit InspectionView(QWidget* parent = nullptr);

    void setModelDescription(const QString& text);
    void setDatasetDescription(const QString& text);
    QString modelDescription() const { return m_modelDescription; }
    QString datasetDescription() const { return m_datasetDescription; }
    void setBusy(bool busy);
    void setProgress(int done, int total);
    void showError(const QString& message);
    void setResults(const QStringList& classNames, const QList<QList<qint64>>& confusion,
                    const QList<ClassFigures>& classes, double top1, double top5, int topK,
                    const QList<GalleryItem>& items);
    /// Empties the matrix, tables and gallery: results of another model or dataset must not
    /// stand under the labels of the one being evaluated.
    void clearResults();

    /// Shows the pictures of true class `trueClass` predicted as `predictedClass` (−1: any).
    void showCell(int trueClass, int predictedClass);

    ConfusionMatrixView* confusionMatrix() const { return m_matrix; }
    PredictionGalleryModel* gallery() const { return m_gallery; }
    PredictionFilter* galleryFilter() const { return m_filter; }
    QListWidget* confusedPairs() const { return m_pairs; }
    QCheckBox* misclassifiedOnlyBox() const { return m_misclassifiedOnly; }
    QListView* galleryView() const { return m_galleryView; }
    QComboBox* gradCamClassBox() const { return m_gradCamClass; }

    /// Shows a Grad-CAM overlay for gallery item `galleryRow` (a row of gallery()).
    void showGradCam(int galleryRow, const QImage& overlay, const QString& caption);
    QComboBox* orderBox() const { return m_order; }

Q_SIGNALS:
    void chooseModelRequested();
    void chooseDatasetRequested();
    void evaluateRequested();
    void cancelRequested();
    /// Grad-CAM wanted for gallery row `galleryRow` and class `classIndex` (−1: predicted).
    void gradCamRequested(int galleryRow, int classIndex);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void fillClassBoxes();
    void applyFilters();
    void requestGradCam();

    ElidedLabel* m_modelLabel;
    QPushButton* m_modelButton;
    ElidedLabel* m_datasetLabel;
    QPushButton* m_datasetButton;
    QPushButton* m_evaluateButton;
    QProgressBar* m_progress;
    QPushButton* m_cancelButton;
    QLabel* m_summary;
    ConfusionMatrixView* m_matrix;
    QCheckBox* m_normalised;
    QTableWidget* m_classTable;
    QListWidget* m_pairs;
    QCheckBox* m_misclassifiedOnly;
    QComboBox* m_trueClass;
    QComboBox* m_predictedClass;
    QDoubleSpinBox* m_minConfidence;
    QDoubleSpinBox* m_maxConfidence;
    QComboBox* m_order;
    QLabel* m_shownCount;
    QListView* m_galleryView;
    QLabel* m_gradCam;
    QLabel* m_gradCamCaption;
    QComboBox* m_gradCamClass;
    PredictionGalleryModel* m_gallery;
    PredictionFilter* m_filter;
    QString m_modelDescription;
    QString m_datasetDescription;
    QString m_error;
    double m_top1 = -1.0;
    double m_top5 = -1.0;
    int m_topK = 5;
};

} // namespace fovea::widgets
