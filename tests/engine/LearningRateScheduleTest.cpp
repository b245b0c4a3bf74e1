// Properties of the learning-rate schedules that hold whatever PyTorch says (the numbers
// themselves are checked against PyTorch in ScheduleReferenceTest): the shape of each curve, the
// unchanged default, errors, and ReduceLrOnPlateau's rules on hand-made metric sequences.
#include "EngineTestHelpers.h"

#include "fovea/Error.h"
#include "fovea/LearningRateSchedule.h"
#include "fovea/ReduceLrOnPlateau.h"
#include "fovea/TrainingConfig.h"

#include <QObject>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>

using fovea::ErrorCode;
using fovea::ReduceLrOnPlateau;
using fovea::TrainingConfig;
using fovea::testing::captureError;

namespace {

TrainingConfig schedule(const char* name, int epochs = 4, double learningRate = 0.1)
{
    TrainingConfig config;
    config.schedule = name;
    config.epochs = epochs;
    config.learningRate = learningRate;
    config.milestones = {2};
    return config;
}

/// Feeds `values` and returns the rate after each.
std::vector<double> feed(ReduceLrOnPlateau& plateau, const std::vector<double>& values)
{
    std::vector<double> rates;
    for (const double value : values) {
        plateau.update(value);
        rates.push_back(plateau.learningRate());
    }
    return rates;
}

} // namespace

class LearningRateScheduleTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultCosineIsUnchanged_data();
    void defaultCosineIsUnchanged();
    void curveHasOneRatePerStep_data();
    void curveHasOneRatePerStep();
    void warmupRisesToThePeak();
    void oneCycleRisesThenFalls();
    void epochSchedulesChangeOnlyAtEpochBoundaries();
    void badInputsAreErrors();
    void plateauWaitsForPatience();
    void plateauCooldownAndFloor();
    void plateauAutoModeFollowsTheMetric();
    void plateauNanIsNeverBetter();
    void plateauStateRestores();
};

void LearningRateScheduleTest::defaultCosineIsUnchanged_data()
{
    QTest::addColumn<int>("epochs");
    QTest::addColumn<int>("stepsPerEpoch");
    QTest::newRow("5 epochs of 13") << 5 << 13;
    QTest::newRow("1 epoch of 1") << 1 << 1;
    QTest::newRow("3 epochs of 469") << 3 << 469;
}

void LearningRateScheduleTest::defaultCosineIsUnchanged()
{
    // Runs made before warm-up and floors existed keep their numbers to the bit:
    // peak · ½(1 + cos(π · step / total)), from step 0.
    QFETCH(int, epochs);
    QFETCH(int, stepsPerEpoch);
    TrainingConfig config;
    config.epochs = epochs;
    config.learningRate = 0.0123;
    QCOMPARE(config.schedule, std::string("cosine"));
    const std::vector<double> curve = fovea::learningRateCurve(config, stepsPerEpoch);
    const double total = double(epochs) * stepsPerEpoch;
    QCOMPARE(curve.size(), std::size_t(total));
    for (std::size_t step = 0; step < curve.size(); ++step)
        QVERIFY2(curve[step] == 0.0123 * 0.5 * (1.0 + std::cos(M_PI * double(step) / total)),
                 qPrintable(QString::number(step)));
}

void LearningRateScheduleTest::curveHasOneRatePerStep_data()
{
    QTest::addColumn<QString>("name");
    for (const std::string& name : TrainingConfig::scheduleNames())
        QTest::newRow(name.c_str()) << QString::fromStdString(name);
}

void LearningRateScheduleTest::curveHasOneRatePerStep()
{
    QFETCH(QString, name);
    const TrainingConfig config = schedule(name.toLatin1().constData(), 3, 0.2);
    const std::vector<double> curve = fovea::learningRateCurve(config, 17);
    QCOMPARE(curve.size(), std::size_t(3 * 17));
    for (std::size_t step = 0; step < curve.size(); ++step) {
        QVERIFY(curve[step] > 0.0 && curve[step] <= 0.2);
        QCOMPARE(fovea::learningRateAt(config, std::int64_t(step), 17), curve[step]);
    }
    // Steps past the end keep the last rate (a resumed or extended run never reads garbage).
    QCOMPARE(fovea::learningRateAt(config, 3 * 17 + 5, 17), curve.back());
    if (name == "constant" || name == "plateau") // plateau's reductions come from metrics
        QVERIFY(std::all_of(curve.begin(), curve.end(), [](double r) { return r == 0.2; }));
}

