// Importing and exporting state dicts through fovea::Model, the head and freezing options, and
// malformed weight files: every bad file is an Error naming it, never a crash.
#include <torch/serialize.h>
#include <torch/types.h>

#include "fovea/AtomicFile.h"
#include "fovea/Error.h"
#include "fovea/Model.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

namespace {

bool contains(const std::vector<std::string>& list, const std::string& item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

fovea::ModelOptions withClasses(std::int64_t classes)
{
    fovea::ModelOptions options;
    options.numClasses = classes;
    return options;
}

void writeIValue(const QString& path, const c10::IValue& value)
{
    const std::vector<char> bytes = torch::pickle_save(value);
    fovea::writeFileAtomically(path.toStdString(), std::string_view(bytes.data(), bytes.size()));
}

/// Runs `action`, which must throw fovea::Error with `code` and a message holding `needle`.
template <typename Action>
void expectError(Action action, fovea::ErrorCode code, const QString& needle)
{
    try {
        action();
    } catch (const fovea::Error& e) {
        QCOMPARE(fovea::errorCodeName(e.code()), fovea::errorCodeName(code));
        QVERIFY2(QString::fromUtf8(e.what()).contains(needle), e.what());
        return;
    }
    QFAIL(qPrintable("no fovea::Error (expected one mentioning " + needle + ")"));
}

/// Runs `code` under /usr/bin/python3 (PyTorch) with `argument` as sys.argv[1].
bool runPython(const char* code, const QString& argument)
{
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral("-c"), QString::fromUtf8(code), argument});
    const bool ok = python.waitForFinished(120'000) &&
                    python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0;
    if (!ok)
        qWarning("%s", python.readAllStandardError().constData());
    return ok;
}

} // namespace

class WeightsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        torch::manual_seed(0);
        m_resnet10 = m_dir.filePath("resnet18-10.pt");
        m_resnet1000 = m_dir.filePath("resnet18-1000.pt");
        fovea::Model(std::string("resnet18"), withClasses(10))
            .exportWeights(m_resnet10.toStdString());
        fovea::Model(std::string("resnet18"), withClasses(1000))
            .exportWeights(m_resnet1000.toStdString());
    }

    void roundTripLoadsEveryKey()
    {
        fovea::Model model("resnet18", withClasses(10));
        const fovea::WeightImportReport report = model.importWeights(m_resnet10.toStdString());
        QCOMPARE(report.loaded.size(), std::size_t(122)); // torchvision's resnet18 state dict
        QVERIFY(report.skipped.empty());
        QVERIFY(report.reinitialised.empty());
    }

    void importsWhatPythonSaves_data()
    {
        QTest::addColumn<QString>("file");
        // torch.save(model.state_dict()): an OrderedDict with a _metadata attribute, as
        // torchvision's published weights are; libtorch 1.13 alone cannot read it.
        QTest::newRow("a state dict") << "state-dict.pth";
        // Training checkpoints as timm and EMA trainers write them, the weights under
        // 'state_dict' and strings of its _metadata used again.
        QTest::newRow("a timm-style checkpoint") << "timm.pth";
        QTest::newRow("a checkpoint with EMA weights") << "ema.pth";
        // With the optimisers' state: dicts of one item, a list of one parameter group.
        QTest::newRow("a checkpoint with SGD's state") << "sgd.pth";
        QTest::newRow("a checkpoint with Adam's state") << "adam.pth";
        // torchvision's reference training scripts: under 'model', with the argparse.Namespace
        // of the command line and the schedule's state.
        QTest::newRow("a torchvision reference-script checkpoint") << "reference.pth";
        // PyTorch's tutorials: under 'model_state_dict'.
        QTest::newRow("a tutorial-style checkpoint") << "tutorial.pth";
        // Wrapped models: "module." before every key.
        QTest::newRow("a DataParallel state dict") << "data-parallel.pth";
        QTest::newRow("an AveragedModel (SWA) state dict") << "averaged.pth";
    }

    void importsWhatPythonSaves()
    {
        QFETCH(QString, file);
        // Each file holds torchvision's resnet18 (10 classes, seed 0); plain.pt the same weights
        // as a plain dict, the form libtorch reads by itself.
        const QString folder = m_dir.filePath("python-saves");
        if (!QFile::exists(QDir(folder).filePath("plain.pt"))) {
            QVERIFY(QDir().mkpath(folder));
            QVERIFY(runPython(
                "import copy, os, sys, torch, torchvision\n"
                "def weights():\n"
                "    torch.manual_seed(0)\n"
                "    return torchvision.models.resnet18(num_classes=10).state_dict()\n"
                "out = lambda name: os.path.join(sys.argv[1], name)\n"
                "sd = weights()\n"
                "assert type(sd).__name__ == 'OrderedDict' and hasattr(sd, '_metadata')\n"
                "torch.save(dict(sd), out('plain.pt'))\n"
                "torch.save(sd, out('state-dict.pth'))\n"
                "torch.save({'epoch': 3, 'arch': 'resnet18', 'state_dict': sd, 'version': 2}, "
                "out('timm.pth'))\n"
                "torch.save({'state_dict': sd, 'state_dict_ema': copy.deepcopy(sd)}, "
                "out('ema.pth'))\n"
                "import argparse\n"
                "model = torchvision.models.resnet18(num_classes=10)\n"
                "model.load_state_dict(sd)\n"
                "sgd = torch.optim.SGD(model.parameters(), lr=0.1)\n"
                "torch.save({'model': sd, 'optimizer': sgd.state_dict(), 'lr_scheduler': "
                "torch.optim.lr_scheduler.StepLR(sgd, 30).state_dict(), 'epoch': 3, 'args': "
                "argparse.Namespace(lr=0.1, model='resnet18', data_path='/data')}, "
                "out('reference.pth'))\n"
                "torch.save({'epoch': 3, 'model_state_dict': sd, 'optimizer_state_dict': "
                "sgd.state_dict(), 'loss': 0.5}, out('tutorial.pth'))\n"
                "torch.save(torch.nn.DataParallel(model).state_dict(), out('data-parallel.pth'))\n"
                "torch.save(torch.optim.swa_utils.AveragedModel(model).state_dict(), "
                "out('averaged.pth'))\n"
                "for name, kind in (('sgd.pth', torch.optim.SGD), ('adam.pth', "
                "torch.optim.Adam)):\n"
                "    model = torchvision.models.resnet18(num_classes=10)\n"
                "    model.load_state_dict(weights())\n"
                "    optimiser = kind(model.parameters(), lr=0.0, **({'momentum': 0.9} if kind is "
                "torch.optim.SGD else {}))\n"
                "    model.eval()  # batch norm statistics stay as they were\n"
                "    model(torch.randn(2, 3, 32, 32)).sum().backward()\n"
                "    optimiser.step()\n"
                "    torch.save({'state_dict': model.state_dict(), 'optimizer': "
                "optimiser.state_dict(), 'epoch': 3}, out(name))\n",
                folder));
        }
        fovea::Model model("resnet18", withClasses(10));
        const fovea::WeightImportReport report =
            model.importWeights(QDir(folder).filePath(file).toStdString());
        QCOMPARE(report.loaded.size(), std::size_t(122));
        QVERIFY(report.skipped.empty() && report.reinitialised.empty());
        // The weights equal the plain dict's, tensor by tensor (Fovea's exports compared).
        fovea::Model viaPlain("resnet18", withClasses(10));
        viaPlain.importWeights(QDir(folder).filePath("plain.pt").toStdString());
        const QString exported = m_dir.filePath("exported.pt");
        const QString exportedPlain = m_dir.filePath("exported-plain.pt");
        model.exportWeights(exported.toStdString());
        viaPlain.exportWeights(exportedPlain.toStdString());
        QFile a(exported), b(exportedPlain);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QVERIFY2(a.readAll() == b.readAll(), "other weights than the plain dict's");
    }

    void otherClassCountLoadsTheBackboneAndKeepsAFreshHead()
    {
        fovea::Model model("resnet18", withClasses(10));
        const fovea::WeightImportReport report = model.importWeights(m_resnet1000.toStdString());
        QCOMPARE(report.loaded.size(), std::size_t(120));
        QVERIFY(contains(report.skipped, "fc.weight"));
        QVERIFY(contains(report.skipped, "fc.bias"));
        QCOMPARE(report.skipped.size(), std::size_t(2));
        QVERIFY(contains(report.reinitialised, "fc.weight"));
        QVERIFY(contains(report.reinitialised, "fc.bias"));
        QVERIFY(contains(report.loaded, "layer4.1.bn2.running_var"));
    }

    void vggKeepsItsPretrainedFullyConnectedLayersForANewClassCount()
    {
        // Only the class layer (classifier.6) is replaced: fc6 and fc7, ~119 M parameters of
        // the ImageNet weights, are what makes VGG worth fine-tuning.
        const QString vgg1000 = m_dir.filePath("vgg11-1000.pt");
        fovea::Model(std::string("vgg11")).exportWeights(vgg1000.toStdString());
        fovea::Model model("vgg11", withClasses(10));
        const fovea::WeightImportReport report = model.importWeights(vgg1000.toStdString());
        QVERIFY(contains(report.loaded, "classifier.0.weight"));
        QVERIFY(contains(report.loaded, "classifier.3.weight"));
        QCOMPARE(report.skipped,
                 (std::vector<std::string>{"classifier.6.weight", "classifier.6.bias"}));
        QCOMPARE(report.reinitialised.size(), std::size_t(2));
        QFile::remove(vgg1000);
    }

    void auxiliaryHeadsFollowTheClassCount()
    {
        // GoogLeNet with its aux heads, 1000 → 10 classes: main and aux class layers start
        // fresh, everything else loads.
        fovea::ModelOptions aux1000;
        aux1000.auxLogits = true;
        const QString path = m_dir.filePath("googlenet-aux-1000.pt");
        fovea::Model(std::string("googlenet"), aux1000).exportWeights(path.toStdString());
        fovea::ModelOptions aux10 = withClasses(10);
        aux10.auxLogits = true;
        fovea::Model model("googlenet", aux10);
        const fovea::WeightImportReport report = model.importWeights(path.toStdString());
        for (const char* key : {"fc.weight", "aux1.fc2.weight", "aux2.fc2.bias"}) {
            QVERIFY2(contains(report.skipped, key), key);
            QVERIFY2(contains(report.reinitialised, key), key);
        }
        QVERIFY(contains(report.loaded, "aux1.fc1.weight"));
        QVERIFY(contains(report.loaded, "inception5b.branch4.1.conv.weight"));
        // Without aux heads, the file's aux tensors are skipped, not errors.
        fovea::Model plain("googlenet", withClasses(1000));
        const fovea::WeightImportReport plainReport = plain.importWeights(path.toStdString());
        QVERIFY(contains(plainReport.skipped, "aux1.fc1.weight"));
        QVERIFY(plainReport.reinitialised.empty());
    }

    void unknownKeysAreListed()
    {
        const QString resnet34 = m_dir.filePath("resnet34.pt");
        fovea::Model(std::string("resnet34"), withClasses(10))
            .exportWeights(resnet34.toStdString());
        fovea::Model model("resnet18", withClasses(10));
        expectError([&] { model.importWeights(resnet34.toStdString()); },
                    fovea::ErrorCode::InvalidArgument, "unknown key(s): layer1.2.conv1.weight");
        expectError([&] { model.importWeights(resnet34.toStdString()); },
                    fovea::ErrorCode::InvalidArgument, "resnet34.pt");
    }

    void backboneShapeMismatchIsListedAndTheModelIsUnchanged()
    {
        // A compact stem has a 3×3 conv1 where torchvision's has 7×7.
        fovea::ModelOptions compact = withClasses(10);
        compact.compactStem = true;
        fovea::Model model("resnet18", compact);
        const QString before = m_dir.filePath("before.pt");
        model.exportWeights(before.toStdString());
        expectError([&] { model.importWeights(m_resnet10.toStdString()); },
                    fovea::ErrorCode::InvalidArgument,
                    "conv1.weight (file [64, 3, 7, 7], model [64, 3, 3, 3])");
        const QString after = m_dir.filePath("after.pt");
        model.exportWeights(after.toStdString());
        QFile a(before), b(after);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QVERIFY2(a.readAll() == b.readAll(), "a failed import changed the model");
    }

    void malformedFilesAreErrors_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("needle");
        QTest::newRow("missing") << "missing"
                                 << "not found";
        QTest::newRow("empty") << "empty"
                               << "not a readable PyTorch state dict";
        QTest::newRow("text") << "text"
                              << "not a readable PyTorch state dict";
        QTest::newRow("truncated") << "truncated"
                                   << "not a readable PyTorch state dict";
        QTest::newRow("list instead of dict") << "list"
                                              << "not a dict of tensors";
        QTest::newRow("integer values") << "ints"
                                        << "holds a Int, not a tensor";
        QTest::newRow("absurd tensor size") << "absurd"
                                            << "shape mismatch";
        QTest::newRow("a Fovea checkpoint") << "checkpoint"
                                            << "is a Fovea training checkpoint";
        QTest::newRow("pickle protocol 4") << "protocol4"
                                           << "pickled with a protocol other than 2";
        // The OrderedDict class itself stored as a value: the rewrite that reads torch.save(
        // model.state_dict()) does not follow that, libtorch fails on the OrderedDict, and the
        // message says what to do.
        QTest::newRow("an OrderedDict it cannot follow") << "ordered-class"
                                                         << "holds an OrderedDict in a form";
    }

    void malformedFilesAreErrors()
    {
        QFETCH(QString, kind);
        QFETCH(QString, needle);
        const QString path = m_dir.filePath("bad-" + kind + ".pt");
        if (kind == "empty" || kind == "text") {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            if (kind == "text")
                file.write("this is not a zip archive\n");
        } else if (kind == "truncated") {
            QFile good(m_resnet10);
            QVERIFY(good.open(QIODevice::ReadOnly));
            const QByteArray bytes = good.readAll();
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes.left(bytes.size() / 2));
        } else if (kind == "checkpoint") {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray("FOVEACKP") + QByteArray(64, '\0'));
        } else if (kind == "protocol4") {
            QVERIFY(runPython("import sys, torch; torch.save({'w': torch.zeros(2)}, sys.argv[1], "
                              "pickle_protocol=4)",
                              path));
        } else if (kind == "ordered-class") {
            QVERIFY(runPython("import collections, sys, torch; torch.save({'weights': "
                              "collections.OrderedDict(w=torch.zeros(2)), 'kind': "
                              "collections.OrderedDict}, sys.argv[1])",
                              path));
        } else if (kind == "list") {
            writeIValue(path, c10::IValue(std::vector<int64_t>{1, 2, 3}));
        } else if (kind == "ints") {
            c10::Dict<std::string, int64_t> dict;
            dict.insert("conv1.weight", 7);
            writeIValue(path, c10::IValue(dict));
        } else if (kind == "absurd") {
            // 10^12 elements claimed over a one-element storage: no allocation may follow it.
            c10::Dict<std::string, at::Tensor> dict;
            dict.insert("conv1.weight", torch::zeros({1}).expand({1000000, 1000000}));
            writeIValue(path, c10::IValue(dict));
        }
        fovea::Model model("resnet18", withClasses(10));
        const auto code = kind == "missing"  ? fovea::ErrorCode::NotFound
                          : kind == "absurd" ? fovea::ErrorCode::InvalidArgument
                                             : fovea::ErrorCode::CorruptFile;
        expectError([&] { model.importWeights(path.toStdString()); }, code, needle);
        try { // libtorch's reasons come without its C++ backtrace
            model.importWeights(path.toStdString());
        } catch (const fovea::Error& e) {
            QVERIFY2(!QString(e.what()).contains("frame #") &&
                         !QString(e.what()).contains("Exception raised from"),
                     e.what());
        }
        if (kind != "missing")
            expectError([&] { model.importWeights(path.toStdString()); }, code,
                        QStringLiteral("bad-") + kind);
    }

    void weightsUnderAStateDictKeyLoad()
    {
        // A Fovea model file or a Python training checkpoint: {"state_dict": {…}, …}.
        QFile exported(m_resnet10);
        QVERIFY(exported.open(QIODevice::ReadOnly));
        const QByteArray bytes = exported.readAll();
        const c10::IValue inner =
            torch::pickle_load(std::vector<char>(bytes.constBegin(), bytes.constEnd()));
        QVERIFY(inner.isGenericDict());
        c10::impl::GenericDict outer(c10::StringType::get(), c10::AnyType::get());
        outer.insert(std::string("format"), std::string("fovea-model"));
        outer.insert(std::string("epoch"), std::int64_t(7));
        outer.insert(std::string("state_dict"), inner);
        const QString path = m_dir.filePath("checkpoint-dict.pt");
        writeIValue(path, c10::IValue(outer));
        fovea::Model model("resnet18", withClasses(10));
        const fovea::WeightImportReport report = model.importWeights(path.toStdString());
        QCOMPARE(report.loaded.size(), std::size_t(122));
        QVERIFY(report.skipped.empty());
    }

    void freezingStopsGradientsUpToAStage()
    {
        fovea::Model model("resnet18", withClasses(10));
        const std::int64_t all = model.parameterCount();
        const std::vector<std::string> stages = model.stageNames();
        QCOMPARE(QString::fromStdString(stages.front()), QStringLiteral("conv1"));
        QCOMPARE(QString::fromStdString(stages.back()), QStringLiteral("fc"));
        model.freezeUpTo("layer4");
        QCOMPARE(model.parameterCount(), std::int64_t(512 * 10 + 10)); // only fc trains
        QCOMPARE(model.parameterCount(/*trainableOnly=*/false), all);
        model.unfreezeAll();
        QCOMPARE(model.parameterCount(), all);
        expectError([&] { model.freezeUpTo("layer9"); }, fovea::ErrorCode::InvalidArgument,
                    "layer1, layer2, layer3, layer4, fc");
    }

    void headChoiceChangesTheParameterCount_data()
    {
        using Kind = fovea::HeadOptions::Kind;
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("headParameters");
        const qint64 classes = 10;
        QTest::newRow("default") << int(Kind::Default) << 512 * classes + classes;
        QTest::newRow("global average") << int(Kind::GlobalAveragePool) << 512 * classes + classes;
        QTest::newRow("global max") << int(Kind::GlobalMaxPool) << 512 * classes + classes;
        QTest::newRow("fully connected 256")
            << int(Kind::FullyConnected)
            << (512 * 4 * 256 + 256) + (256 * 256 + 256) + (256 * classes + classes);
    }

    void headChoiceChangesTheParameterCount()
    {
        QFETCH(int, kind);
        QFETCH(qint64, headParameters);
        fovea::Model reference("resnet18", withClasses(10));
        const std::int64_t backbone = reference.parameterCount() - (512 * 10 + 10);
        fovea::ModelOptions options = withClasses(10);
        options.head.kind = static_cast<fovea::HeadOptions::Kind>(kind);
        options.head.hiddenUnits = 256;
        options.head.poolSize = 2;
        options.head.dropout = 0.3;
        fovea::Model model("resnet18", options);
        QCOMPARE(model.parameterCount(), backbone + headParameters);
        model.replaceHead(3);
        QCOMPARE(model.options().numClasses, std::int64_t(3));
        QVERIFY(model.parameterCount() < backbone + headParameters);
    }

private:
    QTemporaryDir m_dir;
    QString m_resnet10;
    QString m_resnet1000;
};

QTEST_GUILESS_MAIN(WeightsTest)
#include "WeightsTest.moc"
