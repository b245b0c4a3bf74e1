// The rotation of a run's checkpoints folder (CheckpointRotation): numbered checkpoints kept
// up to a count beside best and last, the latest readable one found past damaged files and
// crashes between writes, temporaries of interrupted writes cleared.
#include "CheckpointRotation.h"
#include "CheckpointTestHelpers.h"
#include "EngineTestHelpers.h"
#include "TrainingCheckpoint.h"

#include <QDir>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

using fovea::ErrorCode;
using fovea::TrainingConfig;
using fovea::TrainingProgress;
using fovea::testing::captureError;
using fovea::testing::qs;
using namespace fovea::testing::checkpoints;

class CheckpointRotationTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void rotationKeepsNewestBestAndLast();
    void rotationWithKeepZero();
    void latestSkipsCorruptFiles();
    void latestPrefersANewerNumberedFile();
    void latestOfAnEmptyFolderIsNothing();
    void temporariesAreRemoved();
    void negativeKeepIsRefused();

private:
    std::string path(const QString& name) const { return m_dir.filePath(name).toStdString(); }

    QTemporaryDir m_dir;
};

void CheckpointRotationTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    torch::set_num_threads(1); // the nets are tiny
}

void CheckpointRotationTest::rotationKeepsNewestBestAndLast()
{
    const TrainingConfig config = optimiserConfig("sgd", false, true);
    const std::string folder = path("rotation/checkpoints");
    fovea::CheckpointRotation rotation(folder, 2);
    const auto model = buildModel("small-cnn", 1);
    const auto optimizer = buildOptimizer(config, *model);
    TrainingProgress progress;
    for (int epoch = 1; epoch <= 6; ++epoch) {
        progress.epoch = epoch;
        progress.step = epoch * 10;
        rotation.save(progress, *model, *optimizer, nullptr, config.toJson(), epoch == 3);
    }
    const auto numbered = rotation.epochCheckpoints();
    QCOMPARE(numbered.size(), std::size_t(2));
    QCOMPARE(numbered[0].first, std::int64_t(5));
    QCOMPARE(numbered[1].first, std::int64_t(6));
    QCOMPARE(qs(numbered[1].second), qs(folder + "/epoch-0006.ckpt"));
    QCOMPARE(fovea::readCheckpoint(rotation.bestPath()).progress.epoch, std::int64_t(3));
    QCOMPARE(fovea::readCheckpoint(rotation.lastPath()).progress.epoch, std::int64_t(6));
    QCOMPARE(fovea::readCheckpoint(numbered[0].second).progress.epoch, std::int64_t(5));

    // Mid-epoch: only last.ckpt moves on.
    progress.epoch = 7;
    progress.batchInEpoch = 4;
    progress.step = 64;
    rotation.save(progress, *model, *optimizer, nullptr, config.toJson(), false);
    QCOMPARE(rotation.epochCheckpoints().size(), std::size_t(2));
    QCOMPARE(fovea::readCheckpoint(rotation.lastPath()).progress.batchInEpoch, std::int64_t(4));
    QCOMPARE(fovea::readCheckpoint(rotation.bestPath()).progress.epoch, std::int64_t(3));
    const auto latest = rotation.latest();
    QVERIFY(latest);
    QCOMPARE(qs(*latest), qs(rotation.lastPath()));
    // The same file with what it holds, read while choosing it (resume reads it no further).
    const auto read = rotation.latestRead();
    QVERIFY(read);
    QCOMPARE(qs(read->path), qs(rotation.lastPath()));
    QVERIFY(read->checkpoint.progress == progress);
    QCOMPARE(qs(read->checkpoint.configJson), qs(config.toJson()));
    QCOMPARE(QDir(qs(folder)).entryList(QDir::Files).size(), 4); // 2 numbered, best, last
}

void CheckpointRotationTest::rotationWithKeepZero()
{
    const TrainingConfig config = optimiserConfig("sgd", false, true);
    fovea::CheckpointRotation rotation(path("keep-zero"), 0);
    const auto model = buildModel("small-cnn", 1);
    const auto optimizer = buildOptimizer(config, *model);
    TrainingProgress progress;
    for (int epoch = 1; epoch <= 3; ++epoch) {
        progress.epoch = epoch;
        progress.step = epoch;
        rotation.save(progress, *model, *optimizer, nullptr, "{}", epoch == 2);
    }
    QVERIFY(rotation.epochCheckpoints().empty());
    QCOMPARE(fovea::readCheckpoint(rotation.lastPath()).progress.epoch, std::int64_t(3));
    QCOMPARE(fovea::readCheckpoint(rotation.bestPath()).progress.epoch, std::int64_t(2));
}