void LearningRateScheduleTest::warmupRisesToThePeak()
{
    TrainingConfig config = schedule("cosine", 5, 0.4);
    config.warmupEpochs = 2.0;
    config.minLearningRate = 0.01;
    const int stepsPerEpoch = 10;
    const std::vector<double> curve = fovea::learningRateCurve(config, stepsPerEpoch);
    const int warmup = 20;
    QVERIFY(curve[0] > 0.0);
    for (int step = 1; step <= warmup; ++step)
        QVERIFY2(curve[step] > curve[step - 1], qPrintable(QString::number(step)));
    QCOMPARE(curve[warmup], 0.4); // the peak, where the cosine starts
    for (std::size_t step = warmup + 1; step < curve.size(); ++step)
        QVERIFY(curve[step] < curve[step - 1] && curve[step] > 0.01);
    // Half-way through the cosine it is half-way between peak and floor.
    QVERIFY(std::abs(curve[warmup + 15] - (0.4 + 0.01) / 2) < 1e-12);
}

void LearningRateScheduleTest::oneCycleRisesThenFalls()
{
    TrainingConfig config = schedule("onecycle", 10, 0.5);
    const std::vector<double> curve = fovea::learningRateCurve(config, 10);
    QCOMPARE(curve.front(), 0.5 / config.oneCycleDivFactor);
    const auto peak = std::max_element(curve.begin(), curve.end());
    QCOMPARE(*peak, 0.5);
    QCOMPARE(int(peak - curve.begin()), 29); // pct_start 0.3 of 100 steps, ending at step 29
    QVERIFY(std::is_sorted(curve.begin(), peak + 1));
    QVERIFY(std::is_sorted(peak, curve.end(), std::greater<double>()));
    const double last = 0.5 / config.oneCycleDivFactor / config.oneCycleFinalDivFactor;
    QVERIFY(std::abs(curve.back() - last) < 1e-15);
}

void LearningRateScheduleTest::epochSchedulesChangeOnlyAtEpochBoundaries()
{
    TrainingConfig config = schedule("multistep", 6, 1.0);
    config.milestones = {2, 5};
    config.gamma = 0.5;
    const std::vector<double> curve = fovea::learningRateCurve(config, 4);
    for (int epoch = 0; epoch < 6; ++epoch) {
        const double expected = epoch < 2 ? 1.0 : epoch < 5 ? 0.5 : 0.25;
        for (int batch = 0; batch < 4; ++batch)
            QCOMPARE(curve[std::size_t(epoch * 4 + batch)], expected);
    }
    config = schedule("step", 7, 1.0);
    config.stepEpochs = 3;
    config.gamma = 0.1;
    QCOMPARE(fovea::learningRateAt(config, 8, 3), 1.0);                     // epoch 2
    QCOMPARE(fovea::learningRateAt(config, 9, 3), 1.0 * 0.1);               // epoch 3
    QCOMPARE(fovea::learningRateAt(config, 18, 3), 1.0 * std::pow(0.1, 2)); // epoch 6
}

void LearningRateScheduleTest::badInputsAreErrors()
{
    const TrainingConfig good = schedule("cosine");
    auto error = captureError([&] { fovea::learningRateCurve(good, 0); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("steps per epoch"));
    error = captureError([&] { fovea::learningRateAt(good, 0, -3); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);

    TrainingConfig bad = schedule("triangle");
    error = captureError([&] { fovea::learningRateCurve(bad, 10); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("'schedule'"));
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("onecycle"));
    error = captureError([&] { ReduceLrOnPlateau{bad}; });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);

    bad = schedule("cosine", 2);
    bad.warmupEpochs = 2.0;
    error = captureError([&] { fovea::learningRateCurve(bad, 10); });
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("'warmupEpochs'"));
}

