// fovea-cli as a user meets it: run as a separate process on tiny synthetic data, judged by exit
// code, stdout, stderr and the run directory it leaves behind.
#include "SyntheticIdx.h"

#include "CliRunner.h"
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QObject>

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include <sys/types.h>

namespace {

constexpr int kTimeoutMs = 120'000;

using fovea::testing::CliResult;

/// Lines of `text` that match `pattern`.
QStringList matchingLines(const QString& text, const QString& pattern)
{
    const QRegularExpression expression(pattern);
    QStringList lines;
    for (const QString& line : text.split('\n'))
        if (expression.match(line).hasMatch())
            lines.append(line);
    return lines;
}

QStringList runDirectories(const QString& runsFolder)
{
    return QDir(runsFolder).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
}

/// A CSV file's rows (header included) as cells.
QList<QStringList> readCsv(const QString& path)
{
    QFile file(path);
    QList<QStringList> rows;
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return rows;
    for (const QString& line : QString::fromUtf8(file.readAll()).split('\n'))
        if (!line.isEmpty())
            rows.append(line.split(','));
    return rows;
}

} // namespace

class CliTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void listsModels();
    void trainsAndWritesRunDirectory();
    void skippedValidationsArePrintedAsSuch();
    void commandLineErrors_data();
    void commandLineErrors();
    void configFileWithOverrides_data();
    void configFileWithOverrides();
    void configFileErrors_data();
    void configFileErrors();
    void trainHelp();
    void stopsOnASignal_data();
    void stopsOnASignal();
    void resumeErrors();

private:
    /// Runs fovea-cli with `arguments`; fails the test if it does not finish in time.
    CliResult runCli(const QStringList& arguments);
    /// Replaces {dataset} and {tmp} in each argument.
    QStringList expand(const QStringList& arguments, const QString& tmp) const;
    /// Arguments for a short training run into `runsFolder`.
    QStringList quickTrainArguments(const QString& runsFolder) const;
    /// Writes `json` to a file in `dir` and returns its path.
    static QString writeConfig(const QTemporaryDir& dir, const QByteArray& json);

    QTemporaryDir m_dir;
    QString m_dataset;
};

void CliTest::initTestCase()
{
    QVERIFY2(QFileInfo(FOVEA_CLI_PATH).isExecutable(), FOVEA_CLI_PATH);
    QVERIFY(m_dir.isValid());
    fovea::testing::SyntheticIdxOptions options;
    options.trainCount = 128;
    options.testCount = 32;
    options.size = 12;
    options.classes = 4;
    m_dataset = m_dir.filePath("synthetic");
    fovea::testing::writeSyntheticIdxDataset(m_dataset.toStdString(), options);
}

CliResult CliTest::runCli(const QStringList& arguments)
{
    const CliResult result = fovea::testing::runFoveaCli(arguments, kTimeoutMs);
    if (!result.finished)
        QTest::qFail(qPrintable("fovea-cli did not start or finish: " + arguments.join(' ')),
                     __FILE__, __LINE__);
    return result;
}

QStringList CliTest::expand(const QStringList& arguments, const QString& tmp) const
{
    QStringList expanded;
    for (QString argument : arguments)
        expanded.append(argument.replace("{dataset}", m_dataset).replace("{tmp}", tmp));
    return expanded;
}

QStringList CliTest::quickTrainArguments(const QString& runsFolder) const
{
    return {"train", "--dataset",   m_dataset,  "--arch",    "small-cnn", "--epochs",
            "1",     "--runs",      runsFolder, "--threads", "1",         "--batch-size",
            "32",    "--val-limit", "32"};
}

QString CliTest::writeConfig(const QTemporaryDir& dir, const QByteArray& json)
{
    const QString path = dir.filePath("config.json");
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(json);
    return path;
}

void CliTest::listsModels()
{
    const CliResult result = runCli({"models"});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
    for (const QString& name :
         {QStringLiteral("small-cnn"), QStringLiteral("resnet18"), QStringLiteral("resnet50")}) {
        const QStringList lines = matchingLines(result.out, "^" + name + "\\s");
        QVERIFY2(lines.size() == 1, qPrintable(name + " not listed once in:\n" + result.out));
        // Each entry shows its parameter count.
        QVERIFY2(lines.first().contains(QRegularExpression("\\s\\d{5,}\\s")),
                 qPrintable(lines.first()));
    }
}

