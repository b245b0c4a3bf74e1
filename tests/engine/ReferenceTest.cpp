// Fovea's networks against torchvision itself (/usr/bin/python3, torch 1.13 + torchvision 0.14):
// torchvision builds each model with seed 0 and saves its weights, an input and its outputs;
// Fovea imports the weights unchanged and must reproduce the logits, and for the training cases
// the loss (with the auxiliary heads' weights) and the gradient of the first convolution.
// Rows come from the registry: every architecture torchvision also has is checked.
#include "ModelFactory.h"
#include "ReferenceTensors.h"
#include "StateDictIO.h"

#include <torch/nn.h>
#include <torch/serialize.h>

#include "fovea/ArchitectureRegistry.h"
#include "fovea/AtomicFile.h"
#include "fovea/Model.h"

#include <QDir>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

namespace {

using fovea::testing::loadTensor;
using fovea::testing::relativeDifference;

const QString kPython = QStringLiteral("/usr/bin/python3");
const QString kScript =
    QStringLiteral(FOVEA_SOURCE_DIR "/tests/reference/torchvision_reference.py");

// Architectures of the registry that torchvision 0.14 also builds.
const QSet<QString> kTorchvisionNames{
    "vgg11",     "vgg11_bn",  "vgg13",           "vgg13_bn",        "vgg16",        "vgg16_bn",
    "vgg19",     "vgg19_bn",  "resnet18",        "resnet34",        "resnet50",     "resnet101",
    "resnet152", "googlenet", "resnext50_32x4d", "wide_resnet50_2", "inception_v3", "mobilenet_v2"};

QString folderName(const QString& caseName)
{
    return QString(caseName).replace(':', '-').replace('@', '-');
}

int inputSizeFor(const QString& name, bool train)
{
    // Inception v3's auxiliary head pools 5×5 with stride 3 over 17×17: it needs 299 px.
    if (name == "inception_v3")
        return train ? 299 : 96;
    return 64;
}

} // namespace

class ReferenceTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void evalLogitsMatch_data();
    void evalLogitsMatch();
    void trainingLossAndGradientsMatch_data();
    void trainingLossAndGradientsMatch();
    void exportedWeightsLoadIntoTorchvision();

private:
    fovea::ClassifierNetPtr loadCase(const QString& caseName, const QString& name, bool aux);
    static QStringList evalCases();
    static QStringList trainCases();

    QTemporaryDir m_dir;
};

QStringList ReferenceTest::evalCases()
{
    QStringList cases;
    for (const auto& info : fovea::architectures()) {
        const QString name = QString::fromStdString(info.name);
        if (!kTorchvisionNames.contains(name))
            continue;
        cases << QStringLiteral("%1@%2").arg(name).arg(inputSizeFor(name, false));
        if (name == "googlenet" || name == "inception_v3")
            cases << QStringLiteral("%1:aux@%2").arg(name).arg(inputSizeFor(name, false));
    }
    // At 32 px a ResNet's last stage is one pixel, which Fovea computes as a matrix product of
    // the taps that meet it (ResNet.cpp, convolve()): basic and bottleneck blocks.
    cases << QStringLiteral("resnet18@32") << QStringLiteral("resnet50@32");
    return cases;
}

QStringList ReferenceTest::trainCases()
{
    QStringList cases;
    const QStringList wanted{"resnet18", "googlenet", "inception_v3"};
    for (const QString& name : wanted)
        if (fovea::architectureNames().find(name.toStdString()) != std::string::npos)
            cases << QStringLiteral("%1%2:train@%3")
                         .arg(name, name == "resnet18" ? "" : ":aux")
                         .arg(inputSizeFor(name, true));
    cases << QStringLiteral("resnet18:train@32"); // the one-pixel last stage, forward and back
    return cases;
}

void ReferenceTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFile::exists(kPython), "/usr/bin/python3 (python3-torchvision) is not installed");
    torch::manual_seed(0);
    QProcess python;
    python.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    python.start(kPython, QStringList{kScript, m_dir.path()} + evalCases() + trainCases());
    QVERIFY(python.waitForFinished(20 * 60 * 1000));
    QCOMPARE(python.exitCode(), 0);
}

fovea::ClassifierNetPtr ReferenceTest::loadCase(const QString& caseName, const QString& name,
                                                bool aux)
{
    fovea::ModelOptions options;
    options.auxLogits = aux;
    fovea::ClassifierNetPtr model = fovea::createModel(name.toStdString(), options);
    const QString weights = m_dir.filePath(folderName(caseName) + "/weights.pt");
    const fovea::WeightImportReport report =
        fovea::applyStateDict(*model, fovea::readStateDict(weights.toStdString()), "weights.pt");
    // Every tensor of torchvision's file is used, and nothing of Fovea's model is left out.
    if (!report.skipped.empty() || !report.reinitialised.empty())
        qWarning("%s: %zu skipped, %zu re-initialised", qPrintable(caseName), report.skipped.size(),
                 report.reinitialised.size());
    return report.skipped.empty() && report.reinitialised.empty() ? model : nullptr;
}

void ReferenceTest::evalLogitsMatch_data()
{
    QTest::addColumn<QString>("caseName");
    for (const QString& c : evalCases())
        QTest::newRow(qPrintable(c)) << c;
}