void LearningRateScheduleTest::plateauWaitsForPatience()
{
    TrainingConfig config = schedule("plateau", 20, 1.0);
    config.plateauPatience = 2;
    config.plateauFactor = 0.5;
    ReduceLrOnPlateau plateau(config);
    QCOMPARE(plateau.metric(), std::string("val_loss"));
    QVERIFY(!plateau.maximises());
    // Improves twice, then three epochs without (0.9 is not 1e-4 below 0.9): the third cuts.
    QCOMPARE(feed(plateau, {1.0, 0.9, 0.95, 0.9, 0.92}),
             std::vector<double>({1.0, 1.0, 1.0, 1.0, 0.5}));
    QCOMPARE(plateau.state().badEpochs, 0);
    QCOMPARE(plateau.state().best, 0.9);
    // A clear improvement resets the count.
    QCOMPARE(feed(plateau, {0.91, 0.8, 0.85, 0.85}), std::vector<double>({0.5, 0.5, 0.5, 0.5}));
    QCOMPARE(plateau.state().badEpochs, 2);
}

void LearningRateScheduleTest::plateauCooldownAndFloor()
{
    TrainingConfig config = schedule("plateau", 20, 1.0);
    config.plateauPatience = 0;
    config.plateauCooldown = 2;
    config.plateauFactor = 0.1;
    config.minLearningRate = 0.005;
    ReduceLrOnPlateau plateau(config);
    // Patience 0: every epoch without improvement cuts, except the two after a cut.
    QCOMPARE(feed(plateau, {1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0}),
             std::vector<double>({1.0, 0.1, 0.1, 0.1, 0.1 * 0.1, 0.1 * 0.1, 0.1 * 0.1, 0.005}));
    QVERIFY(!plateau.update(1.0)); // at the floor: nothing left to cut
    QVERIFY(!plateau.update(1.0));
    QVERIFY(!plateau.update(1.0));
    QCOMPARE(plateau.learningRate(), 0.005);
}

void LearningRateScheduleTest::plateauAutoModeFollowsTheMetric()
{
    TrainingConfig config = schedule("plateau");
    config.plateauMetric = "val_accuracy";
    QVERIFY(ReduceLrOnPlateau(config).maximises());
    config.plateauMetric = "train_loss";
    QVERIFY(!ReduceLrOnPlateau(config).maximises());
    config.plateauMode = "max";
    QVERIFY(ReduceLrOnPlateau(config).maximises());

    config.plateauMetric = "val_accuracy";
    config.plateauMode = "auto";
    config.plateauPatience = 0;
    config.plateauThresholdMode = "abs";
    config.plateauThreshold = 0.01;
    ReduceLrOnPlateau plateau(config);
    // Rising accuracy is improvement; a rise of less than 0.01 is not.
    QCOMPARE(feed(plateau, {0.5, 0.6, 0.605}), std::vector<double>({0.1, 0.1, 0.1 * 0.1}));
}

void LearningRateScheduleTest::plateauNanIsNeverBetter()
{
    TrainingConfig config = schedule("plateau");
    config.plateauPatience = 1;
    ReduceLrOnPlateau plateau(config);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    QCOMPARE(feed(plateau, {nan, nan}), std::vector<double>({0.1, 0.1 * 0.1}));
    QVERIFY(std::isinf(plateau.state().best));
}

void LearningRateScheduleTest::plateauStateRestores()
{
    TrainingConfig config = schedule("plateau");
    config.plateauPatience = 1;
    config.plateauCooldown = 1;
    ReduceLrOnPlateau first(config);
    feed(first, {1.0, 1.0, 1.0});
    ReduceLrOnPlateau second(config);
    second.restore(first.state());
    const std::vector<double> more{1.0, 0.5, 0.6, 0.7, 0.8, 0.9};
    QCOMPARE(feed(second, more), feed(first, more));
    QVERIFY(second.learningRate() < 0.1 * 0.1);
}

QTEST_GUILESS_MAIN(LearningRateScheduleTest)
#include "LearningRateScheduleTest.moc"
