// MetricsAccumulator against hand-computed fixtures and against scikit-learn's definitions as
// written with numpy, one sample at a time, by engine/metrics_reference.py (/usr/bin/python3).
#include "MetricsAccumulator.h"
#include "EngineTestHelpers.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QTest>

#include <torch/types.h>
#include <torch/utils.h>

#include <cmath>

using fovea::ClassMetrics;
using fovea::EvaluationReport;
using fovea::MetricsAccumulator;

namespace {

std::vector<std::string> names(std::int64_t count)
{
    std::vector<std::string> result;
    for (std::int64_t c = 0; c < count; ++c)
        result.push_back("class " + std::to_string(c));
    return result;
}

// Logits whose argmax is `predicted[i]` for row i and whose other entries rank by class index.
torch::Tensor logitsPredicting(const std::vector<std::int64_t>& predicted, std::int64_t classes)
{
    torch::Tensor logits = torch::arange(classes, torch::kFloat)
                               .mul(-0.01)
                               .repeat({std::int64_t(predicted.size()), 1});
    for (std::size_t i = 0; i < predicted.size(); ++i)
        logits[std::int64_t(i)][predicted[i]] = 10.0;
    return logits;
}

torch::Tensor labelTensor(const std::vector<std::int64_t>& labels)
{
    return torch::tensor(labels, torch::kLong);
}

bool near(double a, double b)
{
    return std::abs(a - b) <= 1e-12;
}

// The figures the reference script computes for these logits and labels.
QJsonObject askReference(const torch::Tensor& logits, const torch::Tensor& labels, QString& error)
{
    const QString python = QStringLiteral("/usr/bin/python3");
    if (!QFile::exists(python)) {
        error = "/usr/bin/python3 is not installed";
        return {};
    }
    QJsonArray logitRows;
    const torch::Tensor values = logits.to(torch::kDouble).contiguous();
    for (std::int64_t i = 0; i < values.size(0); ++i) {
        QJsonArray row;
        for (std::int64_t c = 0; c < values.size(1); ++c)
            row.append(values[i][c].item<double>());
        logitRows.append(row);
    }
    QJsonArray labelArray;
    for (std::int64_t i = 0; i < labels.size(0); ++i)
        labelArray.append(qint64(labels[i].item<std::int64_t>()));
    const QJsonObject request{
        {"classes", qint64(logits.size(1))}, {"logits", logitRows}, {"labels", labelArray}};

    QProcess process;
    process.start(python, {QStringLiteral(FOVEA_SOURCE_DIR "/tests/engine/metrics_reference.py")});
    process.write(QJsonDocument(request).toJson(QJsonDocument::Compact));
    process.closeWriteChannel();
    if (!process.waitForFinished(120'000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        error = "metrics_reference.py failed: " + QString::fromUtf8(process.readAllStandardError());
        return {};
    }
    return QJsonDocument::fromJson(process.readAllStandardOutput()).object();
}

void compareReports(const EvaluationReport& a, const EvaluationReport& b)
{
    QCOMPARE(a.samples, b.samples);
    QCOMPARE(a.topK, b.topK);
    QCOMPARE(a.confusion, b.confusion);
    QVERIFY(near(a.loss, b.loss));
    QVERIFY(near(a.top1, b.top1));
    QVERIFY(near(a.top5, b.top5));
    QVERIFY(near(a.macroF1, b.macroF1));
    QVERIFY(near(a.weightedF1, b.weightedF1));
    QCOMPARE(a.classes.size(), b.classes.size());
    for (std::size_t c = 0; c < a.classes.size(); ++c) {
        QCOMPARE(a.classes[c].support, b.classes[c].support);
        QVERIFY(near(a.classes[c].precision, b.classes[c].precision));
        QVERIFY(near(a.classes[c].recall, b.classes[c].recall));
        QVERIFY(near(a.classes[c].f1, b.classes[c].f1));
    }
}

} // namespace

class MetricsAccumulatorTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void handComputedFixture();
    void neverPredictedClassHasPrecisionZero();
    void matchesNumpyReference_data();
    void matchesNumpyReference();
    void batchesAddUpToOneBatch();
    void topKWithFewerThanFiveClasses_data();
    void topKWithFewerThanFiveClasses();
    void emptyBatchesAndNoSamples();
    void rejectsBadInput();
};

