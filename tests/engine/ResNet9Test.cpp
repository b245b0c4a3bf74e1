// ResNet-9 (Page's DAWNBench network) against a PyTorch transcription of it
// (tests/reference/resnet9_reference.py; torchvision has no ResNet-9): the weights load with
// every key used, the eval logits, the training loss and the first convolution's gradient agree,
// and the stages have the shapes the design says (three 2× pools, residual pairs in layer1 and
// layer3 only).
#include "AutocastGuard.h"
#include "ModelFactory.h"
#include "ReferenceTensors.h"
#include "StateDictIO.h"

#include <torch/nn/functional/loss.h>
#include <torch/utils.h>

#include "fovea/Model.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <map>

namespace {

using fovea::testing::loadTensor;
using fovea::testing::relativeDifference;

const QString kScript = QStringLiteral(FOVEA_SOURCE_DIR "/tests/reference/resnet9_reference.py");

fovea::ClassifierNetPtr tenClassModel(const QString& name)
{
    fovea::ModelOptions options;
    options.numClasses = 10;
    return fovea::createModel(name.toStdString(), options);
}

} // namespace

class ResNet9Test : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // One thread, as the reference script: bfloat16 sums rounded in another order could differ.
    void initTestCase() { torch::set_num_threads(1); }
    void matchesPyTorch_data();
    void matchesPyTorch();
    void stagesHaveThePublishedShapes();
};

void ResNet9Test::matchesPyTorch_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("size");
    QTest::newRow("resnet9 at 32 px (CIFAR)") << QStringLiteral("resnet9") << 64 << 32;
    QTest::newRow("resnet9-w16 at 28 px (Fashion-MNIST)")
        << QStringLiteral("resnet9-w16") << 16 << 28;
}

