// readableByLibtorch(): the pickle rewrite that lets libtorch 1.13 read torch.save(
// model.state_dict()) and Python training checkpoints.
// Python's own pickler writes the inputs and Python's unpickler judges the outputs, so the
// rewrite is checked against the format's authority, not against itself.
#include "PickleForLibtorch.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <string>

using namespace std::string_literals;

namespace {

const QString kScript = QStringLiteral(FOVEA_SOURCE_DIR "/tests/engine/pickles_for_libtorch.py");

/// Runs the helper script; QFAILs with its stderr when it does not succeed.
bool runScript(const QString& mode, const QString& folder, QByteArray* output = nullptr)
{
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), {kScript, mode, folder});
    const bool ok = python.waitForFinished(120'000) &&
                    python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0;
    if (output)
        *output = python.readAllStandardOutput();
    if (!ok)
        qWarning("%s %s: %s", qPrintable(mode), python.readAllStandardOutput().constData(),
                 python.readAllStandardError().constData());
    return ok;
}

std::string bytesOf(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll().toStdString();
}

} // namespace

class PickleForLibtorchTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pythonReadsEveryRewriteAsThePlainDictsOfTheOriginal()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(runScript(QStringLiteral("write"), dir.path()));
        const QStringList pickles =
            QDir(dir.path()).entryList({QStringLiteral("*.pkl")}, QDir::Files, QDir::Name);
        QCOMPARE(pickles.size(), 8);
        for (const QString& name : pickles) {
            const std::string original = bytesOf(dir.filePath(name));
            const std::optional<std::string> rewritten = fovea::readableByLibtorch(original);
            QVERIFY2(rewritten, qPrintable(name));
            QVERIFY2(rewritten->find("OrderedDict") == std::string::npos, qPrintable(name));
            QFile out(dir.filePath(QString(name).replace(".pkl", ".rewritten.pkl")));
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(rewritten->data(), qint64(rewritten->size()));
        }
        QByteArray report;
        QVERIFY2(runScript(QStringLiteral("check"), dir.path(), &report), report.constData());
        QCOMPARE(report.count("equal, plain dicts only, libtorch opcodes only"), 8);
    }

    void theSmallestOrderedDictBecomesAnEmptyDict()
    {
        // PROTO 2, GLOBAL OrderedDict, BINPUT 0, EMPTY_TUPLE, REDUCE, BINPUT 1, STOP
        const std::string pickle = "\x80\x02"
                                   "ccollections\nOrderedDict\n"
                                   "q\x00)Rq\x01."s;
        QCOMPARE(fovea::readableByLibtorch(pickle), std::optional("\x80\x02}q\x01."s));
    }

    void streamsItCannotFollowAreLeftAlone_data()
    {
        QTest::addColumn<QByteArray>("pickle");
        const auto row = [](const char* name, const std::string& bytes) {
            QTest::newRow(name) << QByteArray::fromStdString(bytes);
        };
        row("nothing to rewrite", "\x80\x02}q\x00(X\x01\x00\x00\x00"
                                  "aK\x01u."s);
        // The class name inside a string is data, not a GLOBAL.
        row("the name only in a string", "\x80\x02X\x18\x00\x00\x00"
                                         "collections\nOrderedDict\n"
                                         "."s);
        row("truncated", "\x80\x02"
                         "ccollections\nOrderedDict\n"
                         "q\x00)"s);
        row("empty", ""s);
        // OrderedDict([]) : built from an argument, which Python's pickler never writes.
        row("built from an argument", "\x80\x02"
                                      "ccollections\nOrderedDict\n"
                                      "]\x85R."s);
        // The class used as a value (a dict entry) would survive without its definition.
        row("the class as a value", "\x80\x02}"
                                    "X\x01\x00\x00\x00k"
                                    "ccollections\nOrderedDict\n"
                                    "s."s);
        // FRAME (protocol 4), which libtorch does not read either.
        row("protocol 4", "\x80\x04\x95\x05\x00\x00\x00\x00\x00\x00\x00"
                          "ccollections\nOrderedDict\n"
                          ")R."s);
    }

    void streamsItCannotFollowAreLeftAlone()
    {
        QFETCH(QByteArray, pickle);
        QCOMPARE(fovea::readableByLibtorch(pickle.toStdString()), std::optional<std::string>());
    }

    void aStateDictsMetadataGoesUnderItsOwnKey()
    {
        // OrderedDict() with SETITEM a=1, then BUILD with its attributes {'_metadata': 2}.
        const std::string pickle = "\x80\x02"
                                   "ccollections\nOrderedDict\n"
                                   ")R"
                                   "X\x01\x00\x00\x00"
                                   "aK\x01s"
                                   "}X\x09\x00\x00\x00_metadataK\x02sb."s;
        // {} then MARK a 1 SETITEMS, then MARK key {MARK _metadata 2 SETITEMS} SETITEMS.
        QCOMPARE(fovea::readableByLibtorch(pickle),
                 std::optional("\x80\x02}"
                               "(X\x01\x00\x00\x00"
                               "aK\x01u"
                               "(X\x0e\x00\x00\x00__attributes__"
                               "}(X\x09\x00\x00\x00_metadataK\x02u"
                               "u."s));
    }

    void oneItemAndOneElementBecomeBatches()
    {
        // {'k': [7]}: SETITEM and APPEND, which libtorch lacks, as SETITEMS and APPENDS.
        const std::string pickle = "\x80\x02}X\x01\x00\x00\x00"
                                   "k]K\x07"
                                   "as."s;
        QCOMPARE(fovea::readableByLibtorch(pickle), std::optional("\x80\x02}(X\x01\x00\x00\x00"
                                                                  "k](K\x07"
                                                                  "eu."s));
    }
};

QTEST_GUILESS_MAIN(PickleForLibtorchTest)
#include "PickleForLibtorchTest.moc"
