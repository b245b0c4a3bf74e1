#include "TrainingController.h"

#include "fovea/Error.h"
#include "fovea/LearningRateFinder.h"
#include "fovea/Threads.h"
#include "fovea/Trainer.h"

#include <QMetaObject>
#include <QPointer>
#include <QThread>

namespace fovea::app {
namespace {

QStringList toQStringList(const std::vector<std::string>& values)
{
    QStringList list;
    list.reserve(static_cast<qsizetype>(values.size()));
    for (const auto& value : values)
        list << QString::fromStdString(value);
    return list;
}

/// The run's threads — this one, torch's compute threads, the loader's workers — yield to the
/// GUI thread when both want a core. Measured by tests/bench/GuiStallBench.cpp on 2 cores:
/// without it the event loop stalls up to ~270 ms while small-cnn trains.
void yieldToTheGuiThread()
{
    fovea::runInBackground();
}

/// Engine observer living on the worker thread: each event hops to the GUI thread with one
/// queued call carrying plain values. Calls posted to a destroyed controller are dropped by Qt.
class QueuedObserver : public fovea::TrainingObserver {
public:
    /// `resumed`: the run goes on from a checkpoint, and its curves so far go first.
    explicit QueuedObserver(TrainingController* controller, bool resumed = false)
        : m_controller(controller)
        , m_resumed(resumed)
    {
    }

    void onRunStarted(const fovea::RunStarted& s) override
    {
        if (m_resumed) {
            // Read now, not before: the engine has just cut metrics.csv back to the checkpoint
            // it resumes from (a newer one may have been damaged and passed over).
            const QString directory = QString::fromStdString(s.runDirectory);
            RunCurves curves;
            try {
                curves = RunHistoryController::readCurves(directory);
            } catch (const std::exception&) {
                curves.directory = directory; // the engine read it: nothing to draw is all
            }
            post([c = m_controller, curves] { Q_EMIT c->resumedFrom(curves); });
        }
        post([c = m_controller, dir = QString::fromStdString(s.runDirectory), epochs = s.epochs,
              batches = s.batchesPerEpoch, names = toQStringList(s.classNames),
              parameters = qint64(s.parameterCount)] {
            Q_EMIT c->runStarted(dir, epochs, batches, names, parameters);
        });
    }

    void onBatch(const fovea::BatchProgress& p) override
    {
        post([c = m_controller, p] {
            Q_EMIT c->batchProgress(p.epoch, p.batch, p.batchesPerEpoch, qint64(p.step), p.loss,
                                    p.learningRate, p.imagesPerSecond, p.elapsedSeconds,
                                    p.etaSeconds);
        });
    }

    void onValidation(const fovea::ValidationProgress& p) override
    {
        post([c = m_controller, p] {
            Q_EMIT c->validationProgress(p.epoch, qint64(p.done), qint64(p.total));
        });
    }

    void onEpoch(const fovea::EpochSummary& s) override
    {
        post([c = m_controller, s] {
            Q_EMIT c->epochFinished(s.epoch, s.trainLoss, s.trainAccuracy, s.validationLoss,
                                    s.validationAccuracy);
        });
    }

    void onMessage(const std::string& text) override
    {
        post([c = m_controller, t = QString::fromStdString(text)] { Q_EMIT c->message(t); });
    }

    /// failed() with the engine's error code (Internal for anything else) and message.
    void reportFailure(const std::exception& error)
    {
        const auto* engineError = dynamic_cast<const fovea::Error*>(&error);
        const fovea::ErrorCode code =
            engineError ? engineError->code() : fovea::ErrorCode::Internal;
        post([c = m_controller, name = QString::fromLatin1(fovea::errorCodeName(code)),
              text = QString::fromUtf8(error.what())] { Q_EMIT c->failed(name, text); });
    }

