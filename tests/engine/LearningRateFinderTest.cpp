// The learning-rate range test: the rates it tries, the smoothing of the loss, stopping on
// divergence, the suggestion (and that training at it learns), and the options it refuses.
#include "EngineTestHelpers.h"
#include "RecordingObserver.h"
#include "SyntheticIdx.h"

#include "fovea/Error.h"
#include "fovea/LearningRateFinder.h"
#include "fovea/Trainer.h"
#include "fovea/TrainingConfig.h"

#include <QDir>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <cmath>
#include <vector>

using fovea::LrFindOptions;
using fovea::LrFindResult;
using fovea::TrainingConfig;
using fovea::testing::captureError;

class LearningRateFinderTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void ratesGrowGeometrically();
    void smoothedLossIsTheBiasCorrectedAverage();
    void tooHighEndRateDiverges();
    void suggestionLiesBeforeTheDivergence();
    void trainingAtTheSuggestionLearns();
    void stopEndsTheTestEarly();
    void badOptionsAreNamed_data();
    void badOptionsAreNamed();

private:
    TrainingConfig baseConfig() const;

    QTemporaryDir m_dir;
    QString m_dataset;   ///< 256 + 64 images of 12×12 px, 4 classes
    LrFindResult m_full; ///< the range 1e-7 … 1e3 over 100 steps, run once and shared
};

void LearningRateFinderTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    fovea::testing::SyntheticIdxOptions options;
    options.trainCount = 256;
    options.testCount = 64;
    options.size = 12;
    options.classes = 4;
    m_dataset = m_dir.filePath("synthetic");
    fovea::testing::writeSyntheticIdxDataset(m_dataset.toStdString(), options);
    // With batch norm the small network survives rates up to about 30 on this easy set: go
    // well past that, so that the curve has its dip and its blow-up.
    LrFindOptions findOptions;
    findOptions.endLr = 1e3;
    m_full = fovea::findLearningRate(baseConfig(), findOptions);
}

TrainingConfig LearningRateFinderTest::baseConfig() const
{
    TrainingConfig config;
    config.dataset = m_dataset.toStdString();
    config.architecture = "small-cnn";
    config.batchSize = 32;
    config.threads = 1;
    config.loaderWorkers = 1;
    config.seed = 3;
    config.runsFolder = m_dir.filePath("runs").toStdString();
    return config;
}

void LearningRateFinderTest::ratesGrowGeometrically()
{
    LrFindOptions options;
    options.startLr = 1e-5;
    options.endLr = 1e-2;
    options.steps = 20; // 8 batches an epoch: the loader goes round more than twice
    options.divergeFactor = 1e6;
    const LrFindResult result = fovea::findLearningRate(baseConfig(), options);
    QVERIFY(!result.diverged);
    QCOMPARE(result.learningRates.size(), std::size_t(20));
    QCOMPARE(result.losses.size(), std::size_t(20));
    QCOMPARE(result.rawLosses.size(), std::size_t(20));
    QVERIFY(std::abs(result.learningRates.front() / 1e-5 - 1.0) < 1e-12);
    QVERIFY(std::abs(result.learningRates.back() / 1e-2 - 1.0) < 1e-12);
    const double ratio = std::pow(1e3, 1.0 / 19.0);
    for (std::size_t i = 1; i < result.learningRates.size(); ++i)
        QVERIFY2(std::abs(result.learningRates[i] / result.learningRates[i - 1] / ratio - 1.0) <
                     1e-9,
                 qPrintable(QString::number(i)));
    // No run directory: the finder's model is thrown away.
    QVERIFY(!QDir(m_dir.filePath("runs")).exists());
}

void LearningRateFinderTest::smoothedLossIsTheBiasCorrectedAverage()
{
    LrFindOptions options;
    options.startLr = 1e-4;
    options.endLr = 1e-1;
    options.steps = 15;
    options.smoothing = 0.9;
    options.divergeFactor = 1e6;
    std::vector<double> reportedLosses;
    std::vector<int> reportedSteps;
    const LrFindResult result =
        fovea::findLearningRate(baseConfig(), options, [&](int step, double lr, double loss) {
            reportedSteps.push_back(step);
            reportedLosses.push_back(loss);
            QVERIFY(lr > 0.0);
        });
    QCOMPARE(result.losses.size(), std::size_t(15));
    double average = 0.0;
    for (std::size_t i = 0; i < result.rawLosses.size(); ++i) {
        QVERIFY(std::isfinite(result.rawLosses[i]) && result.rawLosses[i] > 0.0);
        average = 0.9 * average + 0.1 * result.rawLosses[i];
        const double expected = average / (1.0 - std::pow(0.9, double(i + 1)));
        QVERIFY2(std::abs(result.losses[i] - expected) <= 1e-12 * expected,
                 qPrintable(QStringLiteral("step %1: %2 vs %3")
                                .arg(i)
                                .arg(result.losses[i], 0, 'g', 17)
                                .arg(expected, 0, 'g', 17)));
        QCOMPARE(reportedSteps[i], int(i));
        QCOMPARE(reportedLosses[i], result.losses[i]);
    }
    // The first smoothed value is the first raw loss itself (that is what the correction does).
    QCOMPARE(result.losses.front(), result.rawLosses.front());
    // The raw losses are not all the same: smoothing has something to do.
    QVERIFY(result.rawLosses.front() != result.rawLosses.back());

    options.smoothing = 0.0; // none: the curve is the raw losses
    const LrFindResult raw = fovea::findLearningRate(baseConfig(), options);
    QCOMPARE(raw.losses, raw.rawLosses);
}

