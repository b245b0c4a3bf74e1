// Training checkpoints: a run resumed from one takes bitwise the same steps as the run that was
// never interrupted (parameters, buffers, optimiser state, dropout's generator), for every
// optimiser; damaged files and files of another model are clear errors; killing a writer at any
// moment leaves the previous checkpoint loadable. (The checkpoints folder's rotation:
// CheckpointRotationTest.)
#include "CheckpointRotation.h"
#include "CheckpointTestHelpers.h"
#include "EngineTestHelpers.h"
#include "ModelFactory.h"
#include "OptimizerFactory.h"
#include "TrainingCheckpoint.h"
#include "fovea/AtomicFile.h"
#include "fovea/ReduceLrOnPlateau.h"
#include "fovea/TrainingConfig.h"

#include <QDir>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/nn/functional/loss.h>
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/optim/rmsprop.h>
#include <torch/optim/sgd.h>
#include <torch/utils.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

using fovea::ErrorCode;
using fovea::TrainingConfig;
using fovea::TrainingProgress;
using fovea::testing::captureError;
using fovea::testing::qs;
using namespace fovea::testing::checkpoints;

namespace {

TrainingProgress sampleProgress()
{
    TrainingProgress progress;
    progress.epoch = 7;
    progress.batchInEpoch = 13;
    progress.step = 1'234'567'890'123;
    progress.epochLossSum = 0.1 + 0.2; // not exactly 0.3: only a bitwise copy keeps it
    progress.epochCorrect = 101;
    progress.epochSeen = 208;
    progress.stepLossSum = 1e-300;
    progress.stepLossCount = 3;
    progress.bestMetric = -std::numeric_limits<double>::infinity();
    progress.bestEpoch = 5;
    progress.epochsWithoutImprovement = 2;
    progress.metricsRows = 99;
    return progress;
}

/// A forked child that must not outlive a failing test.
struct ChildGuard {
    pid_t pid = -1;
    ~ChildGuard()
    {
        if (pid > 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
    }
};

} // namespace

class CheckpointTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void resumeIsBitwiseExact_data();
    void resumeIsBitwiseExact();
    void theGeneratorStateMatters();
    void plateauStateRoundTrips();
    void progressConfigAndExtrasRoundTrip();
    void missingFileIsNotFound();
    void truncatedFileIsCorrupt_data();
    void truncatedFileIsCorrupt();
    void damagedFilesAreCorrupt();
    void newerFormatIsRefused();
    void anotherModelIsRefused_data();
    void anotherModelIsRefused();
    void anotherOptimiserIsRefused_data();
    void anotherOptimiserIsRefused();
    void missingPlateauStateIsRefused();
    void killDuringWritingKeepsTheLastCheckpoint_data();
    void killDuringWritingKeepsTheLastCheckpoint();

private:
    std::string path(const QString& name) const { return m_dir.filePath(name).toStdString(); }
    /// A small-cnn with an SGD optimiser after two steps, saved to `file`.
    void saveSmallCnn(const std::string& file, const TrainingConfig& config);

    QTemporaryDir m_dir;
};

void CheckpointTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // One compute thread: the machine is shared, the nets are tiny, and forked children then
    // never meet an OpenMP pool their parent started.
    torch::set_num_threads(1);
}

void CheckpointTest::saveSmallCnn(const std::string& file, const TrainingConfig& config)
{
    const Batches data = fixedData(2);
    const auto model = buildModel("small-cnn", 1);
    const auto optimizer = buildOptimizer(config, *model);
    trainSteps(*model, *optimizer, data, 0, 2);
    fovea::saveCheckpoint(file, *model, *optimizer, nullptr, sampleProgress(), config.toJson());
}

void CheckpointTest::resumeIsBitwiseExact_data()
{
    QTest::addColumn<QString>("architecture");
    QTest::addColumn<QString>("optimizer");
    QTest::addColumn<bool>("nesterov");
    QTest::addColumn<bool>("decayAll");
    QTest::newRow("sgd") << "small-cnn"
                         << "sgd" << false << true;
    QTest::newRow("sgd nesterov, no decay on 1-D") << "small-cnn"
                                                   << "sgd" << true << false;
    QTest::newRow("rmsprop momentum, no decay on 1-D") << "small-cnn"
                                                       << "rmsprop" << false << false;
    QTest::newRow("adam") << "small-cnn"
                          << "adam" << false << true;
    QTest::newRow("adamw, no decay on 1-D") << "small-cnn"
                                            << "adamw" << false << false;
    QTest::newRow("resnet18 compact stem, sgd nesterov") << "resnet18"
                                                         << "sgd" << true << false;
}