void CliTest::trainsAndWritesRunDirectory()
{
    QTemporaryDir runs;
    QVERIFY(runs.isValid());
    const CliResult result = runCli(quickTrainArguments(runs.path()));
    QVERIFY2(result.exitCode == 0, qPrintable(result.err + result.out));

    const QRegularExpressionMatch accuracy =
        QRegularExpression("final validation accuracy: ([0-9.eE+-]+)").match(result.out);
    QVERIFY2(accuracy.hasMatch(), qPrintable(result.out));
    bool ok = false;
    const double value = accuracy.captured(1).toDouble(&ok);
    QVERIFY2(ok && value >= 0.0 && value <= 1.0, qPrintable(accuracy.captured(0)));
    QCOMPARE(matchingLines(result.out, "^epoch \\d+/\\d+:").size(), 1);

    const QStringList created = runDirectories(runs.path());
    QCOMPARE(created.size(), 1);
    const QString runPath = runs.filePath(created.first());
    QVERIFY(created.first().endsWith("-small-cnn"));
    QVERIFY(QFileInfo(runPath + "/config.json").isFile());
    QVERIFY(QFileInfo(runPath + "/metrics.csv").isFile());
    // The printed run directory is the one created.
    QVERIFY2(!matchingLines(result.out, "^run directory: .*" +
                                            QRegularExpression::escape(created.first()) + "$")
                  .isEmpty(),
             qPrintable(result.out));

    // The accuracy printed is the one logged for the (only) epoch.
    const QList<QStringList> rows = readCsv(runPath + "/metrics.csv");
    QVERIFY(!rows.isEmpty());
    const int kind = rows.first().indexOf("kind");
    const int valAccuracy = rows.first().indexOf("val_accuracy");
    QVERIFY(kind >= 0 && valAccuracy >= 0);
    QList<double> logged;
    for (const QStringList& row : rows.mid(1))
        if (row.value(kind) == "epoch")
            logged.append(row.value(valAccuracy).toDouble());
    QCOMPARE(logged.size(), 1);
    QVERIFY2(qAbs(logged.first() - value) < 1e-3,
             qPrintable(QStringLiteral("printed %1, logged %2").arg(value).arg(logged.first())));
}

void CliTest::skippedValidationsArePrintedAsSuch()
{
    QTemporaryDir runs;
    QVERIFY(runs.isValid());
    QStringList arguments = quickTrainArguments(runs.path());
    arguments[arguments.indexOf("--epochs") + 1] = "3";
    arguments << "--validate-every"
              << "2"
              << "--train-limit"
              << "64";
    const CliResult result = runCli(arguments);
    QVERIFY2(result.exitCode == 0, qPrintable(result.err + result.out));
    QCOMPARE(matchingLines(result.out, "^epoch 1/3: train loss .* \\| not validated \\|").size(),
             1);
    for (const QString& epoch : {QStringLiteral("2/3"), QStringLiteral("3/3")})
        QVERIFY2(matchingLines(result.out, "^epoch " + epoch + ": .* validation loss [0-9.]+ acc")
                         .size() == 1,
                 qPrintable(result.out));
}

