// The optimisers Fovea builds from a config against torch.optim, and the training loss against
// torch.nn.functional.cross_entropy, on the same tensors (made by /usr/bin/python3's PyTorch).
#include "EngineTestHelpers.h"
#include "PythonReference.h"

#include "ClassificationLoss.h"
#include "OptimizerFactory.h"
#include "fovea/TrainingConfig.h"

#include <QJsonArray>
#include <QObject>
#include <QTest>

#include <torch/types.h>

#include <cmath>
#include <vector>

using fovea::TrainingConfig;

namespace {

constexpr int kSteps = 3;
constexpr double kParameterTolerance = 1e-6; // absolute, after three steps

struct OptimizerCase {
    QString name;
    TrainingConfig config;
};

TrainingConfig optimizerConfig(const char* optimizer, double learningRate, double weightDecay)
{
    TrainingConfig config;
    config.optimizer = optimizer;
    config.learningRate = learningRate;
    config.weightDecay = weightDecay;
    config.momentum = 0.0;
    return config;
}

std::vector<OptimizerCase> optimizerCases()
{
    std::vector<OptimizerCase> cases;
    cases.push_back({"sgd", optimizerConfig("sgd", 0.1, 0.0)});
    TrainingConfig c = optimizerConfig("sgd", 0.1, 0.01);
    c.momentum = 0.9;
    cases.push_back({"sgd, momentum, weight decay", c});
    c.nesterov = true;
    c.decayNormAndBias = false;
    cases.push_back({"sgd, nesterov, no decay on norm and bias", c});
    cases.push_back({"rmsprop, PyTorch's defaults", optimizerConfig("rmsprop", 0.01, 0.0)});
    c = optimizerConfig("rmsprop", 0.045, 4e-5);
    c.rmspropAlpha = 0.9; // Inception v3's recipe: decay 0.9, epsilon 1.0, momentum 0.9
    c.rmspropEps = 1.0;
    c.momentum = 0.9;
    cases.push_back({"rmsprop, Inception's settings", c});
    cases.push_back({"adam", optimizerConfig("adam", 0.01, 0.0)});
    c = optimizerConfig("adam", 0.01, 0.1);
    c.adamBeta1 = 0.8;
    c.adamBeta2 = 0.99;
    c.adamEps = 1e-6;
    c.decayNormAndBias = false;
    cases.push_back({"adam, betas, L2, no decay on norm and bias", c});
    cases.push_back({"adamw", optimizerConfig("adamw", 0.01, 0.05)});
    c = optimizerConfig("adamw", 0.01, 0.05);
    c.decayNormAndBias = false;
    cases.push_back({"adamw, no decay on norm and bias", c});
    return cases;
}

/// A rate per step, changing, so that setting the rate on every parameter group is tested too.
std::vector<double> ratesFor(const TrainingConfig& config)
{
    return {config.learningRate, config.learningRate * 0.5, config.learningRate * 0.25};
}

torch::Tensor tensorFrom(const QJsonObject& entry)
{
    std::vector<std::int64_t> shape;
    for (const QJsonValue& size : entry["shape"].toArray())
        shape.push_back(size.toInteger());
    const std::vector<double> values = fovea::testing::doubles(entry["values"].toArray());
    return torch::tensor(values, torch::kFloat64).reshape(shape);
}

std::vector<torch::Tensor> tensorsFrom(const QJsonArray& entries)
{
    std::vector<torch::Tensor> tensors;
    for (const QJsonValue& entry : entries)
        tensors.push_back(tensorFrom(entry.toObject()));
    return tensors;
}

struct LossCase {
    const char* name;
    double labelSmoothing;
    bool weighted;
};

const LossCase kLossCases[] = {{"plain", 0.0, false},
                               {"smoothing 0.1", 0.1, false},
                               {"smoothing 0.3", 0.3, false},
                               {"class weights", 0.0, true},
                               {"smoothing 0.2 and class weights", 0.2, true}};
constexpr int kBatch = 9;
constexpr int kClasses = 5;

} // namespace

class OptimizerReferenceTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void optimizerMatchesPyTorch_data();
    void optimizerMatchesPyTorch();
    void lossMatchesPyTorch_data();
    void lossMatchesPyTorch();
    void cleanupTestCase();

private:
    QJsonObject m_optimizers;
    QJsonObject m_loss;
    double m_worstParameter = 0.0;
    double m_worstLoss = 0.0;
};

