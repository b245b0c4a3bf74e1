// Every registered architecture, built for real: its trainable parameters match the registry,
// its state-dict keys and shapes match torchvision's (../shared/reference/keys/), and a forward
// pass maps a small batch to finite logits. Rows come from the registry, so a new model gets
// these checks for free.
//
// Torch headers come first; QT_NO_KEYWORDS keeps Qt's macros out of their way.
#include "ModelFactory.h"

#include <torch/nn.h>
#include <torch/utils.h>

#include "fovea/ArchitectureRegistry.h"

#include <QFile>
#include <QMap>
#include <QObject>
#include <QPair>
#include <QStringList>
#include <QTest>

#include <string>

namespace {

QString shapeText(const torch::Tensor& tensor)
{
    QStringList sizes;
    for (std::int64_t size : tensor.sizes())
        sizes.append(QString::number(size));
    return "[" + sizes.join(", ") + "]";
}

/// key → "P [shape]" or "B [shape]" for every parameter and buffer of `model`.
QMap<QString, QString> stateDictOf(const torch::nn::Module& model)
{
    QMap<QString, QString> entries;
    for (const auto& item : model.named_parameters(/*recurse=*/true))
        entries.insert(QString::fromStdString(item.key()), "P " + shapeText(item.value()));
    for (const auto& item : model.named_buffers(/*recurse=*/true))
        entries.insert(QString::fromStdString(item.key()), "B " + shapeText(item.value()));
    return entries;
}

QString referencePath(const std::string& name)
{
    return QStringLiteral(FOVEA_SHARED_DIR "/reference/keys/%1.txt")
        .arg(QString::fromStdString(name));
}

/// Reads `key<TAB>P|B<TAB>[shape]` lines into the same form as stateDictOf().
QMap<QString, QString> readReference(const QString& path)
{
    QMap<QString, QString> entries;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return entries;
    for (const QString& line : QString::fromUtf8(file.readAll()).split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        const QStringList fields = line.split('\t');
        if (fields.size() != 3)
            return {}; // a malformed reference must not pass as an empty one
        entries.insert(fields[0], fields[1] + " " + fields[2]);
    }
    return entries;
}

std::int64_t referenceParameterCount(const QMap<QString, QString>& reference)
{
    std::int64_t count = 0;
    for (const QString& entry : reference) {
        if (!entry.startsWith("P "))
            continue;
        std::int64_t product = 1;
        const QString dims = entry.mid(2).remove('[').remove(']');
        for (const QString& dim : dims.split(", ", Qt::SkipEmptyParts))
            product *= dim.toLongLong();
        count += product;
    }
    return count;
}

/// Lists the differences between two state dicts, at most a few lines.
QString describeDifferences(const QMap<QString, QString>& actual,
                            const QMap<QString, QString>& expected)
{
    QStringList lines;
    for (auto it = expected.cbegin(); it != expected.cend() && lines.size() < 8; ++it) {
        if (!actual.contains(it.key()))
            lines.append("missing " + it.key() + " " + it.value());
        else if (actual.value(it.key()) != it.value())
            lines.append(it.key() + ": " + actual.value(it.key()) + ", expected " + it.value());
    }
    for (auto it = actual.cbegin(); it != actual.cend() && lines.size() < 8; ++it)
        if (!expected.contains(it.key()))
            lines.append("unexpected " + it.key() + " " + it.value());
    return lines.join("; ");
}

/// Families without a reference key file in shared/reference/keys: the small CNN (Fovea's
/// own) and MobileNetV2, whose keys ReferenceTest checks by loading torchvision's state dict.
bool hasNoReference(const fovea::ArchitectureInfo& info)
{
    return info.family == "Small CNN" || info.family == "ResNet-9" || info.family == "MobileNetV2";
}

/// The reference files for one registry name, with the options each describes:
/// <name>.txt, <name>_1000.txt (NASNet, 1000 classes) and <name>_noaux.txt use the default
/// options; <name>_aux.txt has the auxiliary classifiers on.
QList<QPair<QString, fovea::ModelOptions>> referenceVariants(const std::string& name)
{
    QList<QPair<QString, fovea::ModelOptions>> variants;
    fovea::ModelOptions withAux;
    withAux.auxLogits = true;
    for (const auto& [suffix, options] :
         {qMakePair(QString(), fovea::ModelOptions{}),
          qMakePair(QStringLiteral("_1000"), fovea::ModelOptions{}),
          qMakePair(QStringLiteral("_noaux"), fovea::ModelOptions{}),
          qMakePair(QStringLiteral("_aux"), withAux)}) {
        const QString path = referencePath(name + suffix.toStdString());
        if (QFile::exists(path))
            variants.append({path, options});
    }
    return variants;
}

} // namespace

class ModelZooTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesRegistryAndReference_data();
    void matchesRegistryAndReference();
    void forwardPass_data();
    void forwardPass();
    void compactStemResNet18();
    void compactStemTrainsAt32Pixels_data();
    void compactStemTrainsAt32Pixels();
    void auxOutputsOnlyInTraining();

private:
    static void addRegistryRows();
};

void ModelZooTest::initTestCase()
{
    torch::manual_seed(0);
    at::set_num_threads(2);
}

void ModelZooTest::addRegistryRows()
{
    QTest::addColumn<QString>("name");
    for (const fovea::ArchitectureInfo& info : fovea::architectures())
        QTest::newRow(info.name.c_str()) << QString::fromStdString(info.name);
}

void ModelZooTest::matchesRegistryAndReference_data()
{
    addRegistryRows();
}

void ModelZooTest::matchesRegistryAndReference()
{
    QFETCH(QString, name);
    const fovea::ArchitectureInfo& info = fovea::architecture(name.toStdString());
    const fovea::ClassifierNetPtr model = fovea::createModel(info.name, fovea::ModelOptions{});
    QVERIFY(model);
    QCOMPARE(fovea::countTrainableParameters(*model), info.parameterCount);

    // The final layer is where the registry says it is, sized for 1000 classes.
    const QMap<QString, QString> actual = stateDictOf(*model);
    const QString classifierWeight = QString::fromStdString(info.classifierName) + ".weight";
    QVERIFY2(actual.contains(classifierWeight), qPrintable(classifierWeight));
    QVERIFY2(actual.value(classifierWeight).startsWith("P [1000, "),
             qPrintable(actual.value(classifierWeight)));

    const auto variants = referenceVariants(info.name);
    if (variants.isEmpty()) {
        QVERIFY2(hasNoReference(info), qPrintable("no reference keys for " + name));
        return;
    }
    for (const auto& [path, options] : variants) {
        const fovea::ClassifierNetPtr variant = fovea::createModel(info.name, options);
        const QMap<QString, QString> expected = readReference(path);
        QVERIFY2(!expected.isEmpty(), qPrintable("unreadable reference " + path));
        // The registry's figure (default options) agrees with the reference's own model.
        if (!options.auxLogits)
            QCOMPARE(referenceParameterCount(expected), info.parameterCount);
        const QMap<QString, QString> variantDict = stateDictOf(*variant);
        QVERIFY2(variantDict == expected,
                 qPrintable(path + ": " + describeDifferences(variantDict, expected)));
    }
}

void ModelZooTest::forwardPass_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("inputSize");
    for (const fovea::ArchitectureInfo& info : fovea::architectures()) {
        const QString name = QString::fromStdString(info.name);
        QTest::addRow("%s at %d px", info.name.c_str(), info.minInputSize)
            << name << info.minInputSize;
        if (info.minInputSize < 64)
            QTest::addRow("%s at 64 px", info.name.c_str()) << name << 64;
    }
}

void ModelZooTest::forwardPass()
{
    QFETCH(QString, name);
    QFETCH(int, inputSize);
    fovea::ModelOptions options;
    options.numClasses = 10;
    const fovea::ClassifierNetPtr model = fovea::createModel(name.toStdString(), options);
    torch::NoGradGuard noGrad;
    const torch::Tensor input = torch::randn({2, 3, inputSize, inputSize});
    model->eval();
    const torch::Tensor logits = model->forward(input);
    QCOMPARE(logits.dim(), std::int64_t(2));
    QCOMPARE(logits.size(0), std::int64_t(2));
    QCOMPARE(logits.size(1), std::int64_t(10));
    QVERIFY(torch::isfinite(logits).all().item<bool>());
    // Two different images give different logits (the input reaches the output). Checked in
    // training mode: with torchvision's initialisation and fresh BatchNorm statistics, an eval
    // GoogLeNet's activations vanish and every input gives the same logits (torchvision's too).
    model->train();
    const torch::Tensor trainingLogits = model->forward(input);
    QVERIFY(torch::isfinite(trainingLogits).all().item<bool>());
    QVERIFY(!torch::allclose(trainingLogits[0], trainingLogits[1], /*rtol=*/1e-5, /*atol=*/0.0));
}

