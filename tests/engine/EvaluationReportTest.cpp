// writeEvaluationReport / readEvaluationReport: the three files, read back by Python's csv
// module (what pandas' parser follows) and by our own JSON reader, and errors that name the key.
#include "EngineTestHelpers.h"

#include "fovea/EvaluationReport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using fovea::EvaluationReport;
using fovea::testing::captureError;

namespace {

// Names a careless CSV writer would break: a comma, quotes, an edge space, non-ASCII text.
EvaluationReport sampleReport()
{
    EvaluationReport report;
    report.samples = 10;
    report.skipped = 1;
    report.loss = 0.6931471805599453;
    report.top1 = 0.6;
    report.top5 = 1.0;
    report.topK = 3;
    report.confusion = {{3, 1, 0}, {1, 2, 0}, {0, 2, 1}};
    const char* names[] = {"cat, domestic", "say \"cheese\"", " café "};
    const double precision[] = {0.75, 0.4, 1.0};
    const double recall[] = {0.75, 2.0 / 3.0, 1.0 / 3.0};
    for (int c = 0; c < 3; ++c) {
        fovea::ClassMetrics metrics;
        metrics.name = names[c];
        metrics.support = c == 0 ? 4 : 3;
        metrics.precision = precision[c];
        metrics.recall = recall[c];
        metrics.accuracy = recall[c];
        metrics.f1 = 2 * precision[c] * recall[c] / (precision[c] + recall[c]);
        report.classes.push_back(metrics);
    }
    report.macroPrecision = (0.75 + 0.4 + 1.0) / 3.0;
    report.macroRecall = (0.75 + 2.0 / 3.0 + 1.0 / 3.0) / 3.0;
    report.macroF1 = 0.55;
    report.weightedF1 = 0.58;
    return report;
}

// The rows of a CSV file as Python's csv module reads them, or an empty list with `error` set.
QJsonArray pythonCsvRows(const QString& path, QString& error)
{
    const QString python = QStringLiteral("/usr/bin/python3");
    if (!QFile::exists(python)) {
        error = "/usr/bin/python3 is not installed";
        return {};
    }
    QProcess process;
    process.start(python, {"-c",
                           "import csv, json, sys\n"
                           "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
                           "    json.dump(list(csv.reader(f, strict=True)), sys.stdout)\n",
                           path});
    if (!process.waitForFinished(60'000) || process.exitCode() != 0) {
        error = "python's csv module failed: " + QString::fromUtf8(process.readAllStandardError());
        return {};
    }
    return QJsonDocument::fromJson(process.readAllStandardOutput()).array();
}

QStringList strings(const QJsonValue& row)
{
    QStringList list;
    for (const QJsonValue& value : row.toArray())
        list << value.toString();
    return list;
}

void writeText(const QString& path, const QByteArray& text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
}

} // namespace

class EvaluationReportTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writesThreeFilesAtomically();
    void classesCsvParses();
    void confusionCsvParses();
    void jsonRoundTrip();
    void emptyReportRoundTrip();
    void malformedJsonNamesTheKey_data();
    void malformedJsonNamesTheKey();
    void missingFile();
    void rejectsInconsistentReports();
};

void EvaluationReportTest::writesThreeFilesAtomically()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath("reports/nested");
    fovea::writeEvaluationReport(sampleReport(), folder.toStdString(), "epoch-3");
    QStringList files = QDir(folder).entryList(QDir::Files, QDir::Name);
    // Nothing else: no temporary file is left behind.
    QCOMPARE(files, QStringList({"epoch-3-classes.csv", "epoch-3-confusion.csv", "epoch-3.json"}));
    // Written again over the old files: replaced, not appended to.
    fovea::writeEvaluationReport(sampleReport(), folder.toStdString(), "epoch-3");
    QCOMPARE(QDir(folder).entryList(QDir::Files, QDir::Name), files);
    QFile classes(folder + "/epoch-3-classes.csv");
    QVERIFY(classes.open(QIODevice::ReadOnly));
    QCOMPARE(classes.readAll().count('\n'), 4);
}