void LearningRateFinderTest::tooHighEndRateDiverges()
{
    // m_full goes up to 1e3 with SGD: far past what the small network survives.
    QVERIFY(m_full.diverged);
    QVERIFY2(m_full.learningRates.size() < 100,
             qPrintable(QString::number(m_full.learningRates.size())));
    QVERIFY(m_full.learningRates.size() >= 10);
    QVERIFY(m_full.learningRates.back() < 1e3);
    // Every point recorded is finite; the last one broke the divergence bound (or the step
    // after it met a NaN, which is left out).
    double best = m_full.losses.front();
    for (std::size_t i = 0; i < m_full.losses.size(); ++i) {
        QVERIFY(std::isfinite(m_full.losses[i]));
        QVERIFY(std::isfinite(m_full.rawLosses[i]));
        if (i + 1 < m_full.losses.size()) // no earlier point may have diverged
            QVERIFY(m_full.losses[i] <= 4.0 * best);
        best = std::min(best, m_full.losses[i]);
    }
}

void LearningRateFinderTest::suggestionLiesBeforeTheDivergence()
{
    QVERIFY(m_full.diverged);
    QVERIFY(m_full.suggestedLr >= 1e-7);
    QVERIFY(m_full.suggestedLr <= 1e3);
    QVERIFY2(m_full.suggestedLr < m_full.learningRates.back(),
             qPrintable(QStringLiteral("suggested %1, diverged at %2")
                            .arg(m_full.suggestedLr)
                            .arg(m_full.learningRates.back())));
    // A rate the test actually tried, where the smoothed loss was still falling.
    std::size_t index = 0;
    while (index < m_full.learningRates.size() && m_full.learningRates[index] != m_full.suggestedLr)
        ++index;
    QVERIFY(index + 1 < m_full.learningRates.size());
    QVERIFY(m_full.losses[index + 1] < m_full.losses[index]);
    // The lowest loss is also before the divergence.
    QVERIFY(m_full.minLossLr >= 1e-7);
    QVERIFY(m_full.minLossLr < m_full.learningRates.back());
}

void LearningRateFinderTest::trainingAtTheSuggestionLearns()
{
    QVERIFY(std::isfinite(m_full.suggestedLr));
    TrainingConfig config = baseConfig();
    config.epochs = 1;
    config.learningRate = m_full.suggestedLr;
    fovea::TrainerOptions trainerOptions;
    trainerOptions.writeRunDirectory = false;
    fovea::testing::RecordingObserver observer;
    std::atomic<bool> stop{false};
    const fovea::RunResult run = fovea::Trainer(config, trainerOptions).run(observer, stop);
    QCOMPARE(run.epochsCompleted, 1);
    // 4 balanced classes: chance is 0.25.
    QVERIFY2(run.finalValidationAccuracy > 0.4, qPrintable(QStringLiteral("accuracy %1 at lr %2")
                                                               .arg(run.finalValidationAccuracy)
                                                               .arg(m_full.suggestedLr)));
    QCOMPARE(observer.epochs.size(), std::size_t(1));
    QVERIFY(observer.epochs.front().trainLoss < m_full.rawLosses.front());
}

void LearningRateFinderTest::stopEndsTheTestEarly()
{
    std::atomic<bool> stop{false};
    LrFindOptions options;
    options.steps = 50;
    options.divergeFactor = 1e6;
    const LrFindResult result = fovea::findLearningRate(
        baseConfig(), options,
        [&](int step, double, double) {
            if (step == 4)
                stop.store(true);
        },
        &stop);
    QCOMPARE(result.learningRates.size(), std::size_t(5));
    QVERIFY(!result.diverged);
    QVERIFY(std::isfinite(result.suggestedLr));

    // Stopped before it starts: an empty curve, and no error.
    const LrFindResult none = fovea::findLearningRate(baseConfig(), options, {}, &stop);
    QVERIFY(none.learningRates.empty());
    QVERIFY(std::isnan(none.suggestedLr));
}

void LearningRateFinderTest::badOptionsAreNamed_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<double>("value");
    QTest::newRow("startLr zero") << "startLr" << 0.0;
    QTest::newRow("startLr negative") << "startLr" << -1e-3;
    QTest::newRow("startLr NaN") << "startLr" << std::nan("");
    QTest::newRow("endLr below start") << "endLr" << 1e-8;
    QTest::newRow("endLr infinite") << "endLr" << HUGE_VAL;
    QTest::newRow("steps 1") << "steps" << 1.0;
    QTest::newRow("steps 0") << "steps" << 0.0;
    QTest::newRow("smoothing 1") << "smoothing" << 1.0;
    QTest::newRow("smoothing negative") << "smoothing" << -0.1;
    QTest::newRow("divergeFactor 1") << "divergeFactor" << 1.0;
    QTest::newRow("divergeFactor NaN") << "divergeFactor" << std::nan("");
}

void LearningRateFinderTest::badOptionsAreNamed()
{
    QFETCH(QString, option);
    QFETCH(double, value);
    LrFindOptions options;
    if (option == "startLr")
        options.startLr = value;
    else if (option == "endLr")
        options.endLr = value;
    else if (option == "steps")
        options.steps = int(value);
    else if (option == "smoothing")
        options.smoothing = value;
    else
        options.divergeFactor = value;
    TrainingConfig config = baseConfig();
    config.dataset = m_dir.filePath("does-not-exist").toStdString(); // options come first
    const auto error = captureError([&] { fovea::findLearningRate(config, options); });
    FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, "'" + option + "'");
}

QTEST_GUILESS_MAIN(LearningRateFinderTest)
#include "LearningRateFinderTest.moc"
