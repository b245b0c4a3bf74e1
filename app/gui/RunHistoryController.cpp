#include "RunHistoryController.h"

#include "fovea/AtomicFile.h"
#include "fovea/RunDirectory.h"
#include "fovea/TrainingConfig.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>
#include <QThread>

#include <algorithm>

namespace fovea::app {

namespace {

QString metricsFile(const QString& directory)
{
    return QDir(directory).filePath(QStringLiteral("metrics.csv"));
}

/// run.json's fields (absent in runs written before it existed: 0).
QJsonObject runInfo(const QString& directory)
{
    QFile file(QDir(directory).filePath(QStringLiteral("run.json")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace

RunHistoryController::RunHistoryController(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<fovea::app::RunCurves>();
    qRegisterMetaType<QList<fovea::widgets::RunRow>>();
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this,
            &RunHistoryController::followedChanged);
    m_poll.setInterval(1000);
    connect(&m_poll, &QTimer::timeout, this, &RunHistoryController::followedChanged);
    // A new run directory is created and filled in several steps: one listing after they
    // settle.
    m_rescan.setSingleShot(true);
    m_rescan.setInterval(500);
    connect(&m_rescan, &QTimer::timeout, this, [this] {
        if (!m_runsFolder.isEmpty())
            scan(m_runsFolder);
    });
    connect(&m_folderWatcher, &QFileSystemWatcher::directoryChanged, this,
            &RunHistoryController::rescanSoon);
}

RunHistoryController::~RunHistoryController()
{
    m_queue.clear();
    if (m_thread) {
        m_thread->wait(); // reading a few files: it ends by itself
        delete m_thread;
    }
}

QList<fovea::widgets::RunRow> RunHistoryController::listRuns(const QString& runsFolder)
{
    QList<fovea::widgets::RunRow> runs;
    const QFileInfoList entries =
        QDir(runsFolder).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo& entry : entries) {
        const QString directory = entry.absoluteFilePath();
        if (!QFileInfo::exists(metricsFile(directory)))
            continue; // not a run directory
        fovea::widgets::RunRow row;
        row.directory = directory;
        try {
            const fovea::TrainingConfig config = fovea::TrainingConfig::fromJson(
                fovea::readFile(
                    QDir(directory).filePath(QStringLiteral("config.json")).toStdString()),
                "config.json");
            row.architecture = QString::fromStdString(config.architecture);
            row.epochs = config.epochs;
            for (const fovea::MetricsRow& metrics :
                 fovea::RunDirectory::readMetrics(directory.toStdString())) {
                if (metrics.kind != "epoch")
                    continue;
                row.epochsDone = std::max(row.epochsDone, metrics.epoch);
                if (metrics.validationAccuracy)
                    row.bestAccuracy = std::max(row.bestAccuracy, *metrics.validationAccuracy);
            }
        } catch (const std::exception& error) {
            row.problem = QString::fromUtf8(error.what());
        }
        // A finished run has its model file; one that ended early only checkpoints. (Which
        // checkpoint is readable, the resume itself finds out and says.)
        row.resumable = !QFileInfo::exists(QDir(directory).filePath(QStringLiteral("model.pt"))) &&
                        !QDir(QDir(directory).filePath(QStringLiteral("checkpoints")))
                             .entryList({QStringLiteral("*.ckpt")}, QDir::Files)
                             .isEmpty();
        runs << row;
    }
    std::reverse(runs.begin(), runs.end()); // names start with the time: newest first
    return runs;
}

RunCurves RunHistoryController::readCurves(const QString& directory)
{
    RunCurves curves;
    curves.directory = directory;
    const std::vector<fovea::MetricsRow> rows =
        fovea::RunDirectory::readMetrics(directory.toStdString());
    const QJsonObject info = runInfo(directory);
    curves.epochs = info.value(QStringLiteral("epochs")).toInt();
    // Steps per epoch: from run.json; for older runs, the step count at the first epoch's end.
    double stepsPerEpoch = info.value(QStringLiteral("stepsPerEpoch")).toInt();
    for (const fovea::MetricsRow& row : rows)
        if (stepsPerEpoch <= 0 && row.kind == "epoch" && row.epoch > 0 && row.step > 0)
            stepsPerEpoch = double(row.step) / row.epoch;
    for (const fovea::MetricsRow& row : rows) {
        if (row.kind == "step") {
            if (stepsPerEpoch <= 0)
                continue; // cannot be placed on the epoch axis yet
            const double x = double(row.step) / stepsPerEpoch;
            if (row.trainLoss)
                curves.trainingLoss << QPointF(x, *row.trainLoss);
            if (row.learningRate)
                curves.learningRate << QPointF(x, *row.learningRate);
        } else if (row.kind == "epoch") {
            if (row.validationLoss)
                curves.validationLoss << QPointF(row.epoch, *row.validationLoss);
            if (row.trainAccuracy)
                curves.trainingAccuracy << QPointF(row.epoch, *row.trainAccuracy);
            if (row.validationAccuracy)
                curves.validationAccuracy << QPointF(row.epoch, *row.validationAccuracy);
        }
    }
    if (curves.epochs <= 0 && !rows.empty())
        curves.epochs = rows.back().epoch;
    return curves;
}

void RunHistoryController::scan(const QString& runsFolder)
{
    m_runsFolder = runsFolder;
    watch({});
    submit({runsFolder, {}, false});
}

void RunHistoryController::watch(const QList<fovea::widgets::RunRow>& runs)
{
    // The runs folder, for runs that appear or go; while it does not exist, the nearest folder
    // above it that does, for when it is made. Each run too, for its epochs as they are written
    // (by this window or another process).
    QStringList paths;
    QString folder = QFileInfo(m_runsFolder).absoluteFilePath();
    while (!m_runsFolder.isEmpty() && !QFileInfo(folder).isDir()) {
        const QString above = QFileInfo(folder).absolutePath();
        if (above == folder)
            break;
        folder = above;
    }
    if (!m_runsFolder.isEmpty() && QFileInfo(folder).isDir())
        paths << folder;
    for (const fovea::widgets::RunRow& run : runs)
        paths << run.directory;
    const QStringList watched = m_folderWatcher.directories();
    QStringList gone;
    for (const QString& path : watched)
        if (!paths.contains(path))
            gone << path;
    if (!gone.isEmpty())
        m_folderWatcher.removePaths(gone);
    QStringList added;
    for (const QString& path : paths)
        if (!watched.contains(path))
            added << path;
    if (!added.isEmpty())
        m_folderWatcher.addPaths(added);
}

void RunHistoryController::rescanSoon()
{
    // Not restarted by each change: a run writing several times a second is listed again
    // twice a second, not never.
    if (!m_rescan.isActive())
        m_rescan.start();
}

void RunHistoryController::read(const QString& directory)
{
    submit({{}, directory, false});
}

void RunHistoryController::follow(const QString& directory)
{
    stopFollowing();
    m_following = QFileInfo(directory).absoluteFilePath();
    m_watcher.addPath(m_following);
    m_poll.start();
    m_lastSeen.reset();
    followedChanged();
}

void RunHistoryController::stopFollowing()
{
    if (!m_watcher.directories().isEmpty())
        m_watcher.removePaths(m_watcher.directories());
    m_poll.stop();
    m_following.clear();
}

void RunHistoryController::followedChanged()
{
    if (m_following.isEmpty())
        return;
    // The poll (and a watcher that reports an unrelated file) re-read only on a new
    // metrics.csv; none yet (a run still loading its data) is waited for, not an error.
    const QFileInfo metrics(metricsFile(m_following));
    if (!metrics.exists())
        return;
    const auto seen = std::make_pair(metrics.lastModified(), metrics.size());
    if (m_lastSeen && *m_lastSeen == seen)
        return;
    m_lastSeen = seen;
    submit({{}, m_following, true});
}

void RunHistoryController::submit(const Job& job)
{
    if (!m_thread) {
        start(job);
        return;
    }
    // One waiting job of each kind and run is enough: it reads the newest files anyway.
    for (const Job& waiting : m_queue)
        if (waiting.folder == job.folder && waiting.directory == job.directory &&
            waiting.followed == job.followed)
            return;
    m_queue << job;
}

void RunHistoryController::start(const Job& job)
{
    m_thread = QThread::create([this, job] {
        auto post = [this](auto function) {
            QMetaObject::invokeMethod(this, std::move(function), Qt::QueuedConnection);
        };
        if (!job.folder.isEmpty()) {
            post([this, folder = job.folder, runs = listRuns(job.folder)] {
                if (folder == m_runsFolder) // not a folder left since
                    watch(runs);
                Q_EMIT runsListed(runs);
            });
            return;
        }
        try {
            post([this, curves = readCurves(job.directory), followed = job.followed] {
                // A run no longer followed is not drawn as if it were.
                if (!followed || curves.directory == m_following)
                    Q_EMIT curvesRead(curves, followed);
            });
        } catch (const std::exception& error) {
            post([this, directory = job.directory, reason = QString::fromUtf8(error.what())] {
                Q_EMIT failed(directory, reason);
            });
        }
    });
    connect(m_thread, &QThread::finished, this, [this] {
        m_thread->deleteLater();
        m_thread = nullptr;
        if (!m_queue.isEmpty())
            start(m_queue.takeFirst());
    });
    m_thread->start();
}

} // namespace fovea::app