void EvaluationReportTest::classesCsvParses()
{
    QTemporaryDir dir;
    fovea::writeEvaluationReport(sampleReport(), dir.path().toStdString());
    const QString path = dir.filePath("evaluation-classes.csv");
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readLine(), QByteArray("class,support,precision,recall,f1,accuracy\n"));

    QString error;
    const QJsonArray rows = pythonCsvRows(path, error);
    if (!error.isEmpty())
        QSKIP(qPrintable(error));
    QCOMPARE(rows.size(), 4);
    const EvaluationReport report = sampleReport();
    for (int c = 0; c < 3; ++c) {
        const QStringList row = strings(rows[c + 1]);
        const fovea::ClassMetrics& expected = report.classes[std::size_t(c)];
        QCOMPARE(row.size(), 6);
        QCOMPARE(row[0], QString::fromStdString(expected.name));
        QCOMPARE(row[1].toLongLong(), expected.support);
        // Full precision: the text reads back to the very same double.
        QCOMPARE(row[2].toDouble(), expected.precision);
        QCOMPARE(row[3].toDouble(), expected.recall);
        QCOMPARE(row[4].toDouble(), expected.f1);
        QCOMPARE(row[5].toDouble(), expected.accuracy);
    }
}

void EvaluationReportTest::confusionCsvParses()
{
    QTemporaryDir dir;
    fovea::writeEvaluationReport(sampleReport(), dir.path().toStdString(), "eval");
    QString error;
    const QJsonArray rows = pythonCsvRows(dir.filePath("eval-confusion.csv"), error);
    if (!error.isEmpty())
        QSKIP(qPrintable(error));
    const EvaluationReport report = sampleReport();
    QCOMPARE(rows.size(), 4);
    QStringList header{"true/predicted"};
    for (const fovea::ClassMetrics& metrics : report.classes)
        header << QString::fromStdString(metrics.name);
    QCOMPARE(strings(rows[0]), header);
    for (int t = 0; t < 3; ++t) {
        const QStringList row = strings(rows[t + 1]);
        QCOMPARE(row.size(), 4);
        QCOMPARE(row[0], QString::fromStdString(report.classes[std::size_t(t)].name));
        for (int p = 0; p < 3; ++p)
            QCOMPARE(row[p + 1].toLongLong(), report.confusion[std::size_t(t)][std::size_t(p)]);
    }
}

void EvaluationReportTest::jsonRoundTrip()
{
    QTemporaryDir dir;
    const EvaluationReport written = sampleReport();
    fovea::writeEvaluationReport(written, dir.path().toStdString());
    const EvaluationReport read =
        fovea::readEvaluationReport(dir.filePath("evaluation.json").toStdString());
    QCOMPARE(read.samples, written.samples);
    QCOMPARE(read.skipped, written.skipped);
    QCOMPARE(read.loss, written.loss);
    QCOMPARE(read.top1, written.top1);
    QCOMPARE(read.top5, written.top5);
    QCOMPARE(read.topK, written.topK);
    QCOMPARE(read.macroPrecision, written.macroPrecision);
    QCOMPARE(read.macroRecall, written.macroRecall);
    QCOMPARE(read.macroF1, written.macroF1);
    QCOMPARE(read.weightedF1, written.weightedF1);
    QCOMPARE(read.confusion, written.confusion);
    QCOMPARE(read.classes.size(), written.classes.size());
    for (std::size_t c = 0; c < written.classes.size(); ++c) {
        QCOMPARE(read.classes[c].name, written.classes[c].name);
        QCOMPARE(read.classes[c].support, written.classes[c].support);
        QCOMPARE(read.classes[c].precision, written.classes[c].precision);
        QCOMPARE(read.classes[c].recall, written.classes[c].recall);
        QCOMPARE(read.classes[c].f1, written.classes[c].f1);
        QCOMPARE(read.classes[c].accuracy, written.classes[c].accuracy);
    }
}

