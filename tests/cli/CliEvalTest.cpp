// fovea-cli eval, run as a separate process on a model file written with the engine's API: the
// report it writes matches an in-process evaluation with the model file's own preprocessing,
// and a dataset with other classes, a bad flag or a broken model file stops it with the
// documented exit code and a message naming the cause.
#include "CliRunner.h"

#include "fovea/DatasetEvaluation.h"
#include "fovea/EvaluationReport.h"
#include "fovea/Image.h"
#include "fovea/ImageWriter.h"
#include "fovea/Model.h"
#include "fovea/ModelFile.h"

#include <QDir>
#include <QFile>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <optional>

using fovea::testing::runFoveaCli;

namespace {

// Noise pictures: the figures need not be good, only the same in and out of process.
fovea::Image noisePicture(int seed)
{
    fovea::Image image;
    image.width = 20;
    image.height = 18;
    image.rgb.resize(std::size_t(image.width) * image.height * 3);
    std::uint32_t state = std::uint32_t(seed) * 2654435761u + 1;
    for (std::uint8_t& value : image.rgb) {
        state = state * 1664525u + 1013904223u;
        value = std::uint8_t(state >> 24);
    }
    return image;
}

// train/ and val/ folders of `classes`, `perClass` pictures each.
void writeDataset(const QString& root, const QStringList& classes, int perClass)
{
    int seed = 0;
    for (const QString& part : {QStringLiteral("train"), QStringLiteral("val")})
        for (const QString& label : classes) {
            const QString folder = root + "/" + part + "/" + label;
            QVERIFY(QDir().mkpath(folder));
            for (int i = 0; i < perClass; ++i)
                fovea::writeImageFile(noisePicture(seed++),
                                      QString("%1/%2.png").arg(folder).arg(i).toStdString());
        }
}

} // namespace

class CliEvalTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void writesTheReport_data();
    void writesTheReport();
    void trainPart();
    void badInput_data();
    void badInput();

private:
    /// |loss with test-time flip − loss without| / loss without, on m_dataset with m_info.
    double flipChangesLossBy(fovea::Model& model) const;

    QTemporaryDir m_dir;
    QString m_model;
    QString m_flippedModel; ///< the same, its metrics saying validation used test-time flip
    QString m_dataset;
    fovea::ModelFileInfo m_info;
};

void CliEvalTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dataset = m_dir.filePath("pictures");
    writeDataset(m_dataset, {"cat", "dog", "owl"}, 4);
    writeDataset(m_dir.filePath("other"), {"cat", "dog", "yak"}, 1);
    QVERIFY(QFile(m_dir.filePath("broken.fovea")).open(QIODevice::WriteOnly));

    // Preprocessing unlike small-cnn's default (squash, tf, 24 px): the CLI must take the
    // model file's, or its figures would differ from the in-process ones.
    m_info.classNames = {"cat", "dog", "owl"};
    m_info.inputSize = 24;
    m_info.preprocessing.mode = "tf";
    m_info.preprocessing.resize = "squash";
    // An untrained network's outputs are nearly uniform, so how much the flip moves the loss
    // depends on its random (per-process) initialisation: from 1e-3 down to below float noise.
    // Take the first of a few that the flip moves by at least 3e-4 of the loss, so the rows can
    // tell a flipped evaluation from a plain one.
    fovea::ModelOptions options;
    options.numClasses = 3;
    std::optional<fovea::Model> chosen;
    for (int attempt = 0; attempt < 50 && !chosen; ++attempt) {
        fovea::Model candidate("small-cnn", options);
        if (flipChangesLossBy(candidate) >= 3e-4)
            chosen.emplace(std::move(candidate));
    }
    QVERIFY2(chosen, "none of 50 random small-cnn models is moved by the flip");
    const fovea::Model& model = *chosen;
    m_model = m_dir.filePath("model.fovea");
    fovea::saveModelFile(m_model.toStdString(), model, m_info);
    fovea::ModelFileInfo flipped = m_info;
    flipped.metrics[fovea::kTestTimeFlipMetric] = 1.0;
    m_flippedModel = m_dir.filePath("model-flip.fovea");
    fovea::saveModelFile(m_flippedModel.toStdString(), model, flipped);
}

double CliEvalTest::flipChangesLossBy(fovea::Model& model) const
{
    fovea::DatasetEvaluationOptions options;
    options.dataset = m_dataset.toStdString();
    double loss[2] = {};
    for (const bool flip : {false, true}) {
        options.testTimeFlip = flip;
        loss[flip] = fovea::evaluateDataset(model, m_info.classNames, m_info.preprocessing,
                                            m_info.inputSize, options)
                         .report.loss;
    }
    return std::abs(loss[1] - loss[0]) / std::abs(loss[0]);
}

void CliEvalTest::writesTheReport_data()
{
    QTest::addColumn<bool>("modelFlipped");
    QTest::addColumn<QString>("flag");
    QTest::addColumn<bool>("testTimeFlip");
    QTest::newRow("plain") << false << "" << false;
    QTest::newRow("--test-time-flip") << false << "--test-time-flip" << true;
    QTest::newRow("as the model was validated") << true << "" << true;
    QTest::newRow("--no-test-time-flip") << true << "--no-test-time-flip" << false;
}