void MetricsAccumulatorTest::handComputedFixture()
{
    // True 0 0 1 1 2 2, predicted 0 1 1 1 0 2:
    //   confusion [[1,1,0],[0,2,0],[1,0,1]]
    //   precision 1/2, 2/3, 1; recall 1/2, 1, 1/2; F1 1/2, 4/5, 2/3.
    MetricsAccumulator metrics(3);
    metrics.add(logitsPredicting({0, 1, 1, 1, 0, 2}, 3), labelTensor({0, 0, 1, 1, 2, 2}), 3.0);
    const EvaluationReport report = metrics.report({"cat", "dog", "bird"});

    QCOMPARE(report.samples, std::int64_t(6));
    const std::vector<std::vector<std::int64_t>> confusion{{1, 1, 0}, {0, 2, 0}, {1, 0, 1}};
    QCOMPARE(report.confusion, confusion);
    QCOMPARE(report.classes.at(1).name, std::string("dog"));
    const double precision[] = {0.5, 2.0 / 3.0, 1.0};
    const double recall[] = {0.5, 1.0, 0.5};
    const double f1[] = {0.5, 0.8, 2.0 / 3.0};
    for (std::size_t c = 0; c < 3; ++c) {
        QCOMPARE(report.classes[c].support, std::int64_t(2));
        QVERIFY(near(report.classes[c].precision, precision[c]));
        QVERIFY(near(report.classes[c].recall, recall[c]));
        QVERIFY(near(report.classes[c].accuracy, recall[c]));
        QVERIFY(near(report.classes[c].f1, f1[c]));
    }
    QVERIFY(near(report.top1, 4.0 / 6.0));
    QCOMPARE(report.topK, 3);
    QVERIFY(near(report.top5, 1.0)); // k = 3 of 3 classes: always a hit
    QVERIFY(near(report.loss, 0.5));
    QVERIFY(near(report.macroPrecision, (0.5 + 2.0 / 3.0 + 1.0) / 3.0));
    QVERIFY(near(report.macroRecall, 2.0 / 3.0));
    QVERIFY(near(report.macroF1, (0.5 + 0.8 + 2.0 / 3.0) / 3.0));
    QVERIFY(near(report.weightedF1, (0.5 + 0.8 + 2.0 / 3.0) / 3.0)); // equal supports
}

void MetricsAccumulatorTest::neverPredictedClassHasPrecisionZero()
{
    // Four classes: class 3 has samples but is never predicted; class 2 neither occurs nor is
    // predicted, so it stays out of the macro averages (sklearn's default label set).
    MetricsAccumulator metrics(4);
    metrics.add(logitsPredicting({0, 0, 1, 1, 0}, 4), labelTensor({0, 1, 1, 3, 3}), 0.0);
    const EvaluationReport report = metrics.report(names(4));

    QCOMPARE(report.classes[3].support, std::int64_t(2));
    QCOMPARE(report.classes[3].precision, 0.0);
    QCOMPARE(report.classes[3].recall, 0.0);
    QCOMPARE(report.classes[3].f1, 0.0);
    QCOMPARE(report.classes[2].support, std::int64_t(0));
    QCOMPARE(report.classes[2].precision, 0.0);
    QCOMPARE(report.classes[2].recall, 0.0);
    QVERIFY(!std::isnan(report.classes[2].f1));
    // Class 0: predicted 3 times, right once; class 1: predicted twice, right once.
    QVERIFY(near(report.classes[0].precision, 1.0 / 3.0));
    QVERIFY(near(report.classes[1].precision, 0.5));
    QVERIFY(near(report.classes[1].recall, 0.5));
    QVERIFY(near(report.macroPrecision, (1.0 / 3.0 + 0.5 + 0.0) / 3.0));
    QVERIFY(near(report.macroRecall, (1.0 + 0.5 + 0.0) / 3.0));
}

