// fovea-cli lr-find, run as a separate process: the curve file, the printed suggestion, and the
// exit codes for a bad command line and a missing dataset.
#include "CliRunner.h"
#include "SyntheticIdx.h"

#include <QDir>
#include <QFile>
#include <QObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using fovea::testing::runFoveaCli;

class CliLrFindTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void writesTheCurveAndPrintsTheSuggestion();
    void badSteps_data();
    void badSteps();
    void noDatasetFlagIsAUsageError();
    void missingDatasetFails();

private:
    QStringList common() const;

    QTemporaryDir m_dir;
    QString m_dataset;
};

void CliLrFindTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    fovea::testing::SyntheticIdxOptions options;
    options.trainCount = 128;
    options.testCount = 32;
    options.size = 12;
    options.classes = 4;
    m_dataset = m_dir.filePath("synthetic");
    fovea::testing::writeSyntheticIdxDataset(m_dataset.toStdString(), options);
}

QStringList CliLrFindTest::common() const
{
    return {
        "lr-find",          "--arch", "small-cnn", "--batch-size",        "32", "--threads", "1",
        "--loader-workers", "1",      "--runs",    m_dir.filePath("runs")};
}

void CliLrFindTest::writesTheCurveAndPrintsTheSuggestion()
{
    const QString csv = m_dir.filePath("curve.csv");
    const auto run =
        runFoveaCli(common() + QStringList{"--dataset", m_dataset, "--start-lr", "1e-4", "--end-lr",
                                           "0.5", "--steps", "12", "--out", csv, "--plot"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));

    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
    QVERIFY(lines.size() >= 2);
    QCOMPARE(lines.front(), QStringLiteral("lr,loss,raw_loss"));
    const bool diverged = run.out.contains("diverged");
    if (!diverged)
        QCOMPARE(lines.size(), 1 + 12);
    QVERIFY(lines.size() <= 1 + 12);
    double previousLr = 0.0;
    for (int i = 1; i < lines.size(); ++i) {
        const QStringList fields = lines[i].split(',');
        QCOMPARE(fields.size(), 3);
        bool ok[3] = {false, false, false};
        const double lr = fields[0].toDouble(&ok[0]);
        const double loss = fields[1].toDouble(&ok[1]);
        const double raw = fields[2].toDouble(&ok[2]);
        QVERIFY2(ok[0] && ok[1] && ok[2], qPrintable(lines[i]));
        QVERIFY(lr > previousLr);
        QVERIFY(loss > 0.0 && raw > 0.0);
        previousLr = lr;
    }
    QVERIFY(std::abs(lines[1].split(',')[0].toDouble() / 1e-4 - 1.0) < 1e-12);
    if (!diverged)
        QVERIFY(std::abs(previousLr / 0.5 - 1.0) < 1e-12);

    const QRegularExpression suggested(QStringLiteral("suggested learning rate: (\\S+)"));
    const QRegularExpressionMatch match = suggested.match(run.out);
    QVERIFY2(match.hasMatch(), qPrintable(run.out));
    bool ok = false;
    const double suggestion = match.captured(1).toDouble(&ok);
    QVERIFY2(ok, qPrintable(match.captured(1)));
    // Printed to 3 significant figures.
    QVERIFY(suggestion >= 1e-4 * 0.999 && suggestion <= 0.5 * 1.001);
    QVERIFY2(run.out.contains("minimum loss at learning rate: "), qPrintable(run.out));
    QVERIFY(!QDir(m_dir.filePath("runs")).exists()); // no run directory
}

void CliLrFindTest::badSteps_data()
{
    QTest::addColumn<QString>("steps");
    QTest::newRow("one") << "1";
    QTest::newRow("zero") << "0";
    QTest::newRow("negative") << "-5";
    QTest::newRow("not a number") << "many";
}

void CliLrFindTest::badSteps()
{
    QFETCH(QString, steps);
    const QString csv = m_dir.filePath("bad-steps.csv");
    const auto run =
        runFoveaCli(common() + QStringList{"--dataset", m_dataset, "--steps", steps, "-o", csv});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--steps"), qPrintable(run.err));
    QVERIFY(!QFile::exists(csv));
}

void CliLrFindTest::noDatasetFlagIsAUsageError()
{
    const auto run = runFoveaCli(common());
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--dataset"), qPrintable(run.err));

    // An end rate below the start is the engine's check, named, and a usage error too.
    const auto backwards = runFoveaCli(
        common() + QStringList{"--dataset", m_dataset, "--start-lr", "1", "--end-lr", "0.1"});
    QCOMPARE(backwards.exitCode, 2);
    QVERIFY2(backwards.err.contains("endLr"), qPrintable(backwards.err));
}

void CliLrFindTest::missingDatasetFails()
{
    const QString csv = m_dir.filePath("missing.csv");
    const QString absent = m_dir.filePath("no-such-dataset");
    const auto run =
        runFoveaCli(common() + QStringList{"--dataset", absent, "--steps", "5", "-o", csv});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("no-such-dataset"), qPrintable(run.err));
    QVERIFY(!QFile::exists(csv));
}

QTEST_GUILESS_MAIN(CliLrFindTest)
#include "CliLrFindTest.moc"