    template <typename Function> void post(Function&& function)
    {
        QMetaObject::invokeMethod(m_controller, std::forward<Function>(function),
                                  Qt::QueuedConnection);
    }

private:
    TrainingController* m_controller;
    bool m_resumed;
};

} // namespace

TrainingController::TrainingController(QObject* parent)
    : QObject(parent)
{
}

TrainingController::~TrainingController()
{
    if (m_thread) {
        m_control->requestStop(); // wakes a paused run too
        m_thread->wait();
        delete m_thread;
    }
}

bool TrainingController::start(const fovea::TrainingConfig& config)
{
    return startTrainer(
        [config](const fovea::TrainerOptions& options) { return fovea::Trainer(config, options); },
        /*resumed=*/false);
}

bool TrainingController::resume(const QString& runDirectory)
{
    return startTrainer(
        [directory = runDirectory.toStdString()](const fovea::TrainerOptions& options) {
            return fovea::Trainer::resuming(directory, options);
        },
        /*resumed=*/true);
}

bool TrainingController::startTrainer(TrainerMaker make, bool resumed)
{
    if (m_thread)
        return false;
    m_control = std::make_shared<fovea::RunControl>();
    fovea::TrainerOptions options;
    options.progressIntervalMs = m_progressIntervalMs;

    m_thread =
        QThread::create([this, make = std::move(make), resumed, options, control = m_control] {
            yieldToTheGuiThread();
            QueuedObserver observer(this, resumed);
            try {
                fovea::Trainer trainer = make(options);
                const fovea::RunResult result = trainer.run(observer, *control);
                observer.post([c = this, result] {
                    Q_EMIT c->finished(result.stopped, result.epochsCompleted,
                                       result.finalValidationAccuracy,
                                       QString::fromStdString(result.runDirectory));
                });
            } catch (const std::exception& e) {
                observer.reportFailure(e);
            }
        });
    m_thread->setObjectName(QStringLiteral("fovea-training"));
    connect(m_thread, &QThread::finished, this, &TrainingController::onThreadFinished);
    m_thread->start();
    Q_EMIT runningChanged(true);
    return true;
}

bool TrainingController::findLearningRate(const fovea::TrainingConfig& config, int steps)
{
    if (m_thread)
        return false;
    m_control = std::make_shared<fovea::RunControl>();
    m_thread = QThread::create([this, config, steps, control = m_control] {
        yieldToTheGuiThread();
        QueuedObserver observer(this);
        try {
            fovea::LrFindOptions options;
            options.steps = steps;
            const fovea::LrFindResult result = fovea::findLearningRate(
                config, options,
                [&observer, this](int step, double lr, double loss) {
                    observer.post(
                        [c = this, step, lr, loss] { Q_EMIT c->lrFindStep(step, lr, loss); });
                },
                &control->stopFlag());
            observer.post(
                [c = this,
                 lrs = QList<double>(result.learningRates.begin(), result.learningRates.end()),
                 losses = QList<double>(result.losses.begin(), result.losses.end()),
                 suggested = result.suggestedLr, diverged = result.diverged] {
                    Q_EMIT c->lrFound(lrs, losses, suggested, diverged);
                });
        } catch (const std::exception& e) {
            observer.reportFailure(e);
        }
    });
    m_thread->setObjectName(QStringLiteral("fovea-lr-find"));
    connect(m_thread, &QThread::finished, this, &TrainingController::onThreadFinished);
    m_thread->start();
    Q_EMIT runningChanged(true);
    return true;
}

void TrainingController::stop()
{
    if (m_control)
        m_control->requestStop();
}

void TrainingController::setPaused(bool paused)
{
    if (!m_thread || !m_control || m_control->paused() == paused)
        return;
    m_control->setPaused(paused);
    Q_EMIT pausedChanged(paused);
}

void TrainingController::onThreadFinished()
{
    if (!m_thread)
        return;
    m_thread->wait();
    m_thread->deleteLater();
    m_thread = nullptr;
    if (m_control->paused()) {
        m_control->setPaused(false);
        Q_EMIT pausedChanged(false);
    }
    Q_EMIT runningChanged(false);
}

} // namespace fovea::app