void CheckpointTest::resumeIsBitwiseExact()
{
    QFETCH(QString, architecture);
    QFETCH(QString, optimizer);
    QFETCH(bool, nesterov);
    QFETCH(bool, decayAll);
    const TrainingConfig config = optimiserConfig(optimizer.toStdString(), nesterov, decayAll);
    QString tag = QString::fromUtf8(QTest::currentDataTag());
    for (QChar& c : tag)
        if (!c.isLetterOrNumber())
            c = '-';
    const std::string file = path("resume-" + tag + ".ckpt");
    constexpr int kBefore = 3;
    constexpr int kAfter = 3;
    const Batches data = fixedData(kBefore + kAfter);

    // The uninterrupted run: a few steps, a checkpoint, more steps.
    const auto reference = buildModel(architecture.toStdString(), 1);
    const auto referenceOptimizer = buildOptimizer(config, *reference);
    trainSteps(*reference, *referenceOptimizer, data, 0, kBefore);
    // Each group at its own rate, as a schedule with per-group scales leaves them.
    for (std::size_t g = 0; g < referenceOptimizer->param_groups().size(); ++g)
        referenceOptimizer->param_groups()[g].options().set_lr(config.learningRate *
                                                               (0.5 + 0.25 * double(g)));
    const TrainingProgress progress = sampleProgress();
    fovea::saveCheckpoint(file, *reference, *referenceOptimizer, nullptr, progress,
                          config.toJson());
    const NamedTensors atSave = snapshot(*reference, referenceOptimizer.get());
    trainSteps(*reference, *referenceOptimizer, data, kBefore, kAfter);
    const NamedTensors expected = snapshot(*reference, referenceOptimizer.get());

    // The resumed run: another initialisation, a generator moved on, then the checkpoint.
    const auto resumed = buildModel(architecture.toStdString(), 2);
    const auto resumedOptimizer = buildOptimizer(config, *resumed);
    QVERIFY2(!firstDifference(atSave, snapshot(*resumed, resumedOptimizer.get())).isEmpty(),
             "the fresh model already equals the saved one; the test would prove nothing");
    (void)torch::rand({1000});
    const fovea::TrainingCheckpoint loaded =
        fovea::loadCheckpoint(file, *resumed, *resumedOptimizer, nullptr);
    QVERIFY(loaded.progress == progress);
    QCOMPARE(qs(loaded.configJson), qs(config.toJson()));
    const QString afterLoad = firstDifference(atSave, snapshot(*resumed, resumedOptimizer.get()));
    QVERIFY2(afterLoad.isEmpty(), qPrintable("right after loading: " + afterLoad));

    trainSteps(*resumed, *resumedOptimizer, data, kBefore, kAfter);
    const QString afterSteps =
        firstDifference(expected, snapshot(*resumed, resumedOptimizer.get()));
    QVERIFY2(afterSteps.isEmpty(), qPrintable("after the same steps: " + afterSteps));
}

void CheckpointTest::theGeneratorStateMatters()
{
    // The control for the test above: small-cnn's head has dropout, so one extra draw from the
    // default generator after loading must change the outcome.
    const TrainingConfig config = optimiserConfig("sgd", false, true);
    const std::string file = path("generator.ckpt");
    const Batches data = fixedData(4);
    const auto reference = buildModel("small-cnn", 1);
    const auto referenceOptimizer = buildOptimizer(config, *reference);
    trainSteps(*reference, *referenceOptimizer, data, 0, 2);
    fovea::saveCheckpoint(file, *reference, *referenceOptimizer, nullptr, {}, "{}");
    trainSteps(*reference, *referenceOptimizer, data, 2, 2);

    const auto resumed = buildModel("small-cnn", 2);
    const auto resumedOptimizer = buildOptimizer(config, *resumed);
    fovea::loadCheckpoint(file, *resumed, *resumedOptimizer, nullptr);
    (void)torch::rand({1});
    trainSteps(*resumed, *resumedOptimizer, data, 2, 2);
    QVERIFY(!firstDifference(snapshot(*reference, nullptr), snapshot(*resumed, nullptr)).isEmpty());
}