void CliTest::commandLineErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("stderrMentions");
    const QStringList train{"train",      "--dataset", "{dataset}", "--runs",
                            "{tmp}/runs", "--threads", "1"};
    QTest::newRow("missing dataset folder")
        << QStringList{"train", "--dataset", "{tmp}/no-such-data", "--runs", "{tmp}/runs"} << 1
        << QStringList{"{tmp}/no-such-data"};
    QTest::newRow("dataset folder without images")
        << QStringList{"train", "--dataset", "{tmp}", "--runs", "{tmp}/runs"} << 1
        << QStringList{"{tmp}", "no images", "train-images-idx3-ubyte"};
    QTest::newRow("unknown architecture") << (train + QStringList{"--arch", "lenet-9000"}) << 2
                                          << QStringList{"lenet-9000", "resnet18", "small-cnn"};
    QTest::newRow("--epochs abc") << (train + QStringList{"--epochs", "abc"}) << 2
                                  << QStringList{"--epochs"};
    QTest::newRow("--epochs 0") << (train + QStringList{"--epochs", "0"}) << 2
                                << QStringList{"--epochs"};
    QTest::newRow("--epochs 2.5") << (train + QStringList{"--epochs", "2.5"}) << 2
                                  << QStringList{"--epochs"};
    QTest::newRow("--lr -1") << (train + QStringList{"--lr", "-1"}) << 2 << QStringList{"--lr"};
    QTest::newRow("--lr 0") << (train + QStringList{"--lr", "0"}) << 2 << QStringList{"--lr"};
    QTest::newRow("--batch-size 0")
        << (train + QStringList{"--batch-size", "0"}) << 2 << QStringList{"--batch-size"};
    QTest::newRow("--schedule banana")
        << (train + QStringList{"--schedule", "banana"}) << 2 << QStringList{"--schedule"};
    QTest::newRow("no --dataset") << QStringList{"train", "--runs", "{tmp}/runs"} << 2
                                  << QStringList{"--dataset"};
    QTest::newRow("unknown flag") << (train + QStringList{"--frobnicate"}) << 2
                                  << QStringList{"--frobnicate"};
    QTest::newRow("--config file missing") << (train + QStringList{"--config", "{tmp}/absent.json"})
                                           << 2 << QStringList{"{tmp}/absent.json"};
    QTest::newRow("no subcommand") << QStringList{} << 2 << QStringList{};
    QTest::newRow("unknown command") << QStringList{"trian", "--epochs", "1"} << 2
                                     << QStringList{"unknown command 'trian'", "train, resume"};
    // CLI11's own range check printed 1e-9 as 0.000000, so 1e-300 seemed inside it.
    QTest::newRow("--lr 1e-300") << (train + QStringList{"--lr", "1e-300"}) << 2
                                 << QStringList{"--lr", "range 1e-09 to 100"};
    QTest::newRow("--lr nan") << (train + QStringList{"--lr", "nan"}) << 2 << QStringList{"--lr"};
    QTest::newRow("--lr 1e400") << (train + QStringList{"--lr", "1e400"}) << 2
                                << QStringList{"--lr", "not in range"};
    // CLI11 alone clamped it to 2^64 - 1.
    QTest::newRow("--seed beyond 64 bits")
        << (train + QStringList{"--seed", "99999999999999999999999"}) << 2
        << QStringList{"--seed", "largest allowed"};
}

void CliTest::commandLineErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QStringList, stderrMentions);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const CliResult result = runCli(expand(arguments, tmp.path()));
    QVERIFY2(result.exitCode == exitCode,
             qPrintable(QStringLiteral("exit %1, expected %2; stderr: %3")
                            .arg(result.exitCode)
                            .arg(exitCode)
                            .arg(result.err)));
    QVERIFY2(!result.err.trimmed().isEmpty(), "nothing on stderr");
    for (const QString& part : expand(stderrMentions, tmp.path()))
        QVERIFY2(
            result.err.contains(part),
            qPrintable(QStringLiteral("stderr does not mention \"%1\": %2").arg(part, result.err)));
    QVERIFY(!result.out.contains("final validation accuracy"));
    QVERIFY2(runDirectories(tmp.filePath("runs")).isEmpty(), "a run directory was created");
}

void CliTest::configFileWithOverrides_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<int>("epochs");
    QTest::addColumn<int>("batchSize");
    // The file asks for 3 epochs in batches of 16.
    QTest::newRow("file alone") << QStringList{} << 3 << 16;
    QTest::newRow("--epochs overrides") << QStringList{"--epochs", "1"} << 1 << 16;
    QTest::newRow("--epochs and --batch-size override")
        << QStringList{"--epochs", "1", "--batch-size", "32"} << 1 << 32;
}

