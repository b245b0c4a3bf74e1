// Model::measureForward(): the output shape of every stage (the layer summary's column, as
// torchvision's shapes for the same input) and the activation memory per image, which must
// grow with the pixels, hold at least every stage's output, and leave the model unchanged.
#include "fovea/Error.h"
#include "fovea/Model.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Shape = std::vector<std::int64_t>;

const fovea::StageSummary* findStage(const fovea::ForwardFootprint& footprint,
                                     const std::string& name)
{
    for (const fovea::StageSummary& stage : footprint.stages)
        if (stage.name == name)
            return &stage;
    return nullptr;
}

QByteArray exported(const fovea::Model& model, const QTemporaryDir& dir)
{
    const QString path = dir.filePath(QStringLiteral("weights.pt"));
    model.exportWeights(path.toStdString());
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class ModelFootprintTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void stageShapesAreTorchvisions()
    {
        fovea::Model resnet("resnet18");
        const fovea::ForwardFootprint footprint = resnet.measureForward(224);
        const std::vector<std::pair<std::string, Shape>> expected = {{"conv1", {64, 112, 112}},
                                                                     {"bn1", {64, 112, 112}},
                                                                     {"layer1", {64, 56, 56}},
                                                                     {"layer2", {128, 28, 28}},
                                                                     {"layer3", {256, 14, 14}},
                                                                     {"layer4", {512, 7, 7}},
                                                                     {"fc", {1000}}};
        QCOMPARE(footprint.stages.size(), expected.size());
        for (const auto& [name, shape] : expected) {
            const fovea::StageSummary* stage = findStage(footprint, name);
            QVERIFY2(stage, name.c_str());
            QVERIFY2(stage->outputShape == shape, name.c_str());
        }

        fovea::Model googlenet("googlenet");
        const fovea::ForwardFootprint inception = googlenet.measureForward(224);
        QVERIFY(findStage(inception, "inception3a")->outputShape == Shape({256, 28, 28}));
        QVERIFY(findStage(inception, "inception4e")->outputShape == Shape({832, 14, 14}));
        QVERIFY(findStage(inception, "inception5b")->outputShape == Shape({1024, 7, 7}));
        QVERIFY(findStage(inception, "fc")->outputShape == Shape({1000}));
    }

    void activationMemoryGrowsWithPixelsAndHoldsEveryStage()
    {
        fovea::ModelOptions options;
        options.numClasses = 10;
        fovea::Model model("resnet18", options);
        const fovea::ForwardFootprint small = model.measureForward(112);
        const fovea::ForwardFootprint large = model.measureForward(224);
        const double ratio = double(large.activationBytesPerImage) / small.activationBytesPerImage;
        qInfo("resnet18 activations per image: %.1f MiB at 112 px, %.1f MiB at 224 px (x%.2f)",
              small.activationBytesPerImage / 1048576.0, large.activationBytesPerImage / 1048576.0,
              ratio);
        QVERIFY2(ratio > 3.5 && ratio < 4.5, qPrintable(QString::number(ratio))); // 4x pixels
        // Every stage's output is kept for the backward pass of the stage after it.
        std::int64_t outputs = 0;
        for (const fovea::StageSummary& stage : large.stages) {
            std::int64_t elements = 1;
            for (const std::int64_t size : stage.outputShape)
                elements *= size;
            outputs += elements * std::int64_t(sizeof(float));
        }
        QVERIFY(large.activationBytesPerImage >= outputs);
        QVERIFY(large.activationBytesPerImage < 40 * outputs);
    }

    void measuringLeavesTheModelUnchanged()
    {
        QTemporaryDir dir;
        fovea::Model model("resnet18");
        const QByteArray before = exported(model, dir);
        QVERIFY(!before.isEmpty());
        (void)model.measureForward(64); // batch norm's running statistics move in training mode
        QCOMPARE(exported(model, dir), before);
    }

    void anInputTooSmallIsNamedAndChangesNothing()
    {
        // vgg11_bn: its first batch norms run (and would move their statistics) before a later
        // pooling finds nothing left of 16 px.
        QTemporaryDir dir;
        fovea::Model vgg("vgg11_bn");
        const QByteArray before = exported(vgg, dir);
        try {
            (void)vgg.measureForward(16);
            QFAIL("16 px through five poolings should fail");
        } catch (const fovea::Error& error) {
            QCOMPARE(error.code(), fovea::ErrorCode::InvalidArgument);
            QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("16 px")),
                     error.what());
        }
        QCOMPARE(exported(vgg, dir), before);
    }
};

QTEST_GUILESS_MAIN(ModelFootprintTest)
#include "ModelFootprintTest.moc"