void CheckpointTest::plateauStateRoundTrips()
{
    TrainingConfig config = optimiserConfig("sgd", false, true);
    config.schedule = "plateau";
    config.plateauPatience = 1;
    config.plateauCooldown = 1;
    config.plateauFactor = 0.5;
    fovea::ReduceLrOnPlateau plateau(config);
    for (double loss : {1.0, 0.9, 0.95, 0.97, 0.99, 0.98})
        plateau.update(loss);
    QVERIFY(plateau.learningRate() < config.learningRate); // it has reduced at least once

    const std::string file = path("plateau.ckpt");
    const auto model = buildModel("small-cnn", 1);
    const auto optimizer = buildOptimizer(config, *model);
    fovea::saveCheckpoint(file, *model, *optimizer, &plateau, {}, config.toJson());

    fovea::ReduceLrOnPlateau restored(config);
    const auto other = buildModel("small-cnn", 2);
    const auto otherOptimizer = buildOptimizer(config, *other);
    fovea::loadCheckpoint(file, *other, *otherOptimizer, &restored);
    const fovea::ReduceLrOnPlateau::State& want = plateau.state();
    const fovea::ReduceLrOnPlateau::State& got = restored.state();
    QCOMPARE(got.learningRate, want.learningRate);
    QCOMPARE(got.best, want.best);
    QCOMPARE(got.badEpochs, want.badEpochs);
    QCOMPARE(got.cooldownLeft, want.cooldownLeft);
    // And both go on alike.
    for (double loss : {0.97, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0}) {
        QCOMPARE(restored.update(loss), plateau.update(loss));
        QCOMPARE(restored.learningRate(), plateau.learningRate());
    }
}

void CheckpointTest::progressConfigAndExtrasRoundTrip()
{
    TrainingConfig config = optimiserConfig("adamw", false, false);
    config.dataset = "/data/données/日本語 \"quoted\"";
    config.epochs = 42;
    config.milestones = {3, 7};
    const std::string json = config.toJson();
    const std::map<std::string, double> extras{{"lossScale", 32768.0}, {"cleanSteps", 17.0}};

    for (const double best : {-std::numeric_limits<double>::infinity(),
                              std::numeric_limits<double>::infinity(), 0.8731234567890123}) {
        TrainingProgress progress = sampleProgress();
        progress.bestMetric = best;
        const std::string file = path("progress.ckpt");
        const auto model = buildModel("small-cnn", 1);
        const auto optimizer = buildOptimizer(config, *model);
        fovea::saveCheckpoint(file, *model, *optimizer, nullptr, progress, json, extras);

        const fovea::TrainingCheckpoint read = fovea::readCheckpoint(file);
        QVERIFY(read.progress == progress);
        QCOMPARE(read.progress.bestMetric, best);
        QCOMPARE(read.progress.epochLossSum, 0.1 + 0.2);
        QVERIFY(read.extras == extras);
        QCOMPARE(qs(read.configJson), qs(json));
        QCOMPARE(qs(fovea::readCheckpointConfig(file)), qs(json));
        QVERIFY(TrainingConfig::fromJson(fovea::readCheckpointConfig(file)) == config);

        const fovea::TrainingCheckpoint loaded =
            fovea::loadCheckpoint(file, *model, *optimizer, nullptr);
        QVERIFY(loaded.progress == progress);
        QVERIFY(loaded.extras == extras);
    }
}

void CheckpointTest::missingFileIsNotFound()
{
    const std::string file = path("nothing-here.ckpt");
    const auto error = captureError([&] { fovea::readCheckpointConfig(file); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::NotFound);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, qs(file));
}

void CheckpointTest::truncatedFileIsCorrupt_data()
{
    QTest::addColumn<int>("cut"); // bytes kept; negative: bytes removed from the end
    QTest::newRow("empty") << 0;
    QTest::newRow("5 bytes") << 5;
    QTest::newRow("header but one byte") << 23;
    QTest::newRow("header only") << 24;
    QTest::newRow("1000 bytes") << 1000;
    QTest::newRow("50 kB missing") << -50'000;
    QTest::newRow("last byte missing") << -1;
}