void ReferenceTest::evalLogitsMatch()
{
    QFETCH(QString, caseName);
    const QString name = caseName.section('@', 0, 0).section(':', 0, 0);
    const bool aux = caseName.contains(":aux");
    const fovea::ClassifierNetPtr model = loadCase(caseName, name, aux);
    QVERIFY(model);
    model->eval();
    torch::NoGradGuard noGrad;
    const QString folder = m_dir.filePath(folderName(caseName));
    const torch::Tensor logits = model->forward(loadTensor(folder + "/input.pt"));
    const torch::Tensor expected = loadTensor(folder + "/output.pt");
    QCOMPARE(logits.sizes().vec(), expected.sizes().vec());
    const double difference = relativeDifference(logits, expected);
    QVERIFY2(difference <= 1e-4,
             qPrintable(QString("max abs difference %1 × max |logit|").arg(difference)));
}

void ReferenceTest::trainingLossAndGradientsMatch_data()
{
    QTest::addColumn<QString>("caseName");
    for (const QString& c : trainCases())
        QTest::newRow(qPrintable(c)) << c;
}

void ReferenceTest::trainingLossAndGradientsMatch()
{
    QFETCH(QString, caseName);
    const QString name = caseName.section('@', 0, 0).section(':', 0, 0);
    const bool aux = caseName.contains(":aux");
    const fovea::ClassifierNetPtr model = loadCase(caseName, name, aux);
    QVERIFY(model);
    // Dropout draws differ between Python and C++: turn it off on both sides.
    for (const auto& module : model->modules(/*include_self=*/false))
        if (auto* dropout = module->as<torch::nn::Dropout>())
            dropout->options.p(0.0);
    model->train();
    const QString folder = m_dir.filePath(folderName(caseName));
    // The reference pass in the layout Fovea trains in (see torchvision_reference.py: float32
    // rounding differs between layouts, and a ReLU within rounding of zero amplifies it).
    const QString layout = model->channelsLast() ? "-nhwc" : "";
    const torch::Tensor labels = loadTensor(folder + "/labels.pt");
    const fovea::ModelOutput out = model->forwardWithAux(loadTensor(folder + "/input.pt"));
    const double auxWeight = name == "googlenet" ? 0.3 : 0.4;
    QCOMPARE(int(out.auxLogits.size()), name == "googlenet" ? 2 : (aux ? 1 : 0));
    torch::Tensor loss = torch::nn::functional::cross_entropy(out.logits, labels);
    for (const torch::Tensor& auxLogits : out.auxLogits)
        loss = loss + auxWeight * torch::nn::functional::cross_entropy(auxLogits, labels);
    loss.backward();

    const double lossDifference = std::abs(
        loss.item<double>() - loadTensor(folder + "/loss" + layout + ".pt").item<double>());
    QVERIFY2(lossDifference <= 1e-4 * std::max(1.0, loss.item<double>()),
             qPrintable(QString("loss differs by %1").arg(lossDifference)));
    torch::Tensor firstConvGrad;
    for (const auto& item : model->named_parameters())
        if (item.value().dim() == 4) {
            firstConvGrad = item.value().grad();
            break;
        }
    QVERIFY(firstConvGrad.defined());
    const double gradDifference = relativeDifference(firstConvGrad.contiguous(),
                                                     loadTensor(folder + "/grad" + layout + ".pt"));
    QVERIFY2(
        gradDifference <= 1e-3,
        qPrintable(QString("first-conv gradient differs by %1 × max |grad|").arg(gradDifference)));
}

void ReferenceTest::exportedWeightsLoadIntoTorchvision()
{
    // Fovea builds and exports a 10-class ResNet-18; torchvision loads it with strict=True and
    // must compute the same logits.
    fovea::ModelOptions options;
    options.numClasses = 10;
    fovea::Model model("resnet18", options);
    const QString weights = m_dir.filePath("export/resnet18.pt");
    QDir().mkpath(m_dir.filePath("export"));
    model.exportWeights(weights.toStdString());

    const torch::Tensor input = torch::randn({2, 3, 64, 64});
    const std::vector<char> inputBytes = torch::pickle_save(input);
    fovea::writeFileAtomically(m_dir.filePath("export/input.pt").toStdString(),
                               std::string_view(inputBytes.data(), inputBytes.size()));
    QProcess python;
    python.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    python.start(kPython, {kScript, "verify-export", "resnet18", weights,
                           m_dir.filePath("export/input.pt"), m_dir.filePath("export/output.pt")});
    QVERIFY(python.waitForFinished(120000));
    QCOMPARE(python.exitCode(), 0);

    fovea::ClassifierNetPtr network = fovea::createModel("resnet18", options);
    fovea::applyStateDict(*network, fovea::readStateDict(weights.toStdString()), "export");
    network->eval();
    torch::NoGradGuard noGrad;
    const double difference =
        relativeDifference(network->forward(input), loadTensor(m_dir.filePath("export/output.pt")));
    QVERIFY2(difference <= 1e-4, qPrintable(QString("difference %1").arg(difference)));
}

QTEST_GUILESS_MAIN(ReferenceTest)
#include "ReferenceTest.moc"
