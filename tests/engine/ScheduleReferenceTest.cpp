// Every learning-rate schedule against PyTorch's torch.optim.lr_scheduler for the same settings,
// step by step, and reduce-on-plateau against ReduceLROnPlateau fed the same metrics.
#include "EngineTestHelpers.h"
#include "PythonReference.h"

#include "fovea/LearningRateSchedule.h"
#include "fovea/ReduceLrOnPlateau.h"
#include "fovea/TrainingConfig.h"

#include <QJsonArray>
#include <QObject>
#include <QTest>

#include <cmath>
#include <functional>
#include <map>

using fovea::TrainingConfig;
using fovea::testing::relativeDifference;

namespace {

constexpr double kTolerance = 1e-9; // relative, every step

struct ScheduleCase {
    QString name;
    TrainingConfig config;
    int stepsPerEpoch = 1;
};

TrainingConfig scheduleConfig(const char* schedule, int epochs, double learningRate)
{
    TrainingConfig config;
    config.schedule = schedule;
    config.epochs = epochs;
    config.learningRate = learningRate;
    return config;
}

// Odd step counts and epoch counts on purpose: boundaries must fall where PyTorch puts them.
std::vector<ScheduleCase> scheduleCases()
{
    std::vector<ScheduleCase> cases;
    auto add = [&](const char* name, TrainingConfig config, int stepsPerEpoch) {
        cases.push_back({QString::fromLatin1(name), std::move(config), stepsPerEpoch});
    };
    add("constant", scheduleConfig("constant", 3, 0.05), 7);
    TrainingConfig c = scheduleConfig("step", 10, 0.1);
    c.stepEpochs = 3;
    c.gamma = 0.5;
    add("step every 3 epochs", c, 5);
    c = scheduleConfig("step", 7, 0.8);
    c.stepEpochs = 2;
    c.gamma = 0.1;
    add("step, one step per epoch", c, 1);
    c = scheduleConfig("multistep", 12, 0.2);
    c.milestones = {2, 5, 9};
    c.gamma = 0.3;
    add("multistep 2, 5, 9", c, 4);
    c = scheduleConfig("multistep", 6, 0.2);
    c.milestones = {1, 40};
    c.gamma = 0.5;
    add("multistep with a milestone past the end", c, 3);
    c = scheduleConfig("exponential", 8, 0.3);
    c.gamma = 0.9;
    add("exponential 0.9", c, 3);
    add("cosine, the default", scheduleConfig("cosine", 5, 0.05), 13);
    c = scheduleConfig("cosine", 6, 0.4);
    c.warmupEpochs = 1.0;
    c.minLearningRate = 1e-4;
    add("cosine, 1 warm-up epoch, floor 1e-4", c, 10);
    c = scheduleConfig("cosine", 9, 0.1);
    c.warmupEpochs = 2.5;
    add("cosine, 2.5 warm-up epochs", c, 8);
    c = scheduleConfig("cosine", 2, 0.1);
    c.warmupEpochs = 0.2;
    c.minLearningRate = 0.01;
    add("cosine, one warm-up step", c, 5);
    add("onecycle, PyTorch's defaults", scheduleConfig("onecycle", 4, 0.1), 25);
    c = scheduleConfig("onecycle", 3, 0.5);
    c.oneCyclePctStart = 0.25;
    c.oneCycleDivFactor = 10.0;
    c.oneCycleFinalDivFactor = 100.0;
    add("onecycle 0.25, 10, 100", c, 11);
    c = scheduleConfig("onecycle", 2, 1.0);
    c.oneCyclePctStart = 0.45;
    add("onecycle 0.45", c, 50);
    return cases;
}

struct PlateauCase {
    QString name;
    TrainingConfig config;
    std::vector<double> metrics;
};

TrainingConfig plateauConfig(const char* metric, const char* mode, int patience, int cooldown)
{
    TrainingConfig config = scheduleConfig("plateau", 40, 0.1);
    config.plateauMetric = metric;
    config.plateauMode = mode;
    config.plateauPatience = patience;
    config.plateauCooldown = cooldown;
    return config;
}

std::vector<PlateauCase> plateauCases()
{
    // A loss that falls, stalls with small wiggles, falls again and stalls for good.
    std::vector<double> loss;
    for (int epoch = 0; epoch < 40; ++epoch)
        loss.push_back(epoch < 6    ? 2.0 / (1.0 + epoch)
                       : epoch < 14 ? 0.33 + 0.004 * std::sin(epoch * 1.7)
                       : epoch < 18 ? 0.33 - 0.03 * (epoch - 13)
                                    : 0.21 + 0.00001 * std::cos(epoch * 0.9));
    std::vector<double> accuracy;
    for (const double value : loss)
        accuracy.push_back(1.0 - value / 2.2);

    std::vector<PlateauCase> cases;
    TrainingConfig c = plateauConfig("val_loss", "min", 2, 0);
    c.plateauFactor = 0.5;
    cases.push_back({"val_loss, min, patience 2", c, loss});
    c = plateauConfig("val_accuracy", "auto", 1, 2);
    c.plateauThreshold = 0.01;
    cases.push_back({"val_accuracy, auto (max), cooldown 2, threshold 1%", c, accuracy});
    c = plateauConfig("train_loss", "min", 0, 1);
    c.plateauThresholdMode = "abs";
    c.plateauThreshold = 0.05;
    c.plateauFactor = 0.2;
    c.minLearningRate = 1e-3;
    cases.push_back({"abs threshold, patience 0, down to the floor", c, loss});
    c = plateauConfig("train_accuracy", "max", 3, 0);
    c.plateauThresholdMode = "abs";
    c.plateauThreshold = 0.0;
    c.minLearningRate = 0.1 * 0.1 * 0.1 - 5e-9; // a last cut smaller than PyTorch's eps of 1e-8
    cases.push_back({"max, abs 0, floor within eps", c, accuracy});
    c = plateauConfig("val_loss", "max", 2, 0); // the wrong way round: every rising wiggle counts
    cases.push_back({"val_loss watched with mode max", c, loss});
    return cases;
}

} // namespace

class ScheduleReferenceTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesPyTorch_data();
    void matchesPyTorch();
    void plateauMatchesPyTorch_data();
    void plateauMatchesPyTorch();
    void cleanupTestCase();

private:
    QJsonObject m_curves;
    QJsonObject m_plateau;
    double m_worstSchedule = 0.0;
    double m_worstPlateau = 0.0;
};

void ScheduleReferenceTest::initTestCase()
{
    QJsonArray cases;
    for (const ScheduleCase& c : scheduleCases())
        cases.append(QJsonObject{{"name", c.name},
                                 {"config", fovea::testing::configObject(c.config)},
                                 {"stepsPerEpoch", c.stepsPerEpoch}});
    QString error;
    m_curves = fovea::testing::askPyTorch("schedules", {{"cases", cases}}, error).object();
    QVERIFY2(error.isEmpty(), qPrintable(error));

    QJsonArray plateau;
    for (const PlateauCase& c : plateauCases()) {
        QJsonArray metrics;
        for (const double value : c.metrics)
            metrics.append(value);
        plateau.append(QJsonObject{{"name", c.name},
                                   {"config", fovea::testing::configObject(c.config)},
                                   {"metrics", metrics}});
    }
    m_plateau = fovea::testing::askPyTorch("plateau", {{"cases", plateau}}, error).object();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void ScheduleReferenceTest::matchesPyTorch_data()
{
    QTest::addColumn<int>("index");
    const std::vector<ScheduleCase> cases = scheduleCases();
    for (std::size_t i = 0; i < cases.size(); ++i)
        QTest::newRow(qPrintable(cases[i].name)) << int(i);
}

void ScheduleReferenceTest::matchesPyTorch()
{
    QFETCH(int, index);
    const ScheduleCase c = scheduleCases()[std::size_t(index)];
    const std::vector<double> expected = fovea::testing::doubles(m_curves[c.name].toArray());
    const std::vector<double> curve = fovea::learningRateCurve(c.config, c.stepsPerEpoch);
    QCOMPARE(curve.size(), std::size_t(c.config.epochs * c.stepsPerEpoch));
    QCOMPARE(curve.size(), expected.size());
    for (std::size_t step = 0; step < curve.size(); ++step) {
        const double difference = relativeDifference(curve[step], expected[step]);
        m_worstSchedule = std::max(m_worstSchedule, difference);
        QVERIFY2(difference <= kTolerance, qPrintable(QStringLiteral("step %1: %2, PyTorch %3")
                                                          .arg(step)
                                                          .arg(curve[step], 0, 'g', 17)
                                                          .arg(expected[step], 0, 'g', 17)));
        // learningRateAt is what the trainer calls: the same number.
        QCOMPARE(fovea::learningRateAt(c.config, std::int64_t(step), c.stepsPerEpoch), curve[step]);
    }
    // The curve moves at all (except "constant"), so a schedule that ignored its settings fails.
    const auto [low, high] = std::minmax_element(curve.begin(), curve.end());
    QCOMPARE(*low < *high, c.config.schedule != "constant");
}

void ScheduleReferenceTest::plateauMatchesPyTorch_data()
{
    QTest::addColumn<int>("index");
    const std::vector<PlateauCase> cases = plateauCases();
    for (std::size_t i = 0; i < cases.size(); ++i)
        QTest::newRow(qPrintable(cases[i].name)) << int(i);
}

void ScheduleReferenceTest::plateauMatchesPyTorch()
{
    QFETCH(int, index);
    const PlateauCase c = plateauCases()[std::size_t(index)];
    const std::vector<double> expected = fovea::testing::doubles(m_plateau[c.name].toArray());
    QCOMPARE(expected.size(), c.metrics.size());
    fovea::ReduceLrOnPlateau plateau(c.config);
    int reductions = 0;
    for (std::size_t epoch = 0; epoch < c.metrics.size(); ++epoch) {
        const double before = plateau.learningRate();
        const bool lowered = plateau.update(c.metrics[epoch]);
        reductions += lowered ? 1 : 0;
        QCOMPARE(lowered, plateau.learningRate() < before);
        const double difference = relativeDifference(plateau.learningRate(), expected[epoch]);
        m_worstPlateau = std::max(m_worstPlateau, difference);
        QVERIFY2(difference <= kTolerance, qPrintable(QStringLiteral("epoch %1: %2, PyTorch %3")
                                                          .arg(epoch + 1)
                                                          .arg(plateau.learningRate(), 0, 'g', 17)
                                                          .arg(expected[epoch], 0, 'g', 17)));
    }
    QVERIFY2(reductions >= 2, "the case does not exercise reductions");
}

void ScheduleReferenceTest::cleanupTestCase()
{
    qInfo("largest relative difference from PyTorch: schedules %.3g, plateau %.3g", m_worstSchedule,
          m_worstPlateau);
}

QTEST_GUILESS_MAIN(ScheduleReferenceTest)
#include "ScheduleReferenceTest.moc"
