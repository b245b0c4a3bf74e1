#pragma once

#include "fovea_widgets/RunHistoryView.h"

#include <QDateTime>
#include <QFileSystemWatcher>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QTimer>

#include <optional>

class QThread;

namespace fovea::app {

/// A run's curves on an epoch axis (step rows at step / steps per epoch), read from its
/// metrics.csv and run.json.
struct RunCurves {
    QString directory;
    int epochs = 0; ///< planned
    QList<QPointF> trainingLoss;
    QList<QPointF> learningRate;
    QList<QPointF> validationLoss;
    QList<QPointF> trainingAccuracy;
    QList<QPointF> validationAccuracy;
};

/// The project's run history and the runs shown from disk. Lists the run directories under a
/// runs folder (config.json, run.json and metrics.csv of each) and reads a run's curves, both
/// on a worker thread. A followed run is re-read whenever its folder changes (a file watcher,
/// with a one-second poll as a fallback where watching is not possible), so a run written by
/// `fovea-cli` — every write is an atomic rename — is drawn while it goes on. The listed runs
/// folder is watched too: a run that appears or goes (another process's) is listed again.
class RunHistoryController : public QObject {
    Q_OBJECT

public:
    explicit RunHistoryController(QObject* parent = nullptr);
    ~RunHistoryController() override;

    /// Lists the runs under `runsFolder`, newest first (runsListed() follows), and again
    /// whenever a run directory appears in it or leaves it.
    void scan(const QString& runsFolder);
    /// Lists the last scanned folder again in a moment (several requests, one listing).
    void rescanSoon();
    /// Reads `directory`'s curves now and again whenever it changes (curvesRead(…, true)).
    void follow(const QString& directory);
    void stopFollowing();
    QString following() const { return m_following; }
    /// Reads `directory`'s curves once (curvesRead(…, false)), e.g. to compare it.
    void read(const QString& directory);

    /// On the calling thread: what scan() and read() do on the worker.
    static QList<fovea::widgets::RunRow> listRuns(const QString& runsFolder);
    static RunCurves readCurves(const QString& directory);

Q_SIGNALS:
    void runsListed(const QList<fovea::widgets::RunRow>& runs);
    void curvesRead(const fovea::app::RunCurves& curves, bool followed);
    void failed(const QString& directory, const QString& reason);

private:
    struct Job {
        QString folder;    ///< scan this runs folder, or
        QString directory; ///< read this run
        bool followed = false;
    };
    void submit(const Job& job);
    /// Points m_folderWatcher at the runs folder (or, while it is missing, the folder above it
    /// that exists) and at each of `runs`.
    void watch(const QList<fovea::widgets::RunRow>& runs);
    void start(const Job& job);
    void followedChanged();

    QThread* m_thread = nullptr;
    QList<Job> m_queue; ///< waiting behind the running job (one per kind and run)
    QString m_following;
    QFileSystemWatcher m_watcher;
    QTimer m_poll;
    QString m_runsFolder;               ///< the folder last scanned
    QFileSystemWatcher m_folderWatcher; ///< see watch()
    QTimer m_rescan;                    ///< single shot: rescanSoon()
    /// metrics.csv's modification time and size when last read
    std::optional<std::pair<QDateTime, qint64>> m_lastSeen;
};

} // namespace fovea::app

Q_DECLARE_METATYPE(fovea::app::RunCurves)