void CheckpointRotationTest::latestSkipsCorruptFiles()
{
    const TrainingConfig config = optimiserConfig("sgd", false, true);
    fovea::CheckpointRotation rotation(path("corrupt"), 3);
    const auto model = buildModel("small-cnn", 1);
    const auto optimizer = buildOptimizer(config, *model);
    TrainingProgress progress;
    for (int epoch = 1; epoch <= 3; ++epoch) {
        progress.epoch = epoch;
        progress.step = epoch;
        rotation.save(progress, *model, *optimizer, nullptr, "{}", false);
    }
    const std::string lastBytes = readBytes(rotation.lastPath());
    writeBytes(rotation.lastPath(), lastBytes.substr(0, lastBytes.size() / 2));
    QStringList warnings;
    auto warn = [&warnings](const std::string& message) { warnings << qs(message); };
    auto latest = rotation.latest(warn);
    QVERIFY(latest);
    QCOMPARE(qs(*latest), qs(rotation.epochPath(3)));
    QCOMPARE(warnings.size(), 1);
    QVERIFY2(warnings[0].contains(qs(rotation.lastPath())), qPrintable(warnings[0]));

    writeBytes(rotation.epochPath(3), randomBytes(1000, 4));
    warnings.clear();
    latest = rotation.latest(warn);
    QVERIFY(latest);
    QCOMPARE(qs(*latest), qs(rotation.epochPath(2)));
    QCOMPARE(warnings.size(), 2);
    QVERIFY(warnings.join('\n').contains(qs(rotation.epochPath(3))));

    // What latest() finds loads.
    const auto resumed = buildModel("small-cnn", 2);
    const auto resumedOptimizer = buildOptimizer(config, *resumed);
    QCOMPARE(fovea::loadCheckpoint(*latest, *resumed, *resumedOptimizer, nullptr).progress.epoch,
             std::int64_t(2));
}

void CheckpointRotationTest::latestPrefersANewerNumberedFile()
{
    // A crash after epoch-0004.ckpt was written but before last.ckpt was replaced.
    const TrainingConfig config = optimiserConfig("sgd", false, true);
    fovea::CheckpointRotation rotation(path("crash-between"), 3);
    const auto model = buildModel("small-cnn", 1);
    const auto optimizer = buildOptimizer(config, *model);
    TrainingProgress progress;
    progress.epoch = 3;
    progress.step = 30;
    rotation.save(progress, *model, *optimizer, nullptr, "{}", false);
    progress.epoch = 4;
    progress.step = 40;
    fovea::saveCheckpoint(rotation.epochPath(4), *model, *optimizer, nullptr, progress, "{}");
    const auto latest = rotation.latest();
    QVERIFY(latest);
    QCOMPARE(qs(*latest), qs(rotation.epochPath(4)));
}

void CheckpointRotationTest::latestOfAnEmptyFolderIsNothing()
{
    fovea::CheckpointRotation rotation(path("empty"), 2);
    QVERIFY(!rotation.latest());
    QVERIFY(rotation.epochCheckpoints().empty());
}

void CheckpointRotationTest::temporariesAreRemoved()
{
    const TrainingConfig config = optimiserConfig("sgd", false, true);
    fovea::CheckpointRotation rotation(path("temporaries"), 2);
    const auto model = buildModel("small-cnn", 1);
    const auto optimizer = buildOptimizer(config, *model);
    TrainingProgress progress;
    progress.epoch = 1;
    rotation.save(progress, *model, *optimizer, nullptr, "{}", true);
    // What a crash mid-write leaves: a partial temporary beside the intact checkpoint.
    const std::string bytes = readBytes(rotation.lastPath());
    writeBytes(rotation.lastPath() + ".tmp-4242-0badf00d", bytes.substr(0, bytes.size() / 3));
    writeBytes(rotation.epochPath(2) + ".tmp-4242-12345678", bytes.substr(0, 10));
    QVERIFY(rotation.epochCheckpoints().size() == 1); // temporaries are not checkpoints
    QCOMPARE(qs(*rotation.latest()), qs(rotation.lastPath()));
    QCOMPARE(rotation.removeTemporaries(), 2);
    QCOMPARE(QDir(qs(rotation.folder())).entryList(QDir::Files).size(), 3);
}

void CheckpointRotationTest::negativeKeepIsRefused()
{
    const auto error = captureError([&] { fovea::CheckpointRotation(path("negative"), -1); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
}

QTEST_GUILESS_MAIN(CheckpointRotationTest)
#include "CheckpointRotationTest.moc"
