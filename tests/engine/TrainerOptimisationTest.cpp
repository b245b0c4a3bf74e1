// The trainer with each optimiser, schedule and loss setting on a tiny synthetic set: the rate it
// reports (and logs) is the schedule's, reduce-on-plateau reacts to validation, every optimiser
// learns, and label smoothing and class weights reach the loss.
#include "EngineTestHelpers.h"
#include "SyntheticIdx.h"

#include "fovea/Error.h"
#include "fovea/LearningRateSchedule.h"
#include "fovea/RunDirectory.h"
#include "fovea/Trainer.h"
#include "fovea/TrainingConfig.h"
#include "fovea/TrainingObserver.h"

#include <QDir>
#include <QFile>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>

using fovea::ErrorCode;
using fovea::TrainingConfig;

using ConfigEdit = std::function<void(TrainingConfig&)>;
Q_DECLARE_METATYPE(ConfigEdit)

namespace {

constexpr int kClasses = 4;

class Recorder : public fovea::TrainingObserver {
public:
    void onBatch(const fovea::BatchProgress& progress) override { batches.push_back(progress); }
    void onEpoch(const fovea::EpochSummary& summary) override { epochs.push_back(summary); }
    void onMessage(const std::string& message) override { messages.push_back(message); }

    std::vector<fovea::BatchProgress> batches;
    std::vector<fovea::EpochSummary> epochs;
    std::vector<std::string> messages;
};

fovea::RunResult train(const TrainingConfig& config, Recorder& recorder,
                       bool writeRunDirectory = false)
{
    fovea::TrainerOptions options;
    options.progressIntervalMs = 0; // every batch
    options.writeRunDirectory = writeRunDirectory;
    std::atomic<bool> stop{false};
    return fovea::Trainer(config, options).run(recorder, stop);
}

} // namespace

class TrainerOptimisationTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void reportedRateIsTheSchedule_data();
    void reportedRateIsTheSchedule();
    void plateauReactsToValidation_data();
    void plateauReactsToValidation();
    void everyOptimiserLearns_data();
    void everyOptimiserLearns();
    void labelSmoothingEntersLinearly();
    void classWeightsChangeTheLoss();
    void wrongNumberOfClassWeightsStopsBeforeTraining();

private:
    TrainingConfig baseConfig() const;
    /// The loss of the first batch (the same images and initial weights for a given seed).
    double firstLoss(const TrainingConfig& config);

    QTemporaryDir m_dir;
    QString m_dataset;
};

void TrainerOptimisationTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    fovea::testing::SyntheticIdxOptions options;
    options.trainCount = 96;
    options.testCount = 32;
    options.size = 12;
    options.classes = kClasses;
    m_dataset = m_dir.filePath("synthetic");
    fovea::testing::writeSyntheticIdxDataset(m_dataset.toStdString(), options);
}

TrainingConfig TrainerOptimisationTest::baseConfig() const
{
    TrainingConfig config;
    config.dataset = m_dataset.toStdString();
    config.architecture = "small-cnn";
    config.epochs = 3;
    config.batchSize = 32; // 3 batches per epoch
    config.learningRate = 0.05;
    config.threads = 1;
    config.seed = 3;
    config.logEverySteps = 1;
    config.runsFolder = m_dir.filePath("runs").toStdString();
    return config;
}

double TrainerOptimisationTest::firstLoss(const TrainingConfig& config)
{
    TrainingConfig oneStep = config;
    oneStep.epochs = 1;
    oneStep.trainLimit = 32;
    Recorder recorder;
    train(oneStep, recorder);
    return recorder.batches.empty() ? std::nan("") : recorder.batches.front().loss;
}

