#pragma once

#include "fovea_widgets/ClassificationResultsModel.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class QTreeWidget;

namespace fovea::widgets {

/// The Classify page: which model classifies, the pictures classified so far (thumbnail, top-1,
/// top-5 bars; sortable, exported as CSV) and the files that could not be read, with their
/// reasons. Knows nothing of the engine: it shows rows and failures it is given and asks, by
/// signals, for pictures to be classified.
class ClassificationView : public QWidget {
    Q_OBJECT

public:
    explicit ClassificationView(QWidget* parent = nullptr);

    void setModelDescription(const QString& text);
    /// While busy: a progress bar with Cancel instead of the idle hint.
    void setBusy(bool busy);
    void setProgress(int done, int total);
    void addResult(const ClassificationRow& row);
    void addFailure(const QString& path, const QString& reason);
    void clear();

    bool testTimeCrops() const;
    ClassificationResultsModel* results() const { return m_results; }
    /// Rows in the order the table shows them (after sorting), as indices into results().
    QList<int> displayedOrder() const;
    int failureCount() const;
    QString failureReason(const QString& path) const;
    QTableView* table() const { return m_table; }

    /// Writes the results as CSV in the order shown (QSaveFile: all or nothing). False, with
    /// `error` set, when the file cannot be written.
    bool exportCsv(const QString& path, QString* error = nullptr) const;

Q_SIGNALS:
    void chooseModelRequested();
    /// Files or folders picked in this page's dialogs (drops go through the main window).
    void pathsChosen(const QStringList& paths);
    void cancelRequested();
    void testTimeCropsChanged(bool on);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void exportWithDialog();

    ClassificationResultsModel* m_results;
    QSortFilterProxyModel* m_sorted;
    QLabel* m_modelLabel;
    QPushButton* m_modelButton;
    QPushButton* m_addFilesButton;
    QPushButton* m_addFolderButton;
    QCheckBox* m_cropsBox;
    QPushButton* m_exportButton;
    QPushButton* m_clearButton;
    QLabel* m_hint;
    QProgressBar* m_progress;
    QPushButton* m_cancelButton;
    QTableView* m_table;
    QSplitter* m_splitter;
    QLabel* m_failuresLabel;
    QTreeWidget* m_failures;
    QString m_modelDescription;
};

} // namespace fovea::widgets