void CliTest::configFileWithOverrides()
{
    QFETCH(QStringList, flags);
    QFETCH(int, epochs);
    QFETCH(int, batchSize);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString runs = tmp.filePath("runs");
    const QByteArray json = QStringLiteral(R"({
        "dataset": "%1",
        "architecture": "small-cnn",
        "epochs": 3,
        "batchSize": 16,
        "runsFolder": "%2",
        "threads": 1,
        "trainLimit": 64,
        "validationLimit": 16,
        "seed": 5
    })")
                                .arg(m_dataset, runs)
                                .toUtf8();
    const QString config = writeConfig(tmp, json);
    const CliResult result = runCli(QStringList{"train", "--config", config} + flags);
    QVERIFY2(result.exitCode == 0, qPrintable(result.err + result.out));

    const QStringList epochLines = matchingLines(result.out, "^epoch \\d+/\\d+:");
    QCOMPARE(epochLines.size(), epochs);
    QVERIFY2(epochLines.last().startsWith(QStringLiteral("epoch %1/%1:").arg(epochs)),
             qPrintable(epochLines.last()));

    // The run went where the file said, with the file's values under the flags'.
    const QStringList created = runDirectories(runs);
    QCOMPARE(created.size(), 1);
    QFile written(runs + "/" + created.first() + "/config.json");
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(written.readAll());
    QVERIFY2(text.contains(QRegularExpression(QStringLiteral("\"epochs\":\\s*%1\\b").arg(epochs))),
             qPrintable(text));
    QVERIFY2(
        text.contains(QRegularExpression(QStringLiteral("\"batchSize\":\\s*%1\\b").arg(batchSize))),
        qPrintable(text));
    QVERIFY2(text.contains(QRegularExpression("\"trainLimit\":\\s*64\\b")), qPrintable(text));
    QVERIFY2(text.contains(QRegularExpression("\"seed\":\\s*5\\b")), qPrintable(text));
}

void CliTest::configFileErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("stderrMentions");
    QTest::newRow("unknown key") << QByteArray(R"({"dataset": "{dataset}", "epoch": 2})")
                                 << QStringList{"epoch", "config.json"};
    QTest::newRow("wrong type") << QByteArray(R"({"dataset": "{dataset}", "epochs": "five"})")
                                << QStringList{"epochs", "config.json"};
    QTest::newRow("bad value") << QByteArray(R"({"dataset": "{dataset}", "epochs": 0})")
                               << QStringList{"epochs"};
    QTest::newRow("unknown architecture")
        << QByteArray(R"({"dataset": "{dataset}", "architecture": "vgg99"})")
        << QStringList{"vgg99", "resnet18"};
    QTest::newRow("not JSON") << QByteArray("epochs: 3\n") << QStringList{"config.json"};
}

void CliTest::configFileErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, stderrMentions);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString config =
        writeConfig(tmp, QString::fromUtf8(json).replace("{dataset}", m_dataset).toUtf8());
    const CliResult result =
        runCli({"train", "--config", config, "--runs", tmp.filePath("runs"), "--threads", "1"});
    QVERIFY2(
        result.exitCode == 2,
        qPrintable(QStringLiteral("exit %1; stderr: %2").arg(result.exitCode).arg(result.err)));
    for (const QString& part : stderrMentions)
        QVERIFY2(
            result.err.contains(part),
            qPrintable(QStringLiteral("stderr does not mention \"%1\": %2").arg(part, result.err)));
    QVERIFY2(runDirectories(tmp.filePath("runs")).isEmpty(), "a run directory was created");
}

void CliTest::trainHelp()
{
    const CliResult result = runCli({"train", "--help"});
    QCOMPARE(result.exitCode, 0);
    for (const char* option : {"--dataset", "--arch", "--epochs", "--config", "--runs"})
        QVERIFY2(result.out.contains(QLatin1String(option)),
                 qPrintable(QStringLiteral("help does not mention %1:\n%2")
                                .arg(QLatin1String(option), result.out)));
}

