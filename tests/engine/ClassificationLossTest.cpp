// The training criterion on cases worked out by hand (PyTorch itself is compared in
// OptimizerReferenceTest): label smoothing, class weights, and a wrong number of weights.
#include "EngineTestHelpers.h"

#include "ClassificationLoss.h"
#include "fovea/Error.h"
#include "fovea/TrainingConfig.h"

#include <QObject>
#include <QTest>

#include <torch/types.h>

#include <cmath>

using fovea::ClassificationLoss;
using fovea::TrainingConfig;

namespace {

TrainingConfig withSmoothing(double labelSmoothing, std::vector<double> classWeights = {})
{
    TrainingConfig config;
    config.labelSmoothing = labelSmoothing;
    config.classWeights = std::move(classWeights);
    return config;
}

double lossOf(const ClassificationLoss& loss, std::vector<double> logits, int classes,
              std::vector<std::int64_t> targets)
{
    const auto rows = std::int64_t(targets.size());
    return loss(torch::tensor(logits, torch::kFloat64).reshape({rows, classes}),
                torch::tensor(targets, torch::kInt64))
        .item<double>();
}

} // namespace

class ClassificationLossTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void smoothingByHand_data();
    void smoothingByHand();
    void uniformLogitsGiveLogC();
    void classWeightsByHand();
    void wrongNumberOfWeights();
};

void ClassificationLossTest::smoothingByHand_data()
{
    QTest::addColumn<double>("epsilon");
    QTest::newRow("none") << 0.0;
    QTest::newRow("0.1") << 0.1;
    QTest::newRow("0.5") << 0.5;
}

void ClassificationLossTest::smoothingByHand()
{
    // Two classes, logits (0, ln 3): probabilities 1/4 and 3/4. The target is class 0.
    // Smoothed target: (1 - ε + ε/2, ε/2), so the loss is (1 - ε/2)·ln 4 + (ε/2)·ln(4/3).
    QFETCH(double, epsilon);
    const ClassificationLoss loss(withSmoothing(epsilon), 2);
    const double value = lossOf(loss, {0.0, std::log(3.0)}, 2, {0});
    const double expected = (1.0 - epsilon / 2) * std::log(4.0) + epsilon / 2 * std::log(4.0 / 3.0);
    QVERIFY2(std::abs(value - expected) < 1e-14,
             qPrintable(QStringLiteral("%1, by hand %2").arg(value).arg(expected)));
}

void ClassificationLossTest::uniformLogitsGiveLogC()
{
    // Equal logits: every class has probability 1/C, whatever the targets and the smoothing.
    for (const double epsilon : {0.0, 0.2, 0.9}) {
        const ClassificationLoss loss(withSmoothing(epsilon), 5);
        const double value = lossOf(loss, std::vector<double>(15, 1.7), 5, {0, 4, 2});
        QVERIFY(std::abs(value - std::log(5.0)) < 1e-14);
    }
}

void ClassificationLossTest::classWeightsByHand()
{
    // Two samples of 2 classes: target 0 with p0 = 1/4, target 1 with p1 = 1/2. Weights (3, 1):
    // mean = (3·ln 4 + 1·ln 2) / (3 + 1).
    const ClassificationLoss loss(withSmoothing(0.0, {3.0, 1.0}), 2);
    const double value = lossOf(loss, {0.0, std::log(3.0), 0.0, 0.0}, 2, {0, 1});
    QVERIFY(std::abs(value - (3.0 * std::log(4.0) + std::log(2.0)) / 4.0) < 1e-14);
    // Float logits take double-precision weights without complaint.
    const torch::Tensor floatLogits = torch::zeros({2, 2}, torch::kFloat32);
    QVERIFY(std::abs(loss(floatLogits, torch::tensor({0, 1}, torch::kInt64)).item<double>() -
                     std::log(2.0)) < 1e-6);
}

void ClassificationLossTest::wrongNumberOfWeights()
{
    const auto error = fovea::testing::captureError([] {
        ClassificationLoss(withSmoothing(0.0, {1, 2, 3}), 4);
    });
    FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("'classWeights'"));
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("3 weights"));
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("4 classes"));
}

QTEST_GUILESS_MAIN(ClassificationLossTest)
#include "ClassificationLossTest.moc"