void MetricsAccumulatorTest::matchesNumpyReference_data()
{
    QTest::addColumn<int>("classes");
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("batchSize");
    QTest::addColumn<int>("absent"); // last classes neither true nor predicted
    QTest::newRow("2 classes") << 2 << 40 << 16 << 0;
    QTest::newRow("3 classes") << 3 << 57 << 10 << 0;
    QTest::newRow("7 classes") << 7 << 200 << 64 << 0;
    QTest::newRow("12 classes, 2 absent") << 12 << 30 << 7 << 2;
}

void MetricsAccumulatorTest::matchesNumpyReference()
{
    QFETCH(int, classes);
    QFETCH(int, samples);
    QFETCH(int, batchSize);
    QFETCH(int, absent);
    torch::manual_seed(std::uint64_t(classes) * 1000 + std::uint64_t(samples));
    const torch::Tensor labels = torch::randint(classes - absent, {samples}, torch::kLong);
    // Logits that lean towards the true class, so every figure is away from 0 and 1.
    torch::Tensor logits = torch::randn({samples, classes});
    logits += torch::one_hot(labels, classes).to(torch::kFloat) * 1.0;
    logits.slice(1, classes - absent) -= 100.0;

    QString error;
    const QJsonObject expected = askReference(logits, labels, error);
    if (!error.isEmpty())
        QSKIP(qPrintable(error));

    MetricsAccumulator metrics(classes);
    for (std::int64_t start = 0; start < samples; start += batchSize) {
        const std::int64_t end = std::min<std::int64_t>(samples, start + batchSize);
        metrics.add(logits.slice(0, start, end), labels.slice(0, start, end), 0.0);
    }
    const EvaluationReport report = metrics.report(names(classes));

    QCOMPARE(report.samples, std::int64_t(expected["samples"].toInteger()));
    QCOMPARE(report.topK, expected["topK"].toInt());
    const QJsonArray confusion = expected["confusion"].toArray();
    for (int t = 0; t < classes; ++t)
        for (int p = 0; p < classes; ++p)
            QCOMPARE(report.confusion[t][p], confusion[t].toArray()[p].toInteger());
    for (int c = 0; c < classes; ++c) {
        const ClassMetrics& got = report.classes[std::size_t(c)];
        QCOMPARE(got.support, expected["support"].toArray()[c].toInteger());
        QVERIFY2(near(got.precision, expected["precision"].toArray()[c].toDouble()),
                 qPrintable(QString("precision of class %1").arg(c)));
        QVERIFY2(near(got.recall, expected["recall"].toArray()[c].toDouble()),
                 qPrintable(QString("recall of class %1").arg(c)));
        QVERIFY2(near(got.f1, expected["f1"].toArray()[c].toDouble()),
                 qPrintable(QString("F1 of class %1").arg(c)));
    }
    QVERIFY(near(report.top1, expected["top1"].toDouble()));
    QVERIFY(near(report.top5, expected["topKAccuracy"].toDouble()));
    QVERIFY(near(report.macroPrecision, expected["macroPrecision"].toDouble()));
    QVERIFY(near(report.macroRecall, expected["macroRecall"].toDouble()));
    QVERIFY(near(report.macroF1, expected["macroF1"].toDouble()));
    QVERIFY(near(report.weightedF1, expected["weightedF1"].toDouble()));
    // The fixture is meant to exercise imperfect predictions.
    QVERIFY(report.top1 > 0.0 && report.top1 < 1.0);
    for (int c = classes - absent; c < classes; ++c) {
        QCOMPARE(report.classes[std::size_t(c)].support, std::int64_t(0));
        for (const std::vector<std::int64_t>& row : report.confusion)
            QCOMPARE(row[std::size_t(c)], std::int64_t(0)); // never predicted either
    }
}

