#pragma once

#include "RunHistoryController.h"
#include "fovea/RunControl.h"
#include "fovea/TrainingConfig.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>

class QThread;

namespace fovea {
class Trainer;
struct TrainerOptions;
} // namespace fovea

namespace fovea::app {

/// Runs engine training jobs on a worker thread it owns and re-emits the engine's events as
/// queued Qt signals on the GUI thread. The GUI thread never waits on the engine, except in the
/// destructor, which asks the job to stop and joins it (the engine stops within one batch).
class TrainingController : public QObject {
    Q_OBJECT

public:
    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    bool isRunning() const { return m_thread != nullptr; }
    /// Minimum time between batch events (default 100 ms: about 10 per second).
    void setProgressIntervalMs(int intervalMs) { m_progressIntervalMs = intervalMs; }

    /// Starts a run; returns false (and does nothing) while one is running.
    bool start(const fovea::TrainingConfig& config);
    /// Continues the run in `runDirectory` from its newest readable checkpoint (the engine's
    /// Trainer::resuming): resumedFrom() brings the curves written so far, then the run's
    /// events follow as for start(). False while anything runs; a run that cannot be resumed
    /// (finished, no checkpoint, in use) ends in failed() with the engine's reason.
    bool resume(const QString& runDirectory);
    /// Starts a learning-rate range test (the engine's findLearningRate, `steps` steps from
    /// 1e-7 to 10) on the same worker; false while anything runs. stop() ends it early.
    bool findLearningRate(const fovea::TrainingConfig& config, int steps);

    bool isPaused() const { return m_control && m_control->paused(); }
    /// True once a paused run has stopped between batches (it then uses no CPU).
    bool isParked() const { return m_control && m_control->parked(); }

public Q_SLOTS:
    /// Asks the running job to stop; it ends within one batch and then emits finished().
    void stop();
    /// Pauses the run at the next batch boundary, or lets it go on; pausedChanged() follows.
    void setPaused(bool paused);

Q_SIGNALS:
    void runningChanged(bool running);
    /// A resumed run's curves as its metrics.csv held them before it went on.
    void resumedFrom(const fovea::app::RunCurves& curves);
    void pausedChanged(bool paused);
    void runStarted(const QString& runDirectory, int epochs, int batchesPerEpoch,
                    const QStringList& classNames, qint64 parameterCount);
    /// `elapsedSeconds` since the run began and `etaSeconds` to its end (negative while
    /// unknown), as the engine times them: pauses not counted, a resumed run's earlier part
    /// included.
    void batchProgress(int epoch, int batch, int batchesPerEpoch, qint64 step, double loss,
                       double learningRate, double imagesPerSecond, double elapsedSeconds,
                       double etaSeconds);
    void epochFinished(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                       double validationAccuracy);
    void message(const QString& text);
    /// `done` of `total` validation pictures of `epoch` evaluated.
    void validationProgress(int epoch, qint64 done, qint64 total);
    void finished(bool stopped, int epochsCompleted, double finalValidationAccuracy,
                  const QString& runDirectory);
    /// `errorCode` is fovea::errorCodeName() of the engine's error ("not-found", …); `details`
    /// is the engine's English message naming the file, key or value.
    void failed(const QString& errorCode, const QString& details);
    /// One step of a range test.
    void lrFindStep(int step, double learningRate, double smoothedLoss);
    /// The range test's curve and its suggestion (NaN when the curve is empty).
    void lrFound(const QList<double>& learningRates, const QList<double>& losses,
                 double suggestedLearningRate, bool diverged);

private:
    using TrainerMaker = std::function<fovea::Trainer(const fovea::TrainerOptions&)>;
    /// start() and resume(): runs the trainer `make` builds on the worker; a `resumed` run's
    /// curves so far go first (resumedFrom()).
    bool startTrainer(TrainerMaker make, bool resumed);
    void onThreadFinished();

    QThread* m_thread = nullptr;
    std::shared_ptr<fovea::RunControl> m_control;
    int m_progressIntervalMs = 100;
};

} // namespace fovea::app