void CliTest::stopsOnASignal_data()
{
    QTest::addColumn<int>("signal");
    QTest::addColumn<int>("times");
    QTest::newRow("SIGTERM") << int(SIGTERM) << 1;
    QTest::newRow("SIGHUP (the terminal closed)") << int(SIGHUP) << 1;
    // A terminal's Ctrl-C and torchrun passing it on: one request, still a saved stop.
    QTest::newRow("SIGINT twice at once") << int(SIGINT) << 2;
}

void CliTest::stopsOnASignal()
{
    QFETCH(int, signal);
    QFETCH(int, times);
    QTemporaryDir runs;
    QVERIFY(runs.isValid());
    QStringList arguments = quickTrainArguments(runs.path());
    arguments[arguments.indexOf("--epochs") + 1] = "100000"; // far longer than the test waits
    QProcess process;
    process.start(QStringLiteral(FOVEA_CLI_PATH), arguments);
    QVERIFY(process.waitForStarted(kTimeoutMs));
    // Wait until training is under way (a batch line on stdout), then ask it to stop.
    QByteArray out;
    const QRegularExpression batchLine("^epoch \\d+/\\d+ batch ",
                                       QRegularExpression::MultilineOption);
    while (!batchLine.match(QString::fromUtf8(out)).hasMatch()) {
        QVERIFY2(process.state() == QProcess::Running && process.waitForReadyRead(kTimeoutMs),
                 out.constData());
        out += process.readAllStandardOutput();
    }
    for (int i = 0; i < times; ++i)
        ::kill(pid_t(process.processId()), signal);
    QVERIFY(process.waitForFinished(kTimeoutMs));
    out += process.readAllStandardOutput();
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains("stopping after the current batch"), qPrintable(err));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 3);
    QVERIFY2(QString::fromUtf8(out).contains("stopped after"), out.constData());
    QVERIFY(!QString::fromUtf8(out).contains("final validation accuracy"));
    // What was written before the stop is still there.
    const QStringList created = runDirectories(runs.path());
    QCOMPARE(created.size(), 1);
    QVERIFY(QFileInfo(runs.filePath(created.first()) + "/metrics.csv").isFile());
    // The state at the stop was saved for `fovea-cli resume`, which the message names.
    QVERIFY(QFileInfo(runs.filePath(created.first()) + "/checkpoints/last.ckpt").isFile());
    QVERIFY2(QString::fromUtf8(out).contains("fovea-cli resume " + runs.filePath(created.first())),
             out.constData());
}

void CliTest::resumeErrors()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const auto missing = fovea::testing::runFoveaCli({"resume", tmp.filePath("no-such-run")});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains("no-such-run"), qPrintable(missing.err));
    const auto empty = fovea::testing::runFoveaCli({"resume", tmp.path()});
    QCOMPARE(empty.exitCode, 1);
    QVERIFY2(empty.err.contains("no readable checkpoint"), qPrintable(empty.err));
    // A file, a runs folder, a run that never got to a checkpoint: each named for what it is.
    QFile file(tmp.filePath("notes.txt"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const auto aFile = fovea::testing::runFoveaCli({"resume", tmp.filePath("notes.txt")});
    QCOMPARE(aFile.exitCode, 1);
    QVERIFY2(aFile.err.contains("is a file, not a run directory"), qPrintable(aFile.err));
    QVERIFY(QDir(tmp.path()).mkpath("runs/20260101-101010-small-cnn/checkpoints"));
    const auto runsFolder = fovea::testing::runFoveaCli({"resume", tmp.filePath("runs")});
    QVERIFY2(runsFolder.err.contains("It holds runs: name one, such as") &&
                 runsFolder.err.contains("20260101-101010-small-cnn"),
             qPrintable(runsFolder.err));
    QVERIFY(QDir(tmp.path()).mkpath("early"));
    QFile config(tmp.filePath("early/config.json"));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.close();
    const auto early = fovea::testing::runFoveaCli({"resume", tmp.filePath("early")});
    QVERIFY2(early.err.contains("start it again with train --config"), qPrintable(early.err));
    const auto noArgument = fovea::testing::runFoveaCli({"resume"});
    QCOMPARE(noArgument.exitCode, 2);
}

QTEST_GUILESS_MAIN(CliTest)
#include "CliTest.moc"
