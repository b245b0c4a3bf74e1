#pragma once

#include "fovea_widgets/ClassificationResultsModel.h"
#include "fovea_widgets/TestTimeCropsView.h"

#include <QImage>
#include <QObject>
#include <QString>
#include <QStringList>

#include <QMetaObject>

#include <atomic>
#include <functional>
#include <memory>
#include <tuple>

class QThread;

namespace fovea {
class Classifier;
struct Image;
} // namespace fovea

namespace fovea::app {

/// Classifies dropped, pasted or picked pictures with a model file on a worker thread it owns,
/// and reports each result as a queued signal on the GUI thread: the window stays responsive
/// however many files arrive. Work is done in the order asked, one job after another (a model
/// change waits for the pictures asked for before it); cancel() ends the running and queued
/// jobs after the current picture.
class ClassificationController : public QObject {
    Q_OBJECT

public:
    explicit ClassificationController(QObject* parent = nullptr);
    /// Cancels what is queued and joins the worker (within one picture).
    ~ClassificationController() override;

    /// Loads `modelFile` (fovea-cli's or the GUI's model.pt) on the worker; modelReady() or
    /// modelFailed() follows.
    void setModelFile(const QString& modelFile);
    bool hasModel() const { return m_hasModel; }
    QString modelFile() const { return m_modelFile; }
    /// Ten crops (centre, corners, mirrored) averaged instead of the single centre crop.
    void setTestTimeCrops(bool on) { m_testTimeCrops.store(on); }

    /// Classifies files and every picture in folders (recursively: files whose names end in a
    /// known image extension). Files named directly are all tried; those that cannot be read
    /// are reported with the reason.
    void classifyPaths(const QStringList& paths);
    /// Classifies a picture already in memory (a paste), shown under `label`.
    void classifyImage(const QImage& image, const QString& label);

    /// Every test-time crop of the picture at `path` under `scheme` ("center", "five", "ten"
    /// or "multi": ten crops at three scales) with its own prediction, and their average:
    /// cropsReady() or cropsFailed() follows.
    void inspectCrops(const QString& path, const QString& scheme);
    /// The schemes inspectCrops() takes, as (id, translated name).
    static QList<QPair<QString, QString>> cropSchemes();

    bool isBusy() const { return m_pendingJobs > 0; }

public Q_SLOTS:
    void cancel();

Q_SIGNALS:
    void modelReady(const QString& modelFile, const QString& description,
                    const QStringList& classNames);
    void modelFailed(const QString& modelFile, const QString& reason);
    void busyChanged(bool busy);
    /// Pictures done and pictures known so far (the total grows while folders are listed).
    void progress(int done, int total);
    void classified(const fovea::widgets::ClassificationRow& row);
    void unreadable(const QString& path, const QString& reason);
    void cropsReady(const QString& path, const QImage& picture,
                    const QList<fovea::widgets::CropTile>& tiles, const QStringList& averageClasses,
                    const QList<double>& averageProbabilities);
    void cropsFailed(const QString& path, const QString& reason);
    /// The queue is empty again; `cancelled` when cancel() cut it short.
    void finished(bool cancelled);

private:
    struct Shared;
    /// Runs `job` on the worker with its number (see Shared::cancelledUpTo).
    void post(std::function<void(int)> job);
    /// From the worker: emits `signal` with `arguments` (copied now) on the GUI thread, so that
    /// receivers, QSignalSpy included, always see this object's signals from its own thread.
    template <typename... Parameters, typename... Arguments>
    void emitOnGuiThread(void (ClassificationController::*signal)(Parameters...),
                         Arguments&&... arguments)
    {
        QMetaObject::invokeMethod(
            this,
            [this, signal,
             values =
                 std::make_tuple(std::decay_t<Parameters>(std::forward<Arguments>(arguments))...)] {
                std::apply([this, signal](const auto&... v) { (this->*signal)(v...); }, values);
            },
            Qt::QueuedConnection);
    }
    /// On the worker: classifies what `load` returns and reports it (or why it failed).
    void classifyOne(Shared& shared, const QString& label, bool inMemory,
                     const std::function<fovea::Image()>& load);
    void jobDone();

    QThread* m_thread;
    QObject* m_worker; ///< lives in m_thread; jobs run as its queued calls
    std::shared_ptr<Shared> m_shared;
    std::atomic<bool> m_testTimeCrops{false};
    int m_pendingJobs = 0;          ///< GUI thread only
    int m_jobsPosted = 0;           ///< GUI thread only: the number the next job gets
    bool m_cancelRequested = false; ///< since the queue last ran dry; GUI thread only
    bool m_hasModel = false;
    QString m_modelFile;
};

} // namespace fovea::app