void CliEvalTest::writesTheReport()
{
    QFETCH(bool, modelFlipped);
    QFETCH(QString, flag);
    QFETCH(bool, testTimeFlip);
    const QString model = modelFlipped ? m_flippedModel : m_model;
    const QString out = m_dir.filePath("report-" + QString(QTest::currentDataTag()));
    QStringList arguments{"eval", model,       "--dataset", m_dataset,      "--out",
                          out,    "--workers", "1",         "--batch-size", "5"};
    if (!flag.isEmpty())
        arguments << flag;
    const auto run = runFoveaCli(arguments);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    for (const QString& name : {"cat", "dog", "owl", "top-1", "top-3", "loss", "precision"})
        QVERIFY2(run.out.contains(name), qPrintable(run.out));
    QCOMPARE(
        QDir(out).entryList(QDir::Files, QDir::Name),
        QStringList({"evaluation-classes.csv", "evaluation-confusion.csv", "evaluation.json"}));
    const fovea::EvaluationReport written =
        fovea::readEvaluationReport(QDir(out).filePath("evaluation.json").toStdString());

    // The same evaluation in this process, from the same file.
    fovea::LoadedModelFile loaded = fovea::loadModelFile(model.toStdString());
    fovea::DatasetEvaluationOptions options;
    options.dataset = m_dataset.toStdString();
    options.testTimeFlip = testTimeFlip;
    const fovea::DatasetEvaluation expected =
        fovea::evaluateDataset(loaded.model, loaded.info.classNames, loaded.info.preprocessing,
                               loaded.info.inputSize, options);
    options.testTimeFlip = !testTimeFlip;
    const double otherLoss =
        fovea::evaluateDataset(loaded.model, loaded.info.classNames, loaded.info.preprocessing,
                               loaded.info.inputSize, options)
            .report.loss;
    QVERIFY2(std::abs(written.loss - otherLoss) > 1e-4 * std::abs(otherLoss),
             qPrintable(QStringLiteral("loss %1, the other way %2")
                            .arg(written.loss, 0, 'g', 9)
                            .arg(otherLoss, 0, 'g', 9)));
    QCOMPARE(written.samples, std::int64_t(12));
    QCOMPARE(written.confusion, expected.report.confusion);
    QVERIFY(std::abs(written.loss - expected.report.loss) <= 1e-5 * std::abs(expected.report.loss));
    QCOMPARE(written.top1, expected.report.top1);
    QCOMPARE(written.classes.at(2).name, std::string("owl"));
    QCOMPARE(written.topK, 3);
}

void CliEvalTest::trainPart()
{
    // Into the current folder by default.
    QTemporaryDir workingDir;
    QProcess process;
    process.setWorkingDirectory(workingDir.path());
    process.start(QStringLiteral(FOVEA_CLI_PATH),
                  {"eval", m_model, "--dataset", m_dataset, "--part", "train"});
    QVERIFY(process.waitForFinished(120'000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    const fovea::EvaluationReport written =
        fovea::readEvaluationReport(workingDir.filePath("evaluation.json").toStdString());
    QCOMPARE(written.samples, std::int64_t(12));
}

void CliEvalTest::badInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("mentions");
    const QString model = m_dir.filePath("model.fovea");
    const QString dataset = m_dir.filePath("pictures");
    QTest::newRow("other classes")
        << QStringList{"eval", model, "--dataset", m_dir.filePath("other")} << 2
        << QStringList{"only the model has [owl]", "only the dataset has [yak]"};
    QTest::newRow("missing dataset")
        << QStringList{"eval", model, "--dataset", m_dir.filePath("absent")} << 1
        << QStringList{"absent"};
    QTest::newRow("bad part") << QStringList{"eval", model, "--dataset", dataset, "--part", "test"}
                              << 2 << QStringList{"--part"};
    QTest::newRow("no dataset") << QStringList{"eval", model} << 2 << QStringList{"--dataset"};
    QTest::newRow("flip and no flip") << QStringList{"eval",
                                                     model,
                                                     "--dataset",
                                                     dataset,
                                                     "--test-time-flip",
                                                     "--no-test-time-flip"}
                                      << 2 << QStringList{"--no-test-time-flip", "excludes"};
    QTest::newRow("missing model")
        << QStringList{"eval", m_dir.filePath("none.fovea"), "--dataset", dataset} << 2
        << QStringList{"none.fovea"};
    QTest::newRow("broken model") << QStringList{"eval", m_dir.filePath("broken.fovea"),
                                                 "--dataset", dataset}
                                  << 1 << QStringList{"broken.fovea"};
}

void CliEvalTest::badInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QStringList, mentions);
    const QString out = m_dir.filePath("bad-input-report");
    const auto run = runFoveaCli(arguments + QStringList{"--out", out});
    QVERIFY2(run.exitCode == exitCode,
             qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.err)));
    for (const QString& part : mentions)
        QVERIFY2(run.err.contains(part), qPrintable(run.err));
    QVERIFY(!QDir(out).exists());
}

QTEST_GUILESS_MAIN(CliEvalTest)
#include "CliEvalTest.moc"
