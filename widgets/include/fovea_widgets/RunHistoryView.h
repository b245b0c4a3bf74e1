#pragma once

#include <QList>
#include <QString>
#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace fovea::widgets {

/// One run directory, as the history lists it.
struct RunRow {
    QString directory;          ///< absolute path
    QString architecture;       ///< from its config.json; empty when unreadable
    int epochs = 0;             ///< planned
    int epochsDone = 0;         ///< epoch rows in metrics.csv
    double bestAccuracy = -1.0; ///< best validation top-1; negative: none yet
    QString problem;            ///< why it could not be read; empty when fine
    /// Ended before its last epoch (stopped, killed) with a checkpoint to continue from.
    bool resumable = false;
};

/// The runs of the project, newest first: each with its architecture, epochs done of those
/// planned and best validation accuracy. A tick compares a run (its curves overlaid on the
/// live ones); Follow (or a double click) shows a run's curves and keeps them up to date while
/// it is written — by this window or by a `fovea-cli` on this machine; any other run folder
/// can be opened to follow it too. Resume continues a run that ended early from its newest
/// checkpoint.
class RunHistoryView : public QWidget {
    Q_OBJECT

public:
    explicit RunHistoryView(QWidget* parent = nullptr);

    void setRuns(const QList<RunRow>& runs);
    /// Marks the run being followed (bold); empty: none.
    void setFollowing(const QString& directory);
    /// Whether Resume may be offered at all (not while a run goes on).
    void setResumeAllowed(bool allowed);
    /// The runs ticked for comparison.
    QStringList compared() const;
    QTreeWidget* list() const { return m_list; }
    QPushButton* followButton() const { return m_follow; }
    QPushButton* resumeButton() const { return m_resume; }

Q_SIGNALS:
    void refreshRequested();
    void openFolderRequested();
    void followRequested(const QString& directory);
    void resumeRequested(const QString& directory);
    void compareToggled(const QString& directory, bool compared);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void fill();
    QString selectedDirectory() const;
    void updateButtons();

    QList<RunRow> m_runs;
    QLabel* m_title;
    QTreeWidget* m_list;
    QPushButton* m_refresh;
    QPushButton* m_follow;
    QPushButton* m_resume;
    QPushButton* m_openFolder;
    QString m_following;
    bool m_filling = false; ///< setRuns() is filling the list: no compareToggled
    bool m_resumeAllowed = true;
};

} // namespace fovea::widgets