void EvaluationReportTest::emptyReportRoundTrip()
{
    // No samples: the loss is NaN, which JSON cannot hold; it comes back as NaN.
    EvaluationReport empty;
    empty.loss = std::nan("");
    empty.topK = 1;
    empty.classes.resize(1);
    empty.classes[0].name = "only";
    empty.confusion = {{0}};
    QTemporaryDir dir;
    fovea::writeEvaluationReport(empty, dir.path().toStdString());
    const EvaluationReport read =
        fovea::readEvaluationReport(dir.filePath("evaluation.json").toStdString());
    QVERIFY(std::isnan(read.loss));
    QCOMPARE(read.samples, std::int64_t(0));
    QCOMPARE(read.classes.at(0).name, std::string("only"));
}

void EvaluationReportTest::malformedJsonNamesTheKey_data()
{
    QTest::addColumn<QString>("replace");
    QTest::addColumn<QString>("with");
    QTest::addColumn<QString>("key");
    // Each row edits the JSON text written for sampleReport().
    QTest::newRow("missing top1") << "\"top1\":"
                                  << "\"top_one\":"
                                  << "'top1'";
    QTest::newRow("samples not a number") << "\"samples\": 10"
                                          << "\"samples\": \"ten\""
                                          << "'samples'";
    QTest::newRow("negative support") << "\"support\":4"
                                      << "\"support\":-4"
                                      << "'classes[0].support'";
    QTest::newRow("name not a string") << "\"name\":\"cat, domestic\""
                                       << "\"name\":7"
                                       << "'classes[0].name'";
    QTest::newRow("short confusion row") << "[3,1,0]"
                                         << "[3, 1]"
                                         << "'confusion[0]'";
    QTest::newRow("confusion cell") << "[3,1,0]"
                                    << "[3, 1.5, 0]"
                                    << "'confusion[0][1]'";
    QTest::newRow("row sum off") << "[3,1,0]"
                                 << "[3, 1, 1]"
                                 << "'confusion[0]'";
    QTest::newRow("wrong format") << "fovea-evaluation"
                                  << "something-else"
                                  << "'format'";
    QTest::newRow("future version") << "\"version\": 1"
                                    << "\"version\": 2"
                                    << "'version'";
    QTest::newRow("not JSON") << "{"
                              << ""
                              << "not valid JSON";
}

void EvaluationReportTest::malformedJsonNamesTheKey()
{
    QFETCH(QString, replace);
    QFETCH(QString, with);
    QFETCH(QString, key);
    QTemporaryDir dir;
    fovea::writeEvaluationReport(sampleReport(), dir.path().toStdString());
    const QString path = dir.filePath("evaluation.json");
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QString text = QString::fromUtf8(file.readAll());
    file.close();
    QVERIFY2(text.contains(replace), qPrintable("the fixture lacks " + replace));
    text.replace(text.indexOf(replace), replace.size(), with);
    writeText(path, text.toUtf8());

    const auto error = captureError([&] { fovea::readEvaluationReport(path.toStdString()); });
    FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::CorruptFile);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, path);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, key);
}

void EvaluationReportTest::missingFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("absent.json");
    const auto error = captureError([&] { fovea::readEvaluationReport(path.toStdString()); });
    FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::NotFound);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, path);
}

void EvaluationReportTest::rejectsInconsistentReports()
{
    QTemporaryDir dir;
    EvaluationReport report = sampleReport();
    report.confusion.pop_back();
    auto error =
        captureError([&] { fovea::writeEvaluationReport(report, dir.path().toStdString()); });
    FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
    report = sampleReport();
    report.classes[1].support = 4;
    error = captureError([&] { fovea::writeEvaluationReport(report, dir.path().toStdString()); });
    FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("support"));
    error = captureError(
        [&] { fovea::writeEvaluationReport(sampleReport(), dir.path().toStdString(), "a/b"); });
    FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
    // Nothing was written by the failed calls.
    QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
}

QTEST_GUILESS_MAIN(EvaluationReportTest)
#include "EvaluationReportTest.moc"