void OptimizerReferenceTest::initTestCase()
{
    QJsonArray cases;
    for (const OptimizerCase& c : optimizerCases()) {
        QJsonArray rates;
        for (const double rate : ratesFor(c.config))
            rates.append(rate);
        cases.append(QJsonObject{{"name", c.name},
                                 {"config", fovea::testing::configObject(c.config)},
                                 {"rates", rates}});
    }
    QString error;
    m_optimizers = fovea::testing::askPyTorch(
                       "optimizers", {{"seed", 11}, {"steps", kSteps}, {"cases", cases}}, error)
                       .object();
    QVERIFY2(error.isEmpty(), qPrintable(error));

    QJsonArray lossCases;
    for (const LossCase& c : kLossCases)
        lossCases.append(QJsonObject{
            {"name", c.name}, {"labelSmoothing", c.labelSmoothing}, {"weighted", c.weighted}});
    m_loss =
        fovea::testing::askPyTorch(
            "loss", {{"seed", 5}, {"batch", kBatch}, {"classes", kClasses}, {"cases", lossCases}},
            error)
            .object();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void OptimizerReferenceTest::optimizerMatchesPyTorch_data()
{
    QTest::addColumn<int>("index");
    const std::vector<OptimizerCase> cases = optimizerCases();
    for (std::size_t i = 0; i < cases.size(); ++i)
        QTest::newRow(qPrintable(cases[i].name)) << int(i);
}

void OptimizerReferenceTest::optimizerMatchesPyTorch()
{
    QFETCH(int, index);
    const OptimizerCase c = optimizerCases()[std::size_t(index)];
    const QJsonArray initialEntries = m_optimizers["initial"].toArray();
    std::vector<torch::Tensor> parameters;
    for (const torch::Tensor& initial : tensorsFrom(initialEntries))
        parameters.push_back(initial.clone().requires_grad_(true));
    const std::vector<torch::Tensor> initial = tensorsFrom(initialEntries);
    const QJsonArray grads = m_optimizers["grads"].toArray();
    QCOMPARE(grads.size(), kSteps);

    const auto optimizer = fovea::createOptimizer(c.config, parameters);
    const std::vector<double> rates = ratesFor(c.config);
    for (int step = 0; step < kSteps; ++step) {
        fovea::setLearningRate(*optimizer, rates[std::size_t(step)]);
        const std::vector<torch::Tensor> gradients = tensorsFrom(grads[step].toArray());
        for (std::size_t i = 0; i < parameters.size(); ++i)
            parameters[i].mutable_grad() = gradients[i].clone();
        optimizer->step();
    }

    const std::vector<torch::Tensor> expected =
        tensorsFrom(m_optimizers["final"][c.name].toArray());
    QCOMPARE(expected.size(), parameters.size());
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        const QString name = initialEntries[int(i)]["name"].toString();
        const double difference = (parameters[i].detach() - expected[i]).abs().max().item<double>();
        m_worstParameter = std::max(m_worstParameter, difference);
        QVERIFY2(
            difference <= kParameterTolerance,
            qPrintable(QStringLiteral("%1 differs from PyTorch by %2").arg(name).arg(difference)));
        // Every tensor moved, so matching PyTorch is not matching the starting point.
        QVERIFY2((expected[i] - initial[i]).abs().max().item<double>() > 1e-4, qPrintable(name));
    }
}

void OptimizerReferenceTest::lossMatchesPyTorch_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<bool>("singlePrecision");
    for (int i = 0; i < int(std::size(kLossCases)); ++i) {
        QTest::addRow("%s, float64", kLossCases[i].name) << i << false;
        QTest::addRow("%s, float32", kLossCases[i].name) << i << true;
    }
}

void OptimizerReferenceTest::lossMatchesPyTorch()
{
    QFETCH(int, index);
    QFETCH(bool, singlePrecision);
    const LossCase& c = kLossCases[index];
    TrainingConfig config;
    config.labelSmoothing = c.labelSmoothing;
    if (c.weighted)
        config.classWeights = fovea::testing::doubles(m_loss["weights"].toArray());
    const fovea::ClassificationLoss loss(config, kClasses);

    torch::Tensor logits =
        torch::tensor(fovea::testing::doubles(m_loss["logits"].toArray()), torch::kFloat64)
            .reshape({kBatch, kClasses});
    if (singlePrecision)
        logits = logits.to(torch::kFloat32);
    std::vector<std::int64_t> targetValues;
    for (const QJsonValue& target : m_loss["targets"].toArray())
        targetValues.push_back(target.toInteger());
    const torch::Tensor targets = torch::tensor(targetValues, torch::kInt64);

    const double value = loss(logits, targets).item<double>();
    const double expected = m_loss["losses"][QString::fromLatin1(c.name)].toDouble();
    const double difference = fovea::testing::relativeDifference(value, expected);
    if (!singlePrecision)
        m_worstLoss = std::max(m_worstLoss, difference);
    QVERIFY2(difference <= (singlePrecision ? 1e-6 : 1e-12),
             qPrintable(QStringLiteral("loss %1, PyTorch %2")
                            .arg(value, 0, 'g', 17)
                            .arg(expected, 0, 'g', 17)));
    // Smoothing and weights change the value: the plain loss differs from every other case.
    if (index > 0)
        QVERIFY(std::abs(expected - m_loss["losses"][QStringLiteral("plain")].toDouble()) > 1e-3);
}

void OptimizerReferenceTest::cleanupTestCase()
{
    qInfo("largest difference from PyTorch: parameters %.3g (absolute), loss %.3g (relative)",
          m_worstParameter, m_worstLoss);
}

QTEST_GUILESS_MAIN(OptimizerReferenceTest)
#include "OptimizerReferenceTest.moc"
