// The model file: a save → load round trip keeps everything (and the outputs, bit for bit);
// Python's torch.load reads it and torchvision takes its state dict with strict=True, giving
// Fovea's logits; malformed files are errors naming the file and the key, never a crash; and a
// writer killed at any moment leaves the previous file whole.
#include <ATen/Parallel.h>
#include <torch/serialize.h>
#include <torch/types.h>

#include "EngineTestHelpers.h"

#include "ModelImpl.h"
#include "fovea/ArchitectureRegistry.h"
#include "fovea/AtomicFile.h"
#include "fovea/Error.h"
#include "fovea/ModelFile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <csignal>
#include <functional>

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace fovea::testing;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");
const QString kScript = QStringLiteral(FOVEA_SOURCE_DIR "/tests/engine/model_file_reference.py");

fovea::ModelOptions optionsFor(std::int64_t classes, fovea::HeadOptions::Kind head = {})
{
    fovea::ModelOptions options;
    options.numClasses = classes;
    options.head.kind = head;
    return options;
}

fovea::ModelFileInfo infoFor(const std::string& architecture, int inputSize)
{
    fovea::ModelFileInfo info;
    info.classNames = {"cat", "dog", "bird, \"quoted\""};
    info.inputSize = inputSize;
    info.preprocessing = fovea::architecture(architecture).preprocessing;
    info.metrics = {{"validation_accuracy", 0.875}, {"validation_loss", 0.3125}};
    return info;
}

torch::Tensor logitsOf(const fovea::Model& model, const torch::Tensor& input)
{
    torch::NoGradGuard noGrad;
    model.impl().network->eval();
    return model.impl().network->forward(input);
}

c10::impl::GenericDict readDict(const QString& path)
{
    const std::string bytes = fovea::readFile(path.toStdString());
    return torch::pickle_load(std::vector<char>(bytes.begin(), bytes.end())).toGenericDict().copy();
}

void writeValue(const QString& path, const c10::IValue& value)
{
    const std::vector<char> bytes = torch::pickle_save(value);
    fovea::writeFileAtomically(path.toStdString(), std::string_view(bytes.data(), bytes.size()));
}

void writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

QByteArray fileBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// Runs the reference script; an empty object (and a failed check) when it fails.
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

torch::Tensor tensorOf(const QJsonArray& values, std::vector<std::int64_t> shape)
{
    std::vector<float> data;
    for (const QJsonValue& value : values)
        data.push_back(float(value.toDouble()));
    return torch::tensor(data).reshape(shape);
}

torch::Tensor tensorOf2d(const QJsonArray& rows)
{
    QJsonArray flat;
    for (const QJsonValue& row : rows)
        for (const QJsonValue& value : row.toArray())
            flat.append(value);
    return tensorOf(flat, {rows.size(), rows.isEmpty() ? 0 : rows.first().toArray().size()});
}

/// Kills and reaps a child process that a failed check left running.
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

class ModelFileTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        torch::manual_seed(0);
        m_resnet = m_dir.filePath("resnet18.fovea");
        fovea::saveModelFile(m_resnet.toStdString(), fovea::Model("resnet18", optionsFor(3)),
                             infoFor("resnet18", 64));
    }

    void roundTripKeepsEverything_data()
    {
        using Kind = fovea::HeadOptions::Kind;
        QTest::addColumn<QString>("architecture");
        QTest::addColumn<int>("head");
        QTest::addColumn<int>("inputSize");
        QTest::newRow("small-cnn") << "small-cnn" << int(Kind::Default) << 32;
        QTest::newRow("resnet18") << "resnet18" << int(Kind::Default) << 64;
        QTest::newRow("resnet18, fc head") << "resnet18" << int(Kind::FullyConnected) << 64;
        QTest::newRow("googlenet, max head, aux") << "googlenet" << int(Kind::GlobalMaxPool) << 64;
    }

    void roundTripKeepsEverything()
    {
        QFETCH(QString, architecture);
        QFETCH(int, head);
        QFETCH(int, inputSize);
        const std::string name = architecture.toStdString();
        fovea::ModelOptions options = optionsFor(3, fovea::HeadOptions::Kind(head));
        options.head.dropout = 0.25;
        options.head.hiddenUnits = 48;
        options.head.poolSize = 2;
        options.auxLogits = name == "googlenet";
        options.compactStem = name == "small-cnn";
        fovea::ModelFileInfo info = infoFor(name, inputSize);
        // Values off every default, so that a field dropped on the way shows.
        info.preprocessing.mode = "dataset";
        info.preprocessing.mean = {0.25f, 0.5f, 0.125f};
        info.preprocessing.std = {0.3f, 0.2f, 0.1f};
        info.preprocessing.cropFraction = 0.9f;
        info.preprocessing.interpolation = "bicubic";
        info.preprocessing.channelOrder = "BGR";
        info.preprocessing.resize = "pad";
        info.preprocessing.padColor = {1, 2, 250};
        info.created = "2024-05-01T12:00:00Z";
        torch::manual_seed(1);
        const fovea::Model model(name, options);
        const QString path = m_dir.filePath(architecture + "-roundtrip.fovea");
        fovea::saveModelFile(path.toStdString(), model, info);

        const fovea::LoadedModelFile loaded = fovea::loadModelFile(path.toStdString());
        QCOMPARE(qs(loaded.info.architecture), architecture);
        QCOMPARE(qs(loaded.model.info().name), architecture);
        QCOMPARE(loaded.info.classNames, info.classNames);
        QCOMPARE(loaded.info.inputSize, inputSize);
        QVERIFY(loaded.info.preprocessing == info.preprocessing);
        QCOMPARE(loaded.info.metrics, info.metrics);
        QCOMPARE(qs(loaded.info.created), qs(info.created));
        for (const fovea::ModelOptions* read : {&loaded.info.options, &loaded.model.options()}) {
            QCOMPARE(read->numClasses, std::int64_t(3));
            QCOMPARE(read->compactStem, options.compactStem);
            QCOMPARE(int(read->head.kind), head);
            QCOMPARE(read->head.dropout, 0.25);
            QCOMPARE(read->head.hiddenUnits, std::int64_t(48));
            QCOMPARE(read->head.poolSize, std::int64_t(2));
            QCOMPARE(read->auxLogits, options.auxLogits);
            QCOMPARE(read->transformInput, options.transformInput);
        }
        QCOMPARE(loaded.model.parameterCount(false), model.parameterCount(false));

        torch::manual_seed(2);
        const torch::Tensor input = torch::randn({2, 3, inputSize, inputSize});
        const torch::Tensor expected = logitsOf(model, input);
        QCOMPARE(expected.size(1), std::int64_t(3));
        QVERIFY2(torch::equal(logitsOf(loaded.model, input), expected),
                 "the loaded model computes other logits");
    }

    void createdIsFilledIn()
    {
        const fovea::LoadedModelFile loaded = fovea::loadModelFile(m_resnet.toStdString());
        QVERIFY2(QRegularExpression(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$)")
                     .match(qs(loaded.info.created))
                     .hasMatch(),
                 loaded.info.created.c_str());
    }

    void pythonReadsItAndTorchvisionTakesTheWeights()
    {
        QVERIFY2(QFile::exists(kPython), "/usr/bin/python3 (python3-torchvision) is not installed");
        const QJsonObject answer = askPython({"model-file", m_resnet});
        QVERIFY2(!answer.isEmpty(), "the reference script failed");
        QCOMPARE(
            answer["keys"].toArray(),
            QJsonArray({"format", "version", "architecture", "class_names", "input_size",
                        "preprocessing", "model_options", "state_dict", "metrics", "created"}));
        QCOMPARE(answer["format"].toString(), QStringLiteral("fovea-model"));
        QCOMPARE(answer["version"].toInt(), 1);
        QCOMPARE(answer["architecture"].toString(), QStringLiteral("resnet18"));
        QCOMPARE(answer["class_names"].toArray(), QJsonArray({"cat", "dog", "bird, \"quoted\""}));
        QCOMPARE(answer["input_size"].toInt(), 64);
        QCOMPARE(answer["state_dict_keys"].toInt(), 122); // torchvision's resnet18
        QVERIFY(answer["contiguous"].toBool());
        const QJsonObject preprocessing = answer["preprocessing"].toObject();
        QCOMPARE(preprocessing["mode"].toString(), QStringLiteral("torch"));
        QCOMPARE(float(preprocessing["mean"].toArray()[1].toDouble()), 0.456f);
        QCOMPARE(float(preprocessing["crop_fraction"].toDouble()), 0.875f);
        QCOMPARE(preprocessing["pad_color"].toArray(), QJsonArray({0, 0, 0}));
        QCOMPARE(preprocessing["channel_order"].toString(), QStringLiteral("RGB"));
        const QJsonObject options = answer["model_options"].toObject();
        QCOMPARE(options["num_classes"].toInt(), 3);
        QCOMPARE(options["head"].toString(), QStringLiteral("default"));
        QCOMPARE(options["aux_logits"].toBool(), false);
        QCOMPARE(answer["metrics"].toObject()["validation_accuracy"].toDouble(), 0.875);

        // torchvision's logits for its input are Fovea's for the same input.
        const torch::Tensor input = tensorOf(answer["input"].toArray(), {2, 3, 64, 64});
        const torch::Tensor pythonLogits = tensorOf2d(answer["logits"].toArray());
        const fovea::LoadedModelFile loaded = fovea::loadModelFile(m_resnet.toStdString());
        const torch::Tensor ours = logitsOf(loaded.model, input);
        QCOMPARE(pythonLogits.sizes().vec(), ours.sizes().vec());
        const double difference = (ours - pythonLogits).abs().max().item<double>();
        QVERIFY2(difference < 1e-4, qPrintable(QString("max |Δ logit| %1").arg(difference)));
    }

    void malformedFilesAreErrorsNamingFileAndKey_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("needle");
        const int corrupt = int(fovea::ErrorCode::CorruptFile);
        QTest::newRow("missing") << "missing" << int(fovea::ErrorCode::NotFound) << "model file '";
        QTest::newRow("truncated zip")
            << "truncated" << corrupt << "not a readable Fovea model file";
        QTest::newRow("random bytes") << "random" << corrupt << "not a readable Fovea model file";
        QTest::newRow("empty") << "empty" << corrupt << "not a readable Fovea model file";
        QTest::newRow("a list") << "list" << corrupt << "holds a list, not a Fovea model file";
        QTest::newRow("plain state dict")
            << "state-dict" << corrupt << "key 'format' is missing: this is a plain state dict";
        QTest::newRow("wrong format") << "format" << corrupt << "key 'format' is 'keras-model'";
        QTest::newRow("newer version")
            << "version" << corrupt << "key 'version' is 2: the file was written by a newer";
        QTest::newRow("version not an integer")
            << "version-string" << corrupt << "key 'version' holds the string '1'";
        QTest::newRow("class_names not a list")
            << "class-names" << corrupt << "key 'class_names' holds the string 'cat,dog,bird'";
        QTest::newRow("class name not a string")
            << "class-name-int" << corrupt << "key 'class_names' [1] holds an integer";
        QTest::newRow("missing key")
            << "no-preprocessing" << corrupt << "key 'preprocessing' is missing";
        QTest::newRow("nested key of the wrong type")
            << "mean" << corrupt << "key 'preprocessing.mean' holds a float; expected a list of 3";
        QTest::newRow("bad preprocessing value")
            << "resize" << corrupt << "key 'preprocessing': preprocessing 'resize' is 'stretch'";
        QTest::newRow("input size out of range")
            << "input-size" << corrupt << "key 'input_size' is 100000; expected 32 to 4096";
        QTest::newRow("unknown architecture")
            << "architecture" << corrupt << "key 'architecture' is 'resnet9000'";
        QTest::newRow("unknown head") << "head" << corrupt << "key 'model_options.head' is 'mlp'";
        QTest::newRow("class count disagrees")
            << "num-classes" << corrupt
            << "key 'model_options.num_classes' is 4 but 'class_names' has 3 names";
        QTest::newRow("state dict of another architecture")
            << "resnet34-weights" << corrupt
            << "key 'state_dict' does not fit 'resnet18' built with the file's model_options";
        QTest::newRow("head of another class count")
            << "other-head" << corrupt << "in another shape or not at all: fc.weight, fc.bias";
        QTest::newRow("tensor missing")
            << "missing-tensor" << corrupt << "missing key(s): layer4.1.bn2.running_var";
        QTest::newRow("non-tensor weight")
            << "int-weight" << corrupt << "key 'state_dict': key 'fc.bias' holds a Int";
        QTest::newRow("expanded tensor")
            << "expanded" << corrupt << "(a view, sparse or expanded tensor)";
        QTest::newRow("huge fc head")
            << "huge-head" << corrupt << "key 'model_options' asks for an 'fc' head of";
    }

    void malformedFilesAreErrorsNamingFileAndKey()
    {
        QFETCH(QString, kind);
        QFETCH(int, code);
        QFETCH(QString, needle);
        const QString path = m_dir.filePath("bad-" + kind + ".fovea");
        const QByteArray good = fileBytes(m_resnet);
        QVERIFY(!good.isEmpty());
        auto modified = [&](const std::function<void(c10::impl::GenericDict&)>& change) {
            c10::impl::GenericDict dict = readDict(m_resnet);
            change(dict);
            writeValue(path, c10::IValue(dict));
        };
        auto stateDictOf = [](c10::impl::GenericDict& dict) {
            return dict.at(std::string("state_dict")).toGenericDict();
        };
        auto optionsOf = [](c10::impl::GenericDict& dict) {
            return dict.at(std::string("model_options")).toGenericDict();
        };

        if (kind == "truncated") {
            writeBytes(path, good.left(good.size() / 2));
        } else if (kind == "random") {
            QByteArray noise(4096, '\0');
            QRandomGenerator generator(7);
            for (char& byte : noise)
                byte = char(generator.bounded(256));
            writeBytes(path, noise);
        } else if (kind == "empty") {
            writeBytes(path, {});
        } else if (kind == "list") {
            writeValue(path, c10::IValue(std::vector<std::int64_t>{1, 2, 3}));
        } else if (kind == "state-dict") {
            writeValue(path, c10::IValue(readDict(m_resnet).at(std::string("state_dict"))));
        } else if (kind == "format") {
            modified([](auto& d) { d.insert_or_assign(std::string("format"), "keras-model"); });
        } else if (kind == "version") {
            modified([](auto& d) { d.insert_or_assign(std::string("version"), std::int64_t(2)); });
        } else if (kind == "version-string") {
            modified([](auto& d) { d.insert_or_assign(std::string("version"), "1"); });
        } else if (kind == "class-names") {
            modified(
                [](auto& d) { d.insert_or_assign(std::string("class_names"), "cat,dog,bird"); });
        } else if (kind == "class-name-int") {
            modified([](auto& d) {
                c10::impl::GenericList names(c10::AnyType::get());
                names.push_back(c10::IValue(std::string("cat")));
                names.push_back(c10::IValue(std::int64_t(1)));
                names.push_back(c10::IValue(std::string("bird")));
                d.insert_or_assign(std::string("class_names"), names);
            });
        } else if (kind == "no-preprocessing") {
            modified([](auto& d) { d.erase(std::string("preprocessing")); });
        } else if (kind == "mean" || kind == "resize") {
            modified([&](auto& d) {
                auto p = d.at(std::string("preprocessing")).toGenericDict();
                if (kind == "mean")
                    p.insert_or_assign(std::string("mean"), 0.5);
                else
                    p.insert_or_assign(std::string("resize"), "stretch");
            });
        } else if (kind == "input-size") {
            modified([](auto& d) {
                d.insert_or_assign(std::string("input_size"), std::int64_t(100000));
            });
        } else if (kind == "architecture") {
            modified(
                [](auto& d) { d.insert_or_assign(std::string("architecture"), "resnet9000"); });
        } else if (kind == "head") {
            modified([&](auto& d) { optionsOf(d).insert_or_assign(std::string("head"), "mlp"); });
        } else if (kind == "num-classes") {
            modified([&](auto& d) {
                optionsOf(d).insert_or_assign(std::string("num_classes"), std::int64_t(4));
            });
        } else if (kind == "resnet34-weights") {
            const QString resnet34 = m_dir.filePath("resnet34.fovea");
            fovea::saveModelFile(resnet34.toStdString(), fovea::Model("resnet34", optionsFor(3)),
                                 infoFor("resnet34", 64));
            modified([&](auto& d) {
                d.insert_or_assign(std::string("state_dict"),
                                   readDict(resnet34).at(std::string("state_dict")));
            });
        } else if (kind == "other-head") {
            // Four class names, four classes, but the weights of a 3-class head.
            modified([&](auto& d) {
                c10::List<std::string> names({"a", "b", "c", "d"});
                d.insert_or_assign(std::string("class_names"), names);
                optionsOf(d).insert_or_assign(std::string("num_classes"), std::int64_t(4));
            });
        } else if (kind == "missing-tensor") {
            modified(
                [&](auto& d) { stateDictOf(d).erase(std::string("layer4.1.bn2.running_var")); });
        } else if (kind == "int-weight") {
            modified([&](auto& d) {
                stateDictOf(d).insert_or_assign(std::string("fc.bias"), std::int64_t(3));
            });
        } else if (kind == "expanded") {
            // 10^12 numbers claimed over a one-number storage: nothing may allocate them.
            modified([&](auto& d) {
                stateDictOf(d).insert_or_assign(std::string("fc.weight"),
                                                torch::zeros({1}).expand({1000000, 1000000}));
            });
        } else if (kind == "huge-head") {
            // 512 × 64² × 65536 ≈ 1.4·10^11 parameters asked for by a 45 MB file.
            modified([&](auto& d) {
                auto o = optionsOf(d);
                o.insert_or_assign(std::string("head"), "fc");
                o.insert_or_assign(std::string("head_hidden_units"), std::int64_t(65536));
                o.insert_or_assign(std::string("head_pool_size"), std::int64_t(64));
            });
        }

        const auto error = captureError([&] { fovea::loadModelFile(path.toStdString()); });
        FOVEA_VERIFY_ERROR(error, fovea::ErrorCode(code));
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, needle);
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("bad-") + kind + ".fovea");
    }

    void invalidInfoIsRefusedWhenSaving()
    {
        const fovea::Model model("small-cnn", optionsFor(3));
        const std::string path = m_dir.filePath("refused.fovea").toStdString();
        fovea::ModelFileInfo twoNames = infoFor("small-cnn", 32);
        twoNames.classNames.pop_back();
        auto error = captureError([&] { fovea::saveModelFile(path, model, twoNames); });
        FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, "class_names has 2 names for a model of 3 classes");
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, "refused.fovea");

        fovea::ModelFileInfo otherArchitecture = infoFor("small-cnn", 32);
        otherArchitecture.architecture = "resnet18";
        error = captureError([&] { fovea::saveModelFile(path, model, otherArchitecture); });
        FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, "architecture 'resnet18' given for a 'small-cnn'");

        fovea::ModelFileInfo tiny = infoFor("small-cnn", 4);
        error = captureError([&] { fovea::saveModelFile(path, model, tiny); });
        FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, "input_size is 4 px");
        QVERIFY2(!QFile::exists(qs(path)), "a refused model file was written");
    }

    void killedWriterLeavesAWholeFile()
    {
        // Version A is on disk; a child rewrites the same path with version B in a loop and is
        // killed at a random moment, several times. Whatever the moment, the file must load and
        // be A or B entirely.
        const QString path = m_dir.filePath("killed.fovea");
        const fovea::ModelFileInfo info = infoFor("resnet18", 64);
        torch::manual_seed(11);
        const fovea::Model a("resnet18", optionsFor(3));
        torch::manual_seed(12);
        const fovea::Model b("resnet18", optionsFor(3));
        const auto started = std::chrono::steady_clock::now();
        fovea::saveModelFile(path.toStdString(), a, info);
        const auto oneSave = std::chrono::steady_clock::now() - started;

        torch::manual_seed(3);
        const torch::Tensor input = torch::randn({1, 3, 64, 64});
        const torch::Tensor logitsA = logitsOf(a, input);
        const torch::Tensor logitsB = logitsOf(b, input);
        QVERIFY(!torch::equal(logitsA, logitsB));

        int sawA = 0, sawB = 0;
        QRandomGenerator random(QRandomGenerator::global()->generate());
        for (int round = 0; round < 5; ++round) {
            int ready[2];
            QCOMPARE(::pipe(ready), 0);
            const pid_t child = ::fork();
            QVERIFY(child >= 0);
            if (child == 0) {
                // The child only serialises; one thread, so no thread pool is needed after fork.
                ::close(ready[0]);
                at::set_num_threads(1);
                try {
                    for (int i = 0;; ++i) {
                        fovea::saveModelFile(path.toStdString(), b, info);
                        if (i == 0 && ::write(ready[1], "s", 1) != 1)
                            ::_exit(2);
                    }
                } catch (...) {
                    ::_exit(1);
                }
            }
            ChildGuard guard{child};
            ::close(ready[1]);
            // Some rounds kill during the first write (A still on disk), the others after one
            // or more writes of B; the kill lands anywhere within a write.
            if (round % 2 == 1) {
                // Bounded, so that a stuck child fails the test instead of hanging it.
                pollfd readable{ready[0], POLLIN, 0};
                QCOMPARE(::poll(&readable, 1, 120'000), 1);
                char byte = 0;
                QCOMPARE(::read(ready[0], &byte, 1), ssize_t(1));
            }
            const auto delay = oneSave * random.bounded(1.0);
            const auto until = std::chrono::steady_clock::now() + delay;
            while (std::chrono::steady_clock::now() < until) {
                // A busy wait picks the moment; the child's end is awaited with waitpid below.
            }
            QCOMPARE(::kill(child, SIGKILL), 0);
            int status = 0;
            QCOMPARE(::waitpid(child, &status, 0), child);
            guard.pid = -1;
            ::close(ready[0]);
            QVERIFY2(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
                     "the writer ended before it was killed");

            fovea::LoadedModelFile loaded = fovea::loadModelFile(path.toStdString());
            const torch::Tensor logits = logitsOf(loaded.model, input);
            const bool isA = torch::equal(logits, logitsA);
            const bool isB = torch::equal(logits, logitsB);
            QVERIFY2(isA || isB, "the file holds neither the old nor the new model");
            sawA += isA;
            sawB += isB;
        }
        qInfo("after 5 kills the file held the old model %d times, the new one %d times", sawA,
              sawB);
        // A killed writer leaves its temporary file behind (never the model file's name).
        const QStringList leftovers =
            QDir(m_dir.path()).entryList({"killed.fovea.tmp-*"}, QDir::Files);
        qInfo("%lld temporary file(s) left by killed writers", qlonglong(leftovers.size()));
    }

private:
    QTemporaryDir m_dir;
    QString m_resnet;
};

QTEST_GUILESS_MAIN(ModelFileTest)
#include "ModelFileTest.moc"