void MetricsAccumulatorTest::batchesAddUpToOneBatch()
{
    torch::manual_seed(11);
    const std::int64_t classes = 9;
    const torch::Tensor logits = torch::randn({101, classes});
    const torch::Tensor labels = torch::randint(classes, {101}, torch::kLong);
    const torch::Tensor losses = torch::rand({101}, torch::kDouble);

    MetricsAccumulator whole(classes);
    whole.add(logits, labels, losses.sum().item<double>());
    MetricsAccumulator pieces(classes);
    // Uneven pieces, one of them empty.
    const std::int64_t cuts[] = {0, 1, 33, 33, 80, 101};
    for (std::size_t i = 0; i + 1 < std::size(cuts); ++i)
        pieces.add(logits.slice(0, cuts[i], cuts[i + 1]), labels.slice(0, cuts[i], cuts[i + 1]),
                   losses.slice(0, cuts[i], cuts[i + 1]).sum().item<double>());
    compareReports(whole.report(names(classes)), pieces.report(names(classes)));
    QCOMPARE(pieces.samples(), std::int64_t(101));
}

void MetricsAccumulatorTest::topKWithFewerThanFiveClasses_data()
{
    QTest::addColumn<int>("classes");
    QTest::addColumn<int>("expectedK");
    QTest::newRow("1 class") << 1 << 1;
    QTest::newRow("2 classes") << 2 << 2;
    QTest::newRow("4 classes") << 4 << 4;
    QTest::newRow("5 classes") << 5 << 5;
    QTest::newRow("8 classes") << 8 << 5;
}

void MetricsAccumulatorTest::topKWithFewerThanFiveClasses()
{
    QFETCH(int, classes);
    QFETCH(int, expectedK);
    MetricsAccumulator metrics(classes);
    QCOMPARE(metrics.topK(), expectedK);
    // Every sample's true class ranks last: top-1 misses whenever there is a choice, top-k hits
    // only when k covers all classes.
    std::vector<std::int64_t> labels(10, classes - 1);
    metrics.add(logitsPredicting(std::vector<std::int64_t>(10, 0), classes), labelTensor(labels),
                0.0);
    const EvaluationReport report = metrics.report(names(classes));
    QCOMPARE(report.topK, expectedK);
    QCOMPARE(report.top1, classes == 1 ? 1.0 : 0.0);
    QCOMPARE(report.top5, expectedK == classes ? 1.0 : 0.0);
}

void MetricsAccumulatorTest::emptyBatchesAndNoSamples()
{
    MetricsAccumulator metrics(3);
    metrics.add(torch::zeros({0, 3}), torch::zeros({0}, torch::kLong), 0.0);
    const EvaluationReport report = metrics.report(names(3));
    QCOMPARE(report.samples, std::int64_t(0));
    QVERIFY(std::isnan(report.loss));
    QCOMPARE(report.top1, 0.0);
    QCOMPARE(report.top5, 0.0);
    QCOMPARE(report.macroF1, 0.0);
    QCOMPARE(report.confusion.size(), std::size_t(3));
    QCOMPARE(report.confusion[2], std::vector<std::int64_t>(3, 0));
}

void MetricsAccumulatorTest::rejectsBadInput()
{
    using fovea::testing::captureError;
    MetricsAccumulator metrics(3);
    auto error = captureError([&] { metrics.add(torch::zeros({2, 3}), labelTensor({0, 3}), 0.0); });
    FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("label 3"));
    error = captureError([&] { metrics.add(torch::zeros({2, 3}), labelTensor({-1, 0}), 0.0); });
    FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
    error = captureError([&] { metrics.add(torch::zeros({2, 4}), labelTensor({0, 1}), 0.0); });
    FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("N × 3"));
    error = captureError([&] { metrics.add(torch::zeros({2, 3}), labelTensor({0}), 0.0); });
    FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
    error = captureError([&] { (void)metrics.report(names(2)); });
    FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
    error = captureError([] { MetricsAccumulator(0); });
    FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
    // A rejected batch leaves the sums as they were.
    QCOMPARE(metrics.samples(), std::int64_t(0));
}

QTEST_GUILESS_MAIN(MetricsAccumulatorTest)
#include "MetricsAccumulatorTest.moc"
