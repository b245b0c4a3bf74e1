#pragma once

#include "fovea_widgets/DatasetThumbnailModel.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListView;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTreeWidget;

namespace fovea::widgets {

/// What the Data page shows of a scanned dataset.
struct DatasetSummary {
    QString source;
    QString layout;
    QStringList classNames;
    QList<qint64> trainCounts;
    QList<qint64> validationCounts;
    QString sizes;                           ///< e.g. "28 × 28" or "240–500 × 180–500 px"
    QList<QPair<QString, QString>> rejected; ///< (path, reason)
};

/// The Data page: open a dataset (a folder, a CSV/TSV list, IDX files), its scan's progress
/// with Cancel, the classes with their counts and bars, the validation split, the files left
/// out with their reasons, and a grid of thumbnails, filterable by class, that loads only what
/// is shown.
class DatasetView : public QWidget {
    Q_OBJECT

public:
    explicit DatasetView(QWidget* parent = nullptr);

    void setBusy(bool busy);
    void setProgress(const QString& phase, int done, int total);
    void showSummary(const DatasetSummary& summary);
    void showError(const QString& message);
    double validationFraction() const;
    /// Sets the split without emitting validationFractionChanged (a project being opened).
    void setValidationFraction(double fraction);

    DatasetThumbnailModel* thumbnails() const { return m_thumbnails; }
    ClassFilter* classFilter() const { return m_filter; }
    QTableWidget* classTable() const { return m_classTable; }
    QTreeWidget* rejectedList() const { return m_rejected; }
    QComboBox* classBox() const { return m_classBox; }
    QListView* grid() const { return m_grid; }
    QDoubleSpinBox* validationFractionBox() const { return m_fraction; }

Q_SIGNALS:
    void openFolderRequested();
    void openListRequested();
    void cancelRequested();
    void validationFractionChanged(double fraction);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    QPushButton* m_openFolder;
    QPushButton* m_openList;
    QLabel* m_source;
    QDoubleSpinBox* m_fraction;
    QProgressBar* m_progress;
    QPushButton* m_cancel;
    QLabel* m_summary;
    QTableWidget* m_classTable;
    QLabel* m_rejectedLabel;
    QTreeWidget* m_rejected;
    QComboBox* m_classBox;
    QListView* m_grid;
    DatasetThumbnailModel* m_thumbnails;
    ClassFilter* m_filter;
    DatasetSummary m_current;
    QString m_error;
};

} // namespace fovea::widgets

Q_DECLARE_METATYPE(fovea::widgets::DatasetSummary)