void ResNet9Test::matchesPyTorch()
{
    QFETCH(QString, name);
    QFETCH(int, width);
    QFETCH(int, size);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcess python;
    python.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    python.start(QStringLiteral("/usr/bin/python3"),
                 {kScript, dir.path(), QString::number(width), QString::number(size)});
    QVERIFY(python.waitForFinished(300'000));
    QCOMPARE(python.exitCode(), 0);

    const fovea::ClassifierNetPtr model = tenClassModel(name);
    const fovea::StateDict weights = fovea::readStateDict(dir.filePath("weights.pt").toStdString());
    const fovea::WeightImportReport report = fovea::applyStateDict(*model, weights, "weights.pt");
    QVERIFY(report.skipped.empty());
    QVERIFY(report.reinitialised.empty());
    QCOMPARE(report.loaded.size(),
             model->named_parameters().size() + model->named_buffers().size());

    const torch::Tensor input = loadTensor(dir.filePath("input.pt"));
    {
        torch::NoGradGuard noGrad;
        model->eval();
        const torch::Tensor logits = model->forward(input);
        const torch::Tensor expected = loadTensor(dir.filePath("output.pt"));
        QCOMPARE(logits.sizes().vec(), expected.sizes().vec());
        const double difference = relativeDifference(logits, expected);
        QVERIFY2(difference <= 1e-4,
                 qPrintable(QString("logits differ by %1 × max |logit|").arg(difference)));
    }

    model->train();
    const QString layout = model->channelsLast() ? "-nhwc" : "";
    const torch::Tensor loss = torch::nn::functional::cross_entropy(
        model->forward(input), loadTensor(dir.filePath("labels.pt")));
    loss.backward();
    const double expectedLoss = loadTensor(dir.filePath("loss" + layout + ".pt")).item<double>();
    QVERIFY2(std::abs(loss.item<double>() - expectedLoss) <= 1e-4 * std::max(1.0, expectedLoss),
             qPrintable(QString("loss %1, PyTorch %2").arg(loss.item<double>()).arg(expectedLoss)));
    const torch::Tensor grad = model->named_parameters()["prep.0.weight"].grad();
    QVERIFY(grad.defined());
    const double gradDifference =
        relativeDifference(grad.contiguous(), loadTensor(dir.filePath("grad" + layout + ".pt")));
    QVERIFY2(gradDifference <= 1e-3,
             qPrintable(QString("prep gradient differs by %1 × max |grad|").arg(gradDifference)));

    // The CPU bfloat16 autocast Fovea trains under (cpuBfloat16) is PyTorch's: the loss agrees
    // with torch.autocast('cpu', bfloat16) far more closely than with the float32 loss.
    if (!model->channelsLast())
        QSKIP("the bfloat16 reference pass is channels-last, as Fovea trains by default");
    torch::Tensor bf16Logits;
    {
        fovea::AutocastGuard autocast(fovea::AutocastMode::CpuBfloat16);
        bf16Logits = model->forward(input);
    }
    QCOMPARE(bf16Logits.scalar_type(), torch::kBFloat16);
    QCOMPARE(model->forward(input).scalar_type(), torch::kFloat); // the guard is gone
    const double bf16Loss = torch::nn::functional::cross_entropy(
                                bf16Logits.to(torch::kFloat), loadTensor(dir.filePath("labels.pt")))
                                .item<double>();
    const double expectedBf16 = loadTensor(dir.filePath("loss-bf16-nhwc.pt")).item<double>();
    const double roundingGap = std::abs(expectedBf16 - expectedLoss);
    QVERIFY2(roundingGap > 0.0, "bfloat16 and float32 losses are identical");
    QVERIFY2(std::abs(bf16Loss - expectedBf16) <= 0.1 * roundingGap,
             qPrintable(QString("bfloat16 loss %1, PyTorch's %2, float32 %3")
                            .arg(bf16Loss, 0, 'g', 9)
                            .arg(expectedBf16, 0, 'g', 9)
                            .arg(expectedLoss, 0, 'g', 9)));
}

void ResNet9Test::stagesHaveThePublishedShapes()
{
    const fovea::ClassifierNetPtr model = tenClassModel(QStringLiteral("resnet9-w16"));
    QCOMPARE(model->stageNames(),
             (std::vector<std::string>{"prep", "layer1", "layer2", "layer3", "classifier"}));
    const auto parameters = model->named_parameters();
    QVERIFY(parameters.contains("layer1.res.3.weight"));
    QVERIFY(parameters.contains("layer3.res.3.weight"));
    for (const auto& item : parameters)
        QVERIFY2(!QString::fromStdString(item.key()).startsWith("layer2.res"),
                 qPrintable(QString::fromStdString(item.key())));

    std::map<std::string, std::vector<std::int64_t>> shapes;
    const fovea::ClassifierNet::StageTapScope tap(
        [&](const std::string& stage, const torch::Tensor& output) {
            shapes[stage] = output.sizes().vec();
        });
    model->eval();
    torch::NoGradGuard noGrad;
    model->forward(torch::randn({2, 3, 28, 28}));
    QCOMPARE(shapes["prep"], (std::vector<std::int64_t>{2, 16, 28, 28}));
    QCOMPARE(shapes["layer1"], (std::vector<std::int64_t>{2, 32, 14, 14}));
    QCOMPARE(shapes["layer2"], (std::vector<std::int64_t>{2, 64, 7, 7}));
    QCOMPARE(shapes["layer3"], (std::vector<std::int64_t>{2, 128, 3, 3}));
    QCOMPARE(shapes["classifier"], (std::vector<std::int64_t>{2, 10}));

    // Page's full width (64 channels), counted by hand from the layer list: convolutions
    // 6,563,520, batch norms 4,480, a 512 → 10 linear layer 5,130.
    QCOMPARE(fovea::countTrainableParameters(*tenClassModel(QStringLiteral("resnet9"))),
             std::int64_t(6'573'130));
}

QTEST_GUILESS_MAIN(ResNet9Test)
#include "ResNet9Test.moc"