void CheckpointTest::truncatedFileIsCorrupt()
{
    QFETCH(int, cut);
    const TrainingConfig config = optimiserConfig("sgd", false, true);
    const std::string good = path("good.ckpt");
    saveSmallCnn(good, config);
    const std::string bytes = readBytes(good);
    QVERIFY(bytes.size() > 100'000);
    const std::size_t keep = cut >= 0 ? std::size_t(cut) : bytes.size() - std::size_t(-cut);
    const std::string file = path("truncated.ckpt");
    writeBytes(file, bytes.substr(0, keep));

    auto error = captureError([&] { fovea::readCheckpointConfig(file); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::CorruptFile);
    qInfo("%s", error->what()); // the wording, for whoever reads the log
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, qs(file));

    const auto model = buildModel("small-cnn", 2);
    const auto optimizer = buildOptimizer(config, *model);
    const NamedTensors before = snapshot(*model, optimizer.get());
    error = captureError([&] { fovea::loadCheckpoint(file, *model, *optimizer, nullptr); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::CorruptFile);
    qInfo("%s", error->what()); // the wording, for whoever reads the log
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, qs(file));
    QVERIFY(firstDifference(before, snapshot(*model, optimizer.get())).isEmpty());
}

void CheckpointTest::damagedFilesAreCorrupt()
{
    const TrainingConfig config = optimiserConfig("sgd", false, true);
    const std::string good = path("good.ckpt");
    saveSmallCnn(good, config);
    const std::string bytes = readBytes(good);
    const std::string file = path("damaged.ckpt");

    // Empty when reading `content` fails as a corrupt file naming it and `part`; else why not.
    auto problem = [&](const std::string& content, const QString& part) -> QString {
        writeBytes(file, content);
        const auto error = captureError([&] { fovea::readCheckpoint(file); });
        if (!error)
            return QStringLiteral("read without an error");
        const QString message = QString::fromUtf8(error->what());
        qInfo("%s", error->what());
        if (error->code() != ErrorCode::CorruptFile)
            return QStringLiteral("code %1: %2").arg(fovea::errorCodeName(error->code()), message);
        if (!message.contains(qs(file)) || !message.contains(part))
            return QStringLiteral("'%1' does not name the file and '%2'").arg(message, part);
        return {};
    };
#define FOVEA_VERIFY_CORRUPT(content, part)                                                        \
    do {                                                                                           \
        const QString why = problem(content, part);                                                \
        QVERIFY2(why.isEmpty(), qPrintable(why));                                                  \
    } while (false)

    FOVEA_VERIFY_CORRUPT(randomBytes(4096, 1), "not a Fovea training checkpoint");
    FOVEA_VERIFY_CORRUPT(bytes.substr(0, 8) + randomBytes(4096, 2), "checkpoint");
    std::string flipped = bytes;
    flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x10);
    FOVEA_VERIFY_CORRUPT(flipped, "checksum");
    FOVEA_VERIFY_CORRUPT(bytes + "trailing", "unexpected bytes");

    // A well-formed header over a payload that is not a torch archive reaches the archive
    // reader, which must fail cleanly too. Header: magic, version, CRC-32, length (LE).
    const std::string payload = randomBytes(2048, 3);
    std::string forged = bytes.substr(0, 12);
    const auto crc = static_cast<std::uint32_t>(
        crc32(crc32(0L, nullptr, 0), reinterpret_cast<const Bytef*>(payload.data()),
              static_cast<uInt>(payload.size())));
    for (int i = 0; i < 4; ++i)
        forged += static_cast<char>((crc >> (8 * i)) & 0xffu);
    for (int i = 0; i < 8; ++i)
        forged += static_cast<char>((std::uint64_t(payload.size()) >> (8 * i)) & 0xffu);
    FOVEA_VERIFY_CORRUPT(forged + payload, "parsed");
#undef FOVEA_VERIFY_CORRUPT
}

void CheckpointTest::newerFormatIsRefused()
{
    const TrainingConfig config = optimiserConfig("sgd", false, true);
    const std::string file = path("newer.ckpt");
    saveSmallCnn(file, config);
    std::string bytes = readBytes(file);
    bytes[8] = static_cast<char>(fovea::kCheckpointFormatVersion + 1); // version, little-endian
    writeBytes(file, bytes);
    const auto error = captureError([&] { fovea::readCheckpointConfig(file); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::CorruptFile);
    qInfo("%s", error->what()); // the wording, for whoever reads the log
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, qs(file));
    FOVEA_VERIFY_MESSAGE_CONTAINS(
        error, QStringLiteral("version %1").arg(fovea::kCheckpointFormatVersion + 1));
}