void TrainerOptimisationTest::reportedRateIsTheSchedule_data()
{
    QTest::addColumn<ConfigEdit>("edit");
    QTest::newRow("step") << ConfigEdit([](TrainingConfig& c) {
        c.schedule = "step";
        c.stepEpochs = 1;
        c.gamma = 0.5;
    });
    QTest::newRow("multistep") << ConfigEdit([](TrainingConfig& c) {
        c.schedule = "multistep";
        c.milestones = {2};
    });
    QTest::newRow("exponential") << ConfigEdit([](TrainingConfig& c) {
        c.schedule = "exponential";
        c.gamma = 0.7;
    });
    QTest::newRow("cosine with warm-up and floor") << ConfigEdit([](TrainingConfig& c) {
        c.warmupEpochs = 1.0;
        c.minLearningRate = 0.001;
    });
    QTest::newRow("onecycle, adam") << ConfigEdit([](TrainingConfig& c) {
        c.schedule = "onecycle";
        c.optimizer = "adam";
        c.learningRate = 0.003;
    });
}

void TrainerOptimisationTest::reportedRateIsTheSchedule()
{
    QFETCH(ConfigEdit, edit);
    TrainingConfig config = baseConfig();
    edit(config);
    QTemporaryDir runs;
    QVERIFY(runs.isValid());
    config.runsFolder = runs.path().toStdString();
    Recorder recorder;
    const fovea::RunResult result = train(config, recorder, true);
    const std::vector<double> curve = fovea::learningRateCurve(config, 3);
    QCOMPARE(recorder.batches.size(), curve.size());
    for (const fovea::BatchProgress& batch : recorder.batches)
        QCOMPARE(batch.learningRate, curve[std::size_t(batch.step - 1)]);
    QCOMPARE(recorder.epochs.size(), std::size_t(3));
    for (const fovea::EpochSummary& epoch : recorder.epochs)
        QCOMPARE(epoch.learningRate, curve[std::size_t(epoch.epoch * 3 - 1)]);

    // metrics.csv logs the same rates (6 significant digits).
    QFile metrics(QString::fromStdString(result.runDirectory) + "/metrics.csv");
    QVERIFY(metrics.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(metrics.readAll()).split('\n', Qt::SkipEmptyParts);
    const QStringList header = lines.first().split(',');
    const int kind = header.indexOf("kind");
    const int step = header.indexOf("step");
    const int rate = header.indexOf("learning_rate");
    QVERIFY(kind >= 0 && step >= 0 && rate >= 0);
    int stepRows = 0;
    for (const QString& line : lines.mid(1)) {
        const QStringList cells = line.split(',');
        if (cells[kind] != "step")
            continue;
        ++stepRows;
        const double expected = curve[std::size_t(cells[step].toInt() - 1)];
        QVERIFY2(std::abs(cells[rate].toDouble() - expected) <= 5e-6 * expected, qPrintable(line));
    }
    QCOMPARE(stepRows, 9);
}

void TrainerOptimisationTest::plateauReactsToValidation_data()
{
    QTest::addColumn<int>("patience");
    QTest::addColumn<QList<double>>("epochFactors"); // rate of each epoch / learningRate
    QTest::addColumn<int>("messages");               // cuts reported (the last epoch's too)
    // An absolute threshold of 1e6: after the first epoch nothing counts as an improvement.
    QTest::newRow("patience 0: a cut after every epoch but the first")
        << 0 << QList<double>{1.0, 1.0, 0.5, 0.25} << 3;
    QTest::newRow("patience 1") << 1 << QList<double>{1.0, 1.0, 1.0, 0.5} << 1;
    QTest::newRow("patience 5: no cut") << 5 << QList<double>{1.0, 1.0, 1.0, 1.0} << 0;
}

void TrainerOptimisationTest::plateauReactsToValidation()
{
    QFETCH(int, patience);
    QFETCH(QList<double>, epochFactors);
    QFETCH(int, messages);
    TrainingConfig config = baseConfig();
    config.epochs = 4;
    config.schedule = "plateau";
    config.plateauMetric = "val_loss";
    config.plateauThresholdMode = "abs";
    config.plateauThreshold = 1e6;
    config.plateauPatience = patience;
    config.plateauFactor = 0.5;
    Recorder recorder;
    train(config, recorder);
    QCOMPARE(recorder.batches.size(), std::size_t(12));
    for (const fovea::BatchProgress& batch : recorder.batches)
        QCOMPARE(batch.learningRate, config.learningRate * epochFactors[batch.epoch - 1]);
    const auto cuts =
        std::count_if(recorder.messages.begin(), recorder.messages.end(), [](const std::string& m) {
            return m.find("val_loss") != std::string::npos &&
                   m.find("learning rate") != std::string::npos;
        });
    QCOMPARE(int(cuts), messages);
}

void TrainerOptimisationTest::everyOptimiserLearns_data()
{
    QTest::addColumn<ConfigEdit>("edit");
    QTest::newRow("sgd, nesterov, no decay on norm and bias") << ConfigEdit([](TrainingConfig& c) {
        c.nesterov = true;
        c.decayNormAndBias = false;
    });
    QTest::newRow("rmsprop, Inception's settings") << ConfigEdit([](TrainingConfig& c) {
        c.optimizer = "rmsprop";
        c.rmspropAlpha = 0.9;
        c.rmspropEps = 1.0;
        c.learningRate = 0.045;
    });
    QTest::newRow("adam") << ConfigEdit([](TrainingConfig& c) {
        c.optimizer = "adam";
        c.learningRate = 0.002;
    });
    QTest::newRow("adamw, no decay on norm and bias") << ConfigEdit([](TrainingConfig& c) {
        c.optimizer = "adamw";
        c.learningRate = 0.002;
        c.weightDecay = 0.05;
        c.decayNormAndBias = false;
    });
}

void TrainerOptimisationTest::everyOptimiserLearns()
{
    // One batch, stepped on five times: its loss must fall.
    QFETCH(ConfigEdit, edit);
    TrainingConfig config = baseConfig();
    edit(config);
    config.schedule = "constant";
    config.trainLimit = 32;
    config.epochs = 5;
    Recorder recorder;
    train(config, recorder);
    QCOMPARE(recorder.batches.size(), std::size_t(5));
    const double first = recorder.batches.front().loss;
    const double last = recorder.batches.back().loss;
    QVERIFY2(std::isfinite(last) && last < 0.9 * first,
             qPrintable(QStringLiteral("loss went from %1 to %2").arg(first).arg(last)));
}

void TrainerOptimisationTest::labelSmoothingEntersLinearly()
{
    // With the same seed the first batch has the same logits, and PyTorch's smoothed loss is
    // (1 - ε)·CE + ε·mean(-log p): linear in ε, so L(0.4) - L(0) = 2·(L(0.2) - L(0)).
    TrainingConfig config = baseConfig();
    const double plain = firstLoss(config);
    config.labelSmoothing = 0.2;
    const double smoothed = firstLoss(config);
    config.labelSmoothing = 0.4;
    const double moreSmoothed = firstLoss(config);
    QVERIFY(std::abs(smoothed - plain) > 1e-4);
    QVERIFY2(std::abs((moreSmoothed - plain) - 2.0 * (smoothed - plain)) < 1e-5,
             qPrintable(QStringLiteral("%1 %2 %3").arg(plain).arg(smoothed).arg(moreSmoothed)));
}

void TrainerOptimisationTest::classWeightsChangeTheLoss()
{
    TrainingConfig config = baseConfig();
    const double plain = firstLoss(config);
    config.classWeights = {1.0, 1.0, 1.0, 1.0}; // equal weights: the weighted mean is the mean
    QVERIFY(std::abs(firstLoss(config) - plain) < 1e-6);
    config.classWeights = {4.0, 0.5, 0.5, 0.5};
    QVERIFY(std::abs(firstLoss(config) - plain) > 1e-4);
}

void TrainerOptimisationTest::wrongNumberOfClassWeightsStopsBeforeTraining()
{
    TrainingConfig config = baseConfig();
    config.classWeights = {1.0, 2.0}; // the set has 4 classes
    Recorder recorder;
    const auto error = fovea::testing::captureError([&] { train(config, recorder, true); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("classWeights"));
    QVERIFY(recorder.batches.empty());
    QVERIFY2(!QDir(QString::fromStdString(config.runsFolder)).exists() ||
                 QDir(QString::fromStdString(config.runsFolder))
                     .entryList(QDir::Dirs | QDir::NoDotAndDotDot)
                     .isEmpty(),
             "a run directory was created");
}

QTEST_GUILESS_MAIN(TrainerOptimisationTest)
#include "TrainerOptimisationTest.moc"
