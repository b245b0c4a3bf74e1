// The gradient check every training step ends with (DynamicLossScaler::unscaleAndCheck): it
// must see a single NaN or Inf anywhere, must not mistake finite gradients whose sum overflows
// for broken ones, and when scaling is on must unscale, halve on overflow and grow again.
#include "DynamicLossScaler.h"

#include <QObject>
#include <QTest>

#include <torch/types.h>

#include <limits>

namespace {

/// Parameters whose gradients are set: `count` tensors of `size` elements, all `value`.
std::vector<torch::Tensor> parametersWithGradients(int count, std::int64_t size, float value)
{
    std::vector<torch::Tensor> parameters;
    for (int i = 0; i < count; ++i) {
        torch::Tensor parameter = torch::zeros({size}, torch::requires_grad());
        parameter.mutable_grad() = torch::full({size}, value);
        parameters.push_back(parameter);
    }
    return parameters;
}

} // namespace

class DynamicLossScalerTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void findsOneBadElement_data();
    void findsOneBadElement();
    void finiteGradientsWhoseSumOverflowsPass_data();
    void finiteGradientsWhoseSumOverflowsPass();
    void aNaNBesideAnOverflowingSumIsFound();
    void skipsParametersWithoutGradients();
    void enabledUnscalesHalvesAndGrows();
};

void DynamicLossScalerTest::findsOneBadElement_data()
{
    QTest::addColumn<float>("bad");
    QTest::addColumn<bool>("enabled");
    QTest::newRow("NaN") << std::numeric_limits<float>::quiet_NaN() << false;
    QTest::newRow("+Inf") << std::numeric_limits<float>::infinity() << false;
    QTest::newRow("-Inf") << -std::numeric_limits<float>::infinity() << false;
    QTest::newRow("NaN, scaling on") << std::numeric_limits<float>::quiet_NaN() << true;
}

void DynamicLossScalerTest::findsOneBadElement()
{
    QFETCH(float, bad);
    QFETCH(bool, enabled);
    fovea::DynamicLossScaler scaler(enabled);
    std::vector<torch::Tensor> parameters = parametersWithGradients(5, 1000, 0.25f);
    QVERIFY(scaler.unscaleAndCheck(parameters));
    parameters[3].mutable_grad()[777] = bad;
    QVERIFY(!scaler.unscaleAndCheck(parameters));
}

void DynamicLossScalerTest::finiteGradientsWhoseSumOverflowsPass_data()
{
    QTest::addColumn<bool>("enabled");
    QTest::newRow("scaling off") << false;
    QTest::newRow("scaling on") << true;
}

void DynamicLossScalerTest::finiteGradientsWhoseSumOverflowsPass()
{
    // 1000 × 1e36 is beyond float32's 3.4e38: the float32 sum the check starts from is Inf, yet
    // every element is finite (the float64 sum of an earlier version never overflowed here).
    QFETCH(bool, enabled);
    fovea::DynamicLossScaler scaler(enabled, 1.0);
    std::vector<torch::Tensor> parameters = parametersWithGradients(2, 1000, 1e36f);
    QVERIFY(!torch::isfinite(parameters[0].grad().sum()).item<bool>());
    QVERIFY(scaler.unscaleAndCheck(parameters));
    QCOMPARE(scaler.scale(), 1.0); // not halved to 0.5 as after a real overflow
}

void DynamicLossScalerTest::aNaNBesideAnOverflowingSumIsFound()
{
    fovea::DynamicLossScaler scaler(false);
    std::vector<torch::Tensor> parameters = parametersWithGradients(2, 1000, 1e36f);
    std::vector<torch::Tensor> small = parametersWithGradients(1, 10, 1.0f);
    small[0].mutable_grad()[4] = std::numeric_limits<float>::quiet_NaN();
    parameters.push_back(small[0]);
    QVERIFY(!scaler.unscaleAndCheck(parameters));
}

void DynamicLossScalerTest::skipsParametersWithoutGradients()
{
    fovea::DynamicLossScaler scaler(false);
    std::vector<torch::Tensor> parameters = parametersWithGradients(2, 10, 1.0f);
    parameters.push_back(torch::zeros({10}, torch::requires_grad())); // a frozen one
    QVERIFY(scaler.unscaleAndCheck(parameters));
    QVERIFY(scaler.unscaleAndCheck({}));
}

void DynamicLossScalerTest::enabledUnscalesHalvesAndGrows()
{
    fovea::DynamicLossScaler scaler(true, 1024.0, 2);
    std::vector<torch::Tensor> parameters = parametersWithGradients(1, 4, 512.0f);
    QVERIFY(scaler.unscaleAndCheck(parameters));
    QCOMPARE(parameters[0].grad()[0].item<float>(), 0.5f);
    scaler.stepTaken();
    QCOMPARE(scaler.scale(), 1024.0);
    scaler.stepTaken(); // the second clean step in a row doubles it
    QCOMPARE(scaler.scale(), 2048.0);
    parameters[0].mutable_grad()[1] = std::numeric_limits<float>::infinity();
    QVERIFY(!scaler.unscaleAndCheck(parameters));
    QCOMPARE(scaler.scale(), 1024.0);
    QCOMPARE(fovea::DynamicLossScaler(false, 1024.0).scale(), 1.0);
}

QTEST_GUILESS_MAIN(DynamicLossScalerTest)
#include "DynamicLossScalerTest.moc"