void CheckpointTest::anotherModelIsRefused_data()
{
    QTest::addColumn<QString>("architecture");
    QTest::addColumn<int>("classes");
    QTest::addColumn<QString>("namedKey");
    QTest::newRow("another class count") << "small-cnn" << 5 << "classifier.";
    QTest::newRow("another architecture") << "resnet18" << 4 << "features.";
}

void CheckpointTest::anotherModelIsRefused()
{
    QFETCH(QString, architecture);
    QFETCH(int, classes);
    QFETCH(QString, namedKey);
    const TrainingConfig config = optimiserConfig("sgd", false, true);
    const std::string file = path("small-cnn.ckpt");
    saveSmallCnn(file, config);

    const auto model = buildModel(architecture.toStdString(), 2, classes);
    const auto optimizer = buildOptimizer(config, *model);
    const NamedTensors before = snapshot(*model, optimizer.get());
    const auto error =
        captureError([&] { fovea::loadCheckpoint(file, *model, *optimizer, nullptr); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::CorruptFile);
    qInfo("%s", error->what()); // the wording, for whoever reads the log
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, qs(file));
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, namedKey);
    QVERIFY(firstDifference(before, snapshot(*model, optimizer.get())).isEmpty());
}

void CheckpointTest::anotherOptimiserIsRefused_data()
{
    QTest::addColumn<QString>("optimizer");
    QTest::addColumn<bool>("decayAll");
    QTest::addColumn<QString>("part");
    QTest::newRow("adam instead of sgd") << "adam" << true << "'sgd'";
    QTest::newRow("rmsprop instead of sgd") << "rmsprop" << true << "'sgd'";
    QTest::newRow("sgd with other parameter groups") << "sgd" << false << "groups";
}

void CheckpointTest::anotherOptimiserIsRefused()
{
    QFETCH(QString, optimizer);
    QFETCH(bool, decayAll);
    QFETCH(QString, part);
    const std::string file = path("sgd.ckpt");
    saveSmallCnn(file, optimiserConfig("sgd", false, true));

    const auto model = buildModel("small-cnn", 2);
    const auto other =
        buildOptimizer(optimiserConfig(optimizer.toStdString(), false, decayAll), *model);
    const NamedTensors before = snapshot(*model, other.get());
    const auto error = captureError([&] { fovea::loadCheckpoint(file, *model, *other, nullptr); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::CorruptFile);
    qInfo("%s", error->what()); // the wording, for whoever reads the log
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, qs(file));
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, part);
    QVERIFY(firstDifference(before, snapshot(*model, other.get())).isEmpty());
}

void CheckpointTest::missingPlateauStateIsRefused()
{
    TrainingConfig config = optimiserConfig("sgd", false, true);
    const std::string file = path("no-plateau.ckpt");
    saveSmallCnn(file, config);
    config.schedule = "plateau";
    fovea::ReduceLrOnPlateau plateau(config);
    const auto model = buildModel("small-cnn", 2);
    const auto optimizer = buildOptimizer(config, *model);
    const auto error =
        captureError([&] { fovea::loadCheckpoint(file, *model, *optimizer, &plateau); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::CorruptFile);
    qInfo("%s", error->what()); // the wording, for whoever reads the log
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, qs(file));
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, "plateau");
}

void CheckpointTest::killDuringWritingKeepsTheLastCheckpoint_data()
{
    QTest::addColumn<int>("saves");     // completed saves the parent waits for
    QTest::addColumn<bool>("midWrite"); // then also for the next save's temporary file
    for (const int saves : {1, 2, 3, 5, 8}) {
        QTest::addRow("after %d saves", saves) << saves << false;
        QTest::addRow("writing save %d", saves + 1) << saves << true;
    }
}

