// Data-parallel training across fovea-cli processes on loopback (c10d + Gloo):
//  - two ranks with half the batch each end with the weights of one process with the whole batch
//    (VGG-11 without batch norm or dropout, so the equivalence holds), launched by environment
//    variables and by torchrun; only rank 0 writes a run directory;
//  - a distributed run stopped and resumed ends where an uninterrupted one does;
//  - a killed or hung rank ends the other with an error naming it, within the timeout;
//  - ranks whose settings or datasets differ all stop before training, the differing one naming
//    the setting;
//  - bad launch variables are usage errors naming the variable.
#include "ModelImpl.h"
#include "SyntheticIdx.h"
#include "fovea/ModelFile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <torch/torch.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

namespace {

/// A port nobody listens on now (the kernel picks it); the test's processes bind it next.
int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        qFatal("no free port on loopback");
    ::close(fd);
    return ntohs(address.sin_port);
}

struct Weights {
    std::vector<std::string> names;
    std::vector<torch::Tensor> values;
};

Weights weightsOf(const QString& modelFile)
{
    fovea::LoadedModelFile loaded = fovea::loadModelFile(modelFile.toStdString());
    Weights weights;
    for (const auto& item : loaded.model.impl().network->named_parameters()) {
        weights.names.push_back(item.key());
        weights.values.push_back(item.value().detach().clone());
    }
    return weights;
}

/// max |a - b| over every parameter, relative to max |a|.
double relativeDifference(const Weights& a, const Weights& b)
{
    if (a.names != b.names)
        return std::numeric_limits<double>::infinity();
    double difference = 0.0;
    double scale = 0.0;
    for (std::size_t i = 0; i < a.values.size(); ++i) {
        difference = std::max(difference, (a.values[i] - b.values[i]).abs().max().item<double>());
        scale = std::max(scale, a.values[i].abs().max().item<double>());
    }
    return difference / scale;
}

/// The single run directory under `runs`, or "" when there are none or several.
QString onlyRunDirectory(const QString& runs)
{
    const QStringList entries = QDir(runs).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    return entries.size() == 1 ? QDir(runs).filePath(entries.front()) : QString();
}

QStringList epochRows(const QString& runDirectory)
{
    QFile file(QDir(runDirectory).filePath("metrics.csv"));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    QStringList rows;
    for (const QString& line : QString::fromUtf8(file.readAll()).split('\n'))
        if (line.startsWith("epoch,"))
            rows.push_back(line);
    return rows;
}

/// Compares two epoch rows field by field: losses within 1e-3, accuracies within one sample of
/// 64 (the tie of a borderline logit may flip), the elapsed time (last field) ignored.
bool rowsAgree(const QString& a, const QString& b)
{
    const QStringList x = a.split(',');
    const QStringList y = b.split(',');
    if (x.size() != y.size() || x.size() < 10)
        return false;
    for (int i = 0; i < 3; ++i) // kind, epoch, step
        if (x[i] != y[i])
            return false;
    for (int i = 3; i < x.size() - 1; ++i)
        if (std::abs(x[i].toDouble() - y[i].toDouble()) > 1.6e-2)
            return false;
    return true;
}

} // namespace

class CliDistributedTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void twoRanksMatchOneProcessWithTheWholeBatch();
    void torchrunStartsTheSameRun();
    void stoppedAndResumedRunMatchesAnUninterruptedOne();
    void killedRankEndsTheOtherWithAnError();
    void hungRankEndsTheOtherAfterTheTimeout();
    void ranksWithDifferentSettingsStopBeforeTraining();
    void badLaunchVariablesAreUsageErrors();

private:
    QStringList trainArguments(const QString& runs, int batchSize, int epochs = 1,
                               int timeoutSeconds = 60) const;
    std::unique_ptr<QProcess> startRank(const QStringList& arguments, int rank, int worldSize,
                                        int port) const;
    /// Ranks 0 and 1 of a two-process run on a fresh port.
    std::pair<std::unique_ptr<QProcess>, std::unique_ptr<QProcess>>
    startTwoRanks(const QStringList& arguments) const;
    /// Runs `arguments` as ranks 0 and 1 of a two-process run; true when both exit with 0.
    bool runTwoRanks(const QStringList& arguments);
    /// Reads `process`'s output until a line matching `pattern` appears (or `ms` pass).
    static bool waitForOutput(QProcess& process, const QString& pattern, int ms);

    QTemporaryDir m_dir;
    QString m_dataset;
    QString m_config;
    QString m_wholeBatchModel;
    QString m_wholeBatchRun;
};

void CliDistributedTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    fovea::testing::SyntheticIdxOptions options;
    options.trainCount = 96;
    options.testCount = 64;
    options.size = 32;
    options.classes = 4;
    m_dataset = m_dir.filePath("synthetic");
    fovea::testing::writeSyntheticIdxDataset(m_dataset.toStdString(), options);
    // VGG-11 with a global-average-pooling head and no dropout: nothing in it depends on how a
    // batch is split (no batch norm), nothing random in the forward pass.
    m_config = m_dir.filePath("vgg.json");
    QFile config(m_config);
    QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Text));
    config.write(QStringLiteral(R"({"dataset": "%1", "architecture": "vgg11", "compactStem": true,
        "head": "avg", "headDropout": 0.0, "schedule": "constant", "learningRate": 0.02,
        "optimizer": "sgd", "momentum": 0.9, "threads": 1, "loaderWorkers": 1, "seed": 3,
        "logEverySteps": 1, "augmentation": [{"kind": "horizontal_flip"}]})")
                     .arg(m_dataset)
                     .toUtf8());
    config.close();

    // The reference: one process, the whole batch of 32.
    const QString runs = m_dir.filePath("whole");
    QProcess single;
    single.start(QStringLiteral(FOVEA_CLI_PATH), trainArguments(runs, 32));
    QVERIFY(single.waitForFinished(180'000));
    QVERIFY2(single.exitCode() == 0, single.readAllStandardError().constData());
    m_wholeBatchRun = onlyRunDirectory(runs);
    QVERIFY(!m_wholeBatchRun.isEmpty());
    m_wholeBatchModel = QDir(m_wholeBatchRun).filePath("model.pt");
    QVERIFY(QFile::exists(m_wholeBatchModel));
}

QStringList CliDistributedTest::trainArguments(const QString& runs, int batchSize, int epochs,
                                               int timeoutSeconds) const
{
    return {"train",
            "--config",
            m_config,
            "--runs",
            runs,
            "--batch-size",
            QString::number(batchSize),
            "--epochs",
            QString::number(epochs),
            "--dist-timeout",
            QString::number(timeoutSeconds)};
}

std::unique_ptr<QProcess> CliDistributedTest::startRank(const QStringList& arguments, int rank,
                                                        int worldSize, int port) const
{
    auto process = std::make_unique<QProcess>();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("RANK", QString::number(rank));
    environment.insert("LOCAL_RANK", QString::number(rank));
    environment.insert("WORLD_SIZE", QString::number(worldSize));
    environment.insert("MASTER_ADDR", "127.0.0.1");
    environment.insert("MASTER_PORT", QString::number(port));
    process->setProcessEnvironment(environment);
    process->start(QStringLiteral(FOVEA_CLI_PATH), arguments);
    return process;
}

std::pair<std::unique_ptr<QProcess>, std::unique_ptr<QProcess>>
CliDistributedTest::startTwoRanks(const QStringList& arguments) const
{
    const int port = freePort();
    return {startRank(arguments, 0, 2, port), startRank(arguments, 1, 2, port)};
}

bool CliDistributedTest::runTwoRanks(const QStringList& arguments)
{
    auto [rank0, rank1] = startTwoRanks(arguments);
    const bool finished = rank0->waitForFinished(240'000) && rank1->waitForFinished(240'000);
    if (!finished || rank0->exitCode() != 0 || rank1->exitCode() != 0) {
        qWarning("rank 0: %s\nrank 1: %s", rank0->readAllStandardError().constData(),
                 rank1->readAllStandardError().constData());
        return false;
    }
    return true;
}

bool CliDistributedTest::waitForOutput(QProcess& process, const QString& pattern, int ms)
{
    QElapsedTimer timer;
    timer.start();
    QString seen;
    const QRegularExpression expression(pattern);
    while (timer.elapsed() < ms) {
        if (!process.waitForReadyRead(int(std::max<qint64>(1, ms - timer.elapsed()))))
            return false; // exited, or nothing more in time
        seen += QString::fromUtf8(process.readAllStandardOutput());
        if (expression.match(seen).hasMatch())
            return true;
    }
    return false;
}

void CliDistributedTest::twoRanksMatchOneProcessWithTheWholeBatch()
{
    const QString runs = m_dir.filePath("two-ranks");
    QVERIFY(runTwoRanks(trainArguments(runs, 16)));
    // Rank 0 alone wrote a run directory.
    const QString run = onlyRunDirectory(runs);
    QVERIFY2(!run.isEmpty(), "expected exactly one run directory from two ranks");
    const Weights whole = weightsOf(m_wholeBatchModel);
    const double twoRanks = relativeDifference(whole, weightsOf(QDir(run).filePath("model.pt")));
    // A control that must differ: one process with half the batch (twice the steps).
    const QString controlRuns = m_dir.filePath("half-batch");
    QProcess control;
    control.start(QStringLiteral(FOVEA_CLI_PATH), trainArguments(controlRuns, 16));
    QVERIFY(control.waitForFinished(180'000));
    QCOMPARE(control.exitCode(), 0);
    const double halfBatch = relativeDifference(
        whole, weightsOf(QDir(onlyRunDirectory(controlRuns)).filePath("model.pt")));
    qInfo("max |w(2 ranks x 16) - w(1 x 32)| / max |w| = %.3g; control (1 x 16): %.3g", twoRanks,
          halfBatch);
    // Tolerance: float sums in another order (two half-batch gradients added by the all-reduce
    // instead of one whole-batch sum), grown over 3 momentum steps.
    QVERIFY2(twoRanks <= 1e-4, qPrintable(QString::number(twoRanks)));
    QVERIFY(halfBatch > 100 * 1e-4);

    const QStringList expected = epochRows(m_wholeBatchRun);
    const QStringList actual = epochRows(run);
    QCOMPARE(actual.size(), 1);
    QVERIFY2(rowsAgree(expected.value(0), actual.front()),
             qPrintable(expected.value(0) + " vs " + actual.front()));
}

void CliDistributedTest::torchrunStartsTheSameRun()
{
    const QString torchrun = QStringLiteral("/usr/bin/torchrun");
    QVERIFY2(QFile::exists(torchrun), "torchrun (python3-torch) is installed by scripts/setup.sh");
    const QString runs = m_dir.filePath("torchrun");
    QProcess launcher;
    // --redirects 1 --tee 1: Debian 12's torchrun (PyTorch 1.13 on Python 3.11) cannot parse
    // its own default "0" for these (see README); stdout is shown and kept, stderr inherited.
    launcher.start(torchrun,
                   QStringList{"--redirects", "1", "--tee", "1", "--no_python",
                               "--nproc_per_node=2", "--master_port", QString::number(freePort()),
                               QStringLiteral(FOVEA_CLI_PATH)} +
                       trainArguments(runs, 16));
    QVERIFY(launcher.waitForFinished(240'000));
    QVERIFY2(launcher.exitCode() == 0, launcher.readAllStandardError().constData());
    const QString run = onlyRunDirectory(runs);
    QVERIFY(!run.isEmpty());
    const double difference =
        relativeDifference(weightsOf(m_wholeBatchModel), weightsOf(QDir(run).filePath("model.pt")));
    qInfo("torchrun: max |w(2 ranks x 16) - w(1 x 32)| / max |w| = %.3g", difference);
    QVERIFY(difference <= 1e-4);
}

void CliDistributedTest::stoppedAndResumedRunMatchesAnUninterruptedOne()
{
    // Uninterrupted: two ranks, two epochs.
    const QString straightRuns = m_dir.filePath("straight");
    QVERIFY(runTwoRanks(trainArguments(straightRuns, 16, 2)));
    const QString straight = onlyRunDirectory(straightRuns);
    QVERIFY(!straight.isEmpty());

    // Interrupted: SIGINT to both ranks (as torchrun forwards it) once epoch 1 is reported;
    // they agree on the step to stop at, rank 0 saves a checkpoint, both exit with 3.
    const QString stoppedRuns = m_dir.filePath("stopped");
    auto [rank0, rank1] = startTwoRanks(trainArguments(stoppedRuns, 16, 2));
    QVERIFY(waitForOutput(*rank0, "epoch 1/2: train loss", 180'000));
    ::kill(pid_t(rank0->processId()), SIGINT);
    ::kill(pid_t(rank1->processId()), SIGINT);
    QVERIFY(rank0->waitForFinished(120'000) && rank1->waitForFinished(120'000));
    QCOMPARE(rank0->exitCode(), 3);
    QCOMPARE(rank1->exitCode(), 3);
    const QString stopped = onlyRunDirectory(stoppedRuns);
    QVERIFY(!stopped.isEmpty());

    QVERIFY(runTwoRanks({"resume", stopped}));
    const QStringList expected = epochRows(straight);
    const QStringList actual = epochRows(stopped);
    QCOMPARE(actual.size(), 2);
    QCOMPARE(expected.size(), 2);
    for (int i = 0; i < 2; ++i)
        QVERIFY2(rowsAgree(expected[i], actual[i]), qPrintable(expected[i] + " vs " + actual[i]));
    const double difference = relativeDifference(weightsOf(QDir(straight).filePath("model.pt")),
                                                 weightsOf(QDir(stopped).filePath("model.pt")));
    qInfo("resumed vs uninterrupted: max |dw| / max |w| = %.3g", difference);
    QVERIFY(difference <= 1e-5);
}

void CliDistributedTest::killedRankEndsTheOtherWithAnError()
{
    // Enough epochs that rank 0 is still training when rank 1 dies.
    auto [rank0, rank1] = startTwoRanks(trainArguments(m_dir.filePath("killed"), 16, 50, 30));
    QVERIFY(waitForOutput(*rank0, "epoch 1/50 batch", 180'000));
    rank1->kill(); // SIGKILL: no goodbye
    QVERIFY(rank1->waitForFinished(10'000));
    QElapsedTimer timer;
    timer.start();
    QVERIFY(rank0->waitForFinished(60'000));
    const QString error = QString::fromUtf8(rank0->readAllStandardError());
    QCOMPARE(rank0->exitCode(), 1);
    QVERIFY2(error.contains("rank 0 of 2") && error.contains("failed"), qPrintable(error));
    qInfo("rank 0 ended %lld ms after rank 1 was killed", timer.elapsed());
    // A closed connection is seen at once, well before the 30 s timeout.
    QVERIFY(timer.elapsed() < 30'000);
}

void CliDistributedTest::hungRankEndsTheOtherAfterTheTimeout()
{
    auto [rank0, rank1] = startTwoRanks(trainArguments(m_dir.filePath("hung"), 16, 50, 3));
    QVERIFY(waitForOutput(*rank0, "epoch 1/50 batch", 180'000));
    ::kill(pid_t(rank1->processId()), SIGSTOP); // alive, connected, silent
    QElapsedTimer timer;
    timer.start();
    const bool ended = rank0->waitForFinished(60'000);
    const qint64 elapsed = timer.elapsed();
    rank1->kill();
    rank1->waitForFinished(10'000);
    QVERIFY(ended);
    const QString error = QString::fromUtf8(rank0->readAllStandardError());
    QCOMPARE(rank0->exitCode(), 1);
    QVERIFY2(error.contains("rank 0 of 2") && error.contains("timeout 3 s"), qPrintable(error));
    qInfo("rank 0 ended %lld ms after rank 1 hung (timeout 3 s)", elapsed);
    QVERIFY(elapsed >= 2'000);
    QVERIFY(elapsed < 30'000);
}

void CliDistributedTest::ranksWithDifferentSettingsStopBeforeTraining()
{
    // A dataset with fewer training pictures: the ranks' epochs would have different lengths.
    fovea::testing::SyntheticIdxOptions options;
    options.trainCount = 80;
    options.testCount = 64;
    options.size = 32;
    options.classes = 4;
    const QString smaller = m_dir.filePath("smaller");
    fovea::testing::writeSyntheticIdxDataset(smaller.toStdString(), options);

    struct Case {
        QStringList rank1Arguments; ///< appended to rank 1's command line only
        QString rank1Says;
    };
    const QList<Case> cases{
        // Rank 1 would skip the validations rank 0 waits in: a hang until the timeout.
        {{"--validate-every", "2"}, "validateEveryEpochs is 2 here but 1 on rank 0"},
        // Another seed: the ranks' shards of the shuffled data would overlap.
        {{"--seed", "4"}, "seed is 4 here but 3 on rank 0"},
        {{"--dataset", smaller}, "training pictures in the dataset is 80 here but 96 on rank 0"},
    };
    for (const Case& c : cases) {
        const QString runs = m_dir.filePath("different");
        // A long timeout: ending quickly must come from the check, not from a collective's wait.
        const QStringList arguments = trainArguments(runs, 16, 2, 120);
        const int port = freePort();
        const std::unique_ptr<QProcess> rank0 = startRank(arguments, 0, 2, port);
        const std::unique_ptr<QProcess> rank1 = startRank(arguments + c.rank1Arguments, 1, 2, port);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(rank0->waitForFinished(120'000) && rank1->waitForFinished(120'000));
        const QString error0 = QString::fromUtf8(rank0->readAllStandardError());
        const QString error1 = QString::fromUtf8(rank1->readAllStandardError());
        qInfo("%s: both ranks ended after %lld ms", qPrintable(c.rank1Says), timer.elapsed());
        QVERIFY(timer.elapsed() < 60'000);
        QVERIFY2(rank1->exitCode() == 2, qPrintable(error1));
        QVERIFY2(error1.contains("rank 1 of 2: " + c.rank1Says), qPrintable(error1));
        QVERIFY2(rank0->exitCode() == 2, qPrintable(error0));
        QVERIFY2(error0.contains("rank 0 of 2: another rank's settings differ"),
                 qPrintable(error0));
        QVERIFY2(QDir(runs).entryList(QDir::Dirs | QDir::NoDotAndDotDot).isEmpty(),
                 "no run directory is written before the ranks agree");
    }
}

void CliDistributedTest::badLaunchVariablesAreUsageErrors()
{
    struct Case {
        QStringList variables;
        QString expected;
    };
    const QList<Case> cases{
        {{"WORLD_SIZE=2", "RANK=2", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=1"}, "RANK='2'"},
        {{"WORLD_SIZE=two", "RANK=0"}, "WORLD_SIZE='two'"},
        {{"WORLD_SIZE=2", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=1"}, "RANK"},
        {{"WORLD_SIZE=2", "RANK=1", "MASTER_ADDR=127.0.0.1"}, "MASTER_PORT"},
        {{"WORLD_SIZE=2", "RANK=1", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=70000"}, "MASTER_PORT"},
        {{"RANK=1"}, "RANK='1'"},
        // SLURM's variables stand in for RANK / WORLD_SIZE when those are absent.
        {{"SLURM_NTASKS=2", "SLURM_PROCID=5", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=1"},
         "SLURM_PROCID='5'"},
    };
    for (const Case& c : cases) {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char* name :
             {"RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT", "SLURM_PROCID", "SLURM_NTASKS"})
            environment.remove(name);
        for (const QString& variable : c.variables)
            environment.insert(variable.section('=', 0, 0), variable.section('=', 1));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(FOVEA_CLI_PATH), trainArguments(m_dir.filePath("bad"), 16));
        QVERIFY(process.waitForFinished(60'000));
        const QString error = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(process.exitCode() == 2, qPrintable(c.variables.join(' ') + ": " + error));
        QVERIFY2(error.contains(c.expected), qPrintable(error));
    }
    QVERIFY(!QDir(m_dir.filePath("bad")).exists());
}

QTEST_GUILESS_MAIN(CliDistributedTest)
#include "CliDistributedTest.moc"