void ModelZooTest::compactStemResNet18()
{
    fovea::ModelOptions options;
    options.numClasses = 10;
    options.compactStem = true;
    const fovea::ClassifierNetPtr model = fovea::createModel("resnet18", options);

    // Same keys as torchvision's resnet18, with a 3×3 stem and a 10-class head.
    QMap<QString, QString> expected = readReference(referencePath("resnet18"));
    QVERIFY(!expected.isEmpty());
    QCOMPARE(expected.value("conv1.weight"), QStringLiteral("P [64, 3, 7, 7]"));
    expected.insert("conv1.weight", "P [64, 3, 3, 3]");
    expected.insert("fc.weight", "P [10, 512]");
    expected.insert("fc.bias", "P [10]");
    const QMap<QString, QString> actual = stateDictOf(*model);
    QVERIFY2(actual == expected, qPrintable(describeDifferences(actual, expected)));

    // Trains at 28 px: a forward and backward pass in training mode give finite gradients.
    model->train();
    const torch::Tensor input = torch::randn({2, 3, 28, 28});
    const torch::Tensor logits = model->forward(input);
    QCOMPARE(logits.sizes().vec(), std::vector<std::int64_t>({2, 10}));
    QVERIFY(torch::isfinite(logits).all().item<bool>());
    logits.sum().backward();
    for (const auto& item : model->named_parameters()) {
        QVERIFY2(item.value().grad().defined(), item.key().c_str());
        QVERIFY2(torch::isfinite(item.value().grad()).all().item<bool>(), item.key().c_str());
    }
}

void ModelZooTest::compactStemTrainsAt32Pixels_data()
{
    addRegistryRows();
}

void ModelZooTest::compactStemTrainsAt32Pixels()
{
    // Every family can train on small images (CIFAR-sized) with its compact stem.
    QFETCH(QString, name);
    if (name == "nasnetalarge" || (name.startsWith("vgg") && !name.startsWith("vgg11")) ||
        name == "wide_resnet50_2")
        QSKIP("large model: its compact stem is covered by the smaller members of its family");
    fovea::ModelOptions options;
    options.numClasses = 10;
    options.compactStem = true;
    const fovea::ClassifierNetPtr model = fovea::createModel(name.toStdString(), options);
    model->train();
    const torch::Tensor logits = model->forward(torch::randn({2, 3, 32, 32}));
    QCOMPARE(logits.sizes().vec(), std::vector<std::int64_t>({2, 10}));
    QVERIFY(torch::isfinite(logits).all().item<bool>());
    logits.sum().backward();
    bool anyGradient = false;
    for (const auto& parameter : model->parameters()) {
        if (!parameter.grad().defined())
            continue;
        anyGradient = true;
        QVERIFY(torch::isfinite(parameter.grad()).all().item<bool>());
    }
    QVERIFY(anyGradient);
}

void ModelZooTest::auxOutputsOnlyInTraining()
{
    // Families with auxiliary classifiers (GoogLeNet: two, Inception v3: one) return their
    // logits in training mode only, and only when they are switched on.
    int checked = 0;
    for (const fovea::ArchitectureInfo& info : fovea::architectures()) {
        if (info.auxLossWeight <= 0.0)
            continue;
        ++checked;
        const int auxHeads = info.family == "GoogLeNet" ? 2 : 1;
        fovea::ModelOptions options;
        options.numClasses = 5;
        options.auxLogits = true;
        const fovea::ClassifierNetPtr model = fovea::createModel(info.name, options);
        const int size = info.defaultInputSize;
        const torch::Tensor input = torch::randn({2, 3, size, size});
        model->train();
        const fovea::ModelOutput training = model->forwardWithAux(input);
        QCOMPARE(int(training.auxLogits.size()), auxHeads);
        for (const torch::Tensor& aux : training.auxLogits)
            QCOMPARE(aux.sizes().vec(), std::vector<std::int64_t>({2, 5}));
        model->eval();
        {
            torch::NoGradGuard noGrad;
            QVERIFY(model->forwardWithAux(input).auxLogits.empty());
        }
        options.auxLogits = false;
        const fovea::ClassifierNetPtr plain = fovea::createModel(info.name, options);
        plain->train();
        QVERIFY(plain->forwardWithAux(input).auxLogits.empty());
    }
    if (checked == 0)
        QSKIP("no architecture with auxiliary classifiers is registered");
}

QTEST_GUILESS_MAIN(ModelZooTest)
#include "ModelZooTest.moc"