void CheckpointTest::killDuringWritingKeepsTheLastCheckpoint()
{
    QFETCH(int, saves);
    QFETCH(bool, midWrite);
    const TrainingConfig config = optimiserConfig("adam", false, true);
    const Batches data = fixedData(2);
    // A VGG-style head makes the file about 16 MB: writing it takes milliseconds, so a kill
    // sent once its temporary file appears lands while it is written or flushed.
    fovea::HeadOptions head;
    head.kind = fovea::HeadOptions::Kind::FullyConnected;
    head.hiddenUnits = 512;
    head.poolSize = 4;
    const auto model = buildModel("small-cnn", 1, kClasses, head);
    const auto optimizer = buildOptimizer(config, *model);
    trainSteps(*model, *optimizer, data, 0, 2);
    const NamedTensors saved = snapshot(*model, optimizer.get());
    const QString folder = m_dir.filePath(QStringLiteral("killed-%1-%2").arg(saves).arg(midWrite));
    QVERIFY(QDir().mkpath(folder));
    const std::string file = (folder + "/killed.ckpt").toStdString();
    const std::string json = config.toJson();
    auto temporaryBeingWritten = [&folder] {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(folder.toStdString(), ec))
            if (entry.path().filename().string().rfind("killed.ckpt.tmp-", 0) == 0 &&
                entry.file_size(ec) > 0)
                return true;
        return false;
    };

    // The child saves in a loop and writes one byte to the pipe after each save.
    int pipeEnds[2];
    QCOMPARE(::pipe(pipeEnds), 0);
    ChildGuard child;
    child.pid = ::fork();
    QVERIFY(child.pid >= 0);
    if (child.pid == 0) {
        ::close(pipeEnds[0]);
        try {
            TrainingProgress progress;
            for (std::int64_t i = 1;; ++i) {
                progress.step = i;
                fovea::saveCheckpoint(file, *model, *optimizer, nullptr, progress, json);
                const char done = 's';
                if (::write(pipeEnds[1], &done, 1) != 1)
                    ::_exit(2);
            }
        } catch (...) {
            ::_exit(1);
        }
    }
    ::close(pipeEnds[1]);
    auto readReport = [&pipeEnds] {
        char done = 0;
        ssize_t got = 0;
        do
            got = ::read(pipeEnds[0], &done, 1);
        while (got < 0 && errno == EINTR);
        return got == 1;
    };
    int received = 0;
    while (received < saves && readReport())
        ++received;
    bool childAlive = received == saves;
    // Poll (no sleeping) until the next save's temporary file has content, unless the child
    // died meanwhile.
    while (midWrite && childAlive && !temporaryBeingWritten())
        childAlive = ::waitpid(child.pid, nullptr, WNOHANG) == 0;
    ::kill(child.pid, SIGKILL);
    int status = 0;
    QCOMPARE(::waitpid(child.pid, &status, 0), child.pid);
    child.pid = -1;
    // Reports sent before the kill are still in the pipe; they count too.
    int completed = received;
    while (readReport())
        ++completed;
    ::close(pipeEnds[0]);
    QVERIFY2(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
             qPrintable(QStringLiteral("the saving child ended by itself (status %1) after %2 "
                                       "saves")
                            .arg(status)
                            .arg(completed)));
    QVERIFY(completed >= saves);
    const bool temporaryLeft = temporaryBeingWritten();
    if (midWrite)
        qInfo("the kill %s",
              temporaryLeft ? "left a half-written temporary file" : "came just after the write");

    const auto resumed = buildModel("small-cnn", 2, kClasses, head);
    const auto resumedOptimizer = buildOptimizer(config, *resumed);
    fovea::TrainingCheckpoint loaded;
    const auto error = captureError(
        [&] { loaded = fovea::loadCheckpoint(file, *resumed, *resumedOptimizer, nullptr); });
    QVERIFY2(!error, error ? error->what() : "");
    // The last save reported or, when the kill came between a rename and its report, the one
    // after it; with a temporary left behind, the interrupted save's rename never happened.
    QVERIFY2(loaded.progress.step == completed ||
                 (loaded.progress.step == completed + 1 && !temporaryLeft),
             qPrintable(QStringLiteral("step %1 after %2 reported saves")
                            .arg(loaded.progress.step)
                            .arg(completed)));
    QVERIFY(firstDifference(saved, snapshot(*resumed, resumedOptimizer.get())).isEmpty());
}

QTEST_GUILESS_MAIN(CheckpointTest)
#include "CheckpointTest.moc"
