// fovea-cli export and predict, run as a process: the exported state dict loads into
// torchvision strictly (/usr/bin/python3) with the model file's own weights; predict walks
// folders into a CSV of ranked classes that match the engine's Classifier; a file that cannot
// be decoded gets an error row and exit code 1; bad command lines exit 2, a missing model 1.
#include "CliRunner.h"

#include "fovea/Classifier.h"
#include "fovea/ImageWriter.h"
#include "fovea/Model.h"
#include "fovea/ModelFile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>

using fovea::testing::CliResult;
using fovea::testing::runFoveaCli;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");
const QString kScript = QStringLiteral(FOVEA_SOURCE_DIR "/tests/engine/model_file_reference.py");

QJsonObject askPython(const QStringList& arguments)
{
    QProcess python;
    python.start(kPython, QStringList{kScript} + arguments);
    if (!python.waitForFinished(300'000) || python.exitStatus() != QProcess::NormalExit ||
        python.exitCode() != 0) {
        qWarning("%s", python.readAllStandardError().constData());
        return {};
    }
    return QJsonDocument::fromJson(python.readAllStandardOutput()).object();
}

/// RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks.
QList<QStringList> parseCsv(const QString& text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row << field;
            field.clear();
        } else if (c == '\n') {
            row << field;
            field.clear();
            rows << row;
            row.clear();
        } else {
            field += c;
        }
    }
    return rows;
}

QByteArray readBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString readText(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

fovea::Image gradient(int width, int height, int seed)
{
    fovea::Image image;
    image.width = width;
    image.height = height;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < 3; ++c)
                image.rgb.push_back(std::uint8_t((x * (3 + c) + y * (5 + seed) + 40 * c) % 256));
    return image;
}

/// The k most probable (class, "0.123456") of `path`, as predict must write them.
QStringList expectedRanks(const fovea::Classifier& classifier, const QString& path, int k,
                          const fovea::TestTimeCropSpec& spec = {})
{
    const std::vector<float> p = classifier.classifyFile(path.toStdString(), spec);
    std::vector<std::size_t> order(p.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return p[a] > p[b]; });
    QStringList ranks;
    for (int rank = 0; rank < k; ++rank)
        ranks << QString::fromStdString(classifier.info().classNames[order[std::size_t(rank)]])
              << QString::number(double(p[order[std::size_t(rank)]]), 'f', 6);
    return ranks;
}

/// What predictAveragesTestTimeCrops asks for: `--crops five --scales 36,40`.
fovea::TestTimeCropSpec cropSpec()
{
    fovea::TestTimeCropSpec spec;
    spec.crops = "five";
    spec.scales = {36, 40};
    return spec;
}

QString failureText(const CliResult& result)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
        .arg(result.exitCode)
        .arg(result.out, result.err);
}

} // namespace

class CliModelCommandsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        fovea::ModelOptions options;
        options.numClasses = 3;
        fovea::ModelFileInfo info;
        info.classNames = {"apple", "banana", "cherry"};
        info.inputSize = 64;
        m_resnet = m_dir.filePath("resnet18.fovea");
        fovea::saveModelFile(m_resnet.toStdString(), fovea::Model("resnet18", options), info);

        // images/ with pictures in two folders, plus files predict must leave out.
        m_images = m_dir.filePath("images");
        QVERIFY(QDir().mkpath(m_images + "/b-class/deeper"));
        QVERIFY(QDir().mkpath(m_images + "/a-class"));
        QVERIFY(QDir().mkpath(m_images + "/.cache"));
        fovea::writeImageFile(gradient(50, 40, 1), (m_images + "/a-class/one.png").toStdString());
        fovea::writeImageFile(gradient(33, 70, 2), (m_images + "/a-class/two.JPG").toStdString());
        fovea::writeImageFile(gradient(64, 64, 3),
                              (m_images + "/b-class/deeper/three.bmp").toStdString());
        fovea::writeImageFile(gradient(40, 40, 4), (m_images + "/.hidden.png").toStdString());
        fovea::writeImageFile(gradient(40, 40, 5), (m_images + "/.cache/five.png").toStdString());
        QFile notes(m_images + "/notes.txt");
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("not a picture\n");

        // An untrained network's probabilities are nearly uniform, and how much test-time crops
        // move them depends on its random (per-process) initialisation. Keep the first of a few
        // whose crops move some probability of two.JPG by 1e-4 or more, so the 6-decimal rows
        // of a cropped and a plain prediction surely differ.
        info.inputSize = 32;
        m_small = m_dir.filePath("small.fovea");
        bool chosen = false;
        for (int attempt = 0; attempt < 50 && !chosen; ++attempt) {
            fovea::saveModelFile(m_small.toStdString(), fovea::Model("small-cnn", options), info);
            const fovea::Classifier classifier(m_small.toStdString());
            const std::string file = (m_images + "/a-class/two.JPG").toStdString();
            const std::vector<float> plain = classifier.classifyFile(file);
            const std::vector<float> cropped = classifier.classifyFile(file, cropSpec());
            for (std::size_t i = 0; i < plain.size(); ++i)
                chosen = chosen || std::abs(plain[i] - cropped[i]) >= 1e-4f;
        }
        QVERIFY2(chosen, "test-time crops move none of 50 random small-cnn models' outputs");
    }

    void exportWritesAStateDictTorchvisionTakesStrictly()
    {
        QVERIFY2(QFile::exists(kPython), "/usr/bin/python3 (python3-torchvision) is not installed");
        const QString weights = m_dir.filePath("weights.pt");
        const CliResult result = runFoveaCli({"export", m_resnet, "-o", weights});
        QVERIFY2(result.finished && result.exitCode == 0, qPrintable(failureText(result)));
        QVERIFY(result.out.contains(weights));

        const QJsonObject exported = askPython({"state-dict", weights, "resnet18", "3"});
        QVERIFY2(!exported.isEmpty(), "torchvision did not take the exported state dict");
        QCOMPARE(exported["keys"].toInt(), 122);
        // The same weights as the model file's own state dict: the same logits.
        const QJsonObject inFile = askPython({"model-file", m_resnet});
        QVERIFY(!inFile.isEmpty());
        QCOMPARE(exported["logits"].toArray(), inFile["logits"].toArray());
    }

    void outputsNeverReplaceAnInput_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("input"); ///< the file that must stay as it was
        QTest::addColumn<QString>("needle");
        const QString picture = "IMAGES/a-class/one.png";
        QTest::newRow("export onto its model")
            << QStringList{"export", "MODEL", "-o", "MODEL"} << "MODEL"
            << "which the command reads";
        QTest::newRow("predict onto its model")
            << QStringList{"predict", "MODEL", "IMAGES", "-o", "MODEL"} << "MODEL"
            << "which the command reads";
        QTest::newRow("predict onto a picture of a folder it reads")
            << QStringList{"predict", "MODEL", "IMAGES", "-o", picture} << picture
            << "which the command reads";
        QTest::newRow("preview onto its picture")
            << QStringList{"preview", picture, "--arch", "small-cnn", "-o", picture} << picture
            << "which the command reads";
        QTest::newRow("lr-find onto its config")
            << QStringList{"lr-find", "--config", "CONFIG", "-o", "CONFIG"} << "CONFIG"
            << "which the command reads";
        QTest::newRow("predict into a folder name")
            << QStringList{"predict", "MODEL", picture, "-o", "IMAGES"} << "MODEL"
            << "is a folder";
        QTest::newRow("eval reports into a file")
            << QStringList{"eval", "MODEL", "--dataset", "IMAGES", "-o", "MODEL"} << "MODEL"
            << "is a file";
    }

    // Found out before any work, the output named; what the user made is untouched.
    void outputsNeverReplaceAnInput()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, input);
        QFETCH(QString, needle);
        const QString config = m_dir.filePath("lr-find.json");
        QFile configFile(config);
        QVERIFY(configFile.open(QIODevice::WriteOnly));
        configFile.write(QStringLiteral(R"({"dataset": "%1"})").arg(m_images).toUtf8());
        configFile.close();
        input.replace("MODEL", m_small).replace("IMAGES", m_images).replace("CONFIG", config);
        arguments.replaceInStrings("MODEL", m_small);
        arguments.replaceInStrings("IMAGES", m_images);
        arguments.replaceInStrings("CONFIG", config);
        const QByteArray before = readBytes(input);
        QVERIFY(!before.isEmpty());
        const CliResult result = runFoveaCli(arguments);
        QVERIFY(result.finished);
        QVERIFY2(result.exitCode == 2, qPrintable(failureText(result)));
        QVERIFY2(result.err.contains(needle) && result.err.contains("--out"),
                 qPrintable(result.err));
        QCOMPARE(readBytes(input), before);
    }

    void predictWritesRankedRowsForAFolder()
    {
        const QString csv = m_dir.filePath("predictions.csv");
        const CliResult result =
            runFoveaCli({"predict", m_small, m_images, "--top-k", "2", "-o", csv});
        QVERIFY2(result.finished && result.exitCode == 0, qPrintable(failureText(result)));

        const QList<QStringList> rows = parseCsv(readText(csv));
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows[0], (QStringList{"path", "class_1", "probability_1", "class_2",
                                       "probability_2", "error"}));
        // Recursive, sorted, images only (by extension, any case), hidden entries left out.
        const QStringList paths{m_images + "/a-class/one.png", m_images + "/a-class/two.JPG",
                                m_images + "/b-class/deeper/three.bmp"};
        const fovea::Classifier classifier(m_small.toStdString());
        for (int i = 0; i < paths.size(); ++i) {
            const QStringList& row = rows[i + 1];
            QCOMPARE(row.size(), 6);
            QCOMPARE(row[0], paths[i]);
            QCOMPARE(row.mid(1, 4), expectedRanks(classifier, paths[i], 2));
            QVERIFY(row[2].toDouble() >= row[4].toDouble());
            QCOMPARE(row[5], QString());
        }

        // Without -o the same CSV goes to standard output.
        const CliResult toStdout = runFoveaCli({"predict", m_small, m_images, "--top-k", "2"});
        QVERIFY2(toStdout.finished && toStdout.exitCode == 0, qPrintable(failureText(toStdout)));
        QCOMPARE(toStdout.out, readText(csv));
    }

    void predictAveragesTestTimeCrops()
    {
        // Default --top-k 5 with three classes: three ranked pairs.
        const QString file = m_images + "/a-class/two.JPG";
        const CliResult result =
            runFoveaCli({"predict", m_small, file, "--crops", "five", "--scales", "36,40"});
        QVERIFY2(result.finished && result.exitCode == 0, qPrintable(failureText(result)));
        const QList<QStringList> rows = parseCsv(result.out);
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0].size(), 1 + 3 * 2 + 1);
        const fovea::Classifier classifier(m_small.toStdString());
        QCOMPARE(rows[1].mid(1, 6), expectedRanks(classifier, file, 3, cropSpec()));
        QVERIFY(rows[1].mid(1, 6) != expectedRanks(classifier, file, 3));
    }

    void aFileThatFailsGetsAnErrorRowAndExitCode1()
    {
        const QString folder = m_dir.filePath("mixed");
        QVERIFY(QDir().mkpath(folder));
        fovea::writeImageFile(gradient(40, 30, 6), (folder + "/good.png").toStdString());
        QFile bad(folder + "/bad.jpg");
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("\xFF\xD8\xFF\xE0 truncated, and then, \"nothing\"");
        bad.close();
        const QString missing = m_dir.filePath("no-such-picture.png");

        const QString csv = m_dir.filePath("mixed.csv");
        const CliResult result =
            runFoveaCli({"predict", m_small, folder, missing, "--top-k", "1", "-o", csv});
        QVERIFY(result.finished);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("bad.jpg") && result.err.contains("no-such-picture.png"),
                 qPrintable(result.err));

        const QList<QStringList> rows = parseCsv(readText(csv));
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows[1][0], folder + "/bad.jpg");
        QCOMPARE(rows[1].mid(1, 2), (QStringList{"", ""}));
        QVERIFY2(rows[1][3].contains("bad.jpg"), qPrintable(rows[1][3]));
        QCOMPARE(rows[2][0], folder + "/good.png");
        QVERIFY2(QStringList({"apple", "banana", "cherry"}).contains(rows[2][1]),
                 qPrintable(rows[2][1]));
        QCOMPARE(rows[2][3], QString());
        QCOMPARE(rows[3][0], missing);
        QVERIFY2(rows[3][3].contains("no-such-picture.png"), qPrintable(rows[3][3]));
    }

    void badCommandLines_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("needle");
        QTest::newRow("top-k 0") << QStringList{"predict", "MODEL", "IMAGES", "--top-k", "0"} << 2
                                 << "--top-k";
        QTest::newRow("top-k not a number")
            << QStringList{"predict", "MODEL", "IMAGES", "--top-k", "many"} << 2 << "--top-k";
        QTest::newRow("unknown crops")
            << QStringList{"predict", "MODEL", "IMAGES", "--crops", "seven"} << 2 << "--crops";
        QTest::newRow("scales not numbers")
            << QStringList{"predict", "MODEL", "IMAGES", "--scales", "256,big"} << 2 << "big";
        QTest::newRow("scale below the input size")
            << QStringList{"predict", "MODEL", "IMAGES", "--scales", "16"} << 2
            << "below the input size 32";
        QTest::newRow("no paths") << QStringList{"predict", "MODEL"} << 2 << "paths";
        QTest::newRow("export without -o") << QStringList{"export", "MODEL"} << 2 << "--out";
        QTest::newRow("missing model")
            << QStringList{"predict", "DIR/absent.fovea", "IMAGES"} << 1 << "absent.fovea";
        QTest::newRow("missing model, export")
            << QStringList{"export", "DIR/absent.fovea", "-o", "DIR/x.pt"} << 1 << "absent.fovea";
        QTest::newRow("not a model file")
            << QStringList{"predict", "IMAGES/notes.txt", "IMAGES"} << 1 << "notes.txt";
    }

    void badCommandLines()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, needle);
        arguments.replaceInStrings("MODEL", m_small);
        arguments.replaceInStrings("IMAGES", m_images);
        arguments.replaceInStrings("DIR", m_dir.path());
        const CliResult result = runFoveaCli(arguments);
        QVERIFY(result.finished);
        QVERIFY2(result.exitCode == exitCode, qPrintable(failureText(result)));
        QVERIFY2(result.err.contains(needle), qPrintable(result.err));
        QVERIFY2(!QFile::exists(m_dir.filePath("x.pt")), "a failed export wrote a file");
    }

private:
    QTemporaryDir m_dir;
    QString m_resnet;
    QString m_small;
    QString m_images;
};

QTEST_GUILESS_MAIN(CliModelCommandsTest)
#include "CliModelCommandsTest.moc"
