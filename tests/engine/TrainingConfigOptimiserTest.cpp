// The optimiser, schedule and loss keys of TrainingConfig: JSON round trip, strict types (arrays
// included), bad values named with what is allowed, and old configs reading as they did.
#include "EngineTestHelpers.h"

#include "fovea/Error.h"
#include "fovea/TrainingConfig.h"

#include <QObject>
#include <QTest>

#include <functional>
#include <limits>

using fovea::ErrorCode;
using fovea::TrainingConfig;
using fovea::testing::captureError;

using ConfigEdit = std::function<void(TrainingConfig&)>;
Q_DECLARE_METATYPE(ConfigEdit)

namespace {

/// Every optimiser, schedule and loss field away from its default (and still valid).
TrainingConfig newFieldsChanged()
{
    TrainingConfig c;
    c.dataset = "/data/set";
    c.optimizer = "rmsprop";
    c.nesterov = true;
    c.rmspropAlpha = 0.9;
    c.rmspropEps = 1.0;
    c.adamBeta1 = 0.85;
    c.adamBeta2 = 0.98;
    c.adamEps = 1e-6;
    c.decayNormAndBias = false;
    c.schedule = "multistep";
    c.warmupEpochs = 1.5;
    c.minLearningRate = 1e-5;
    c.stepEpochs = 7;
    c.milestones = {3, 8, 12};
    c.gamma = 0.25;
    c.oneCyclePctStart = 0.4;
    c.oneCycleDivFactor = 10.0;
    c.oneCycleFinalDivFactor = 300.0;
    c.plateauMetric = "val_accuracy";
    c.plateauMode = "max";
    c.plateauFactor = 0.3;
    c.plateauPatience = 4;
    c.plateauCooldown = 2;
    c.plateauThreshold = 0.02;
    c.plateauThresholdMode = "abs";
    c.labelSmoothing = 0.1;
    c.classWeights = {1.0, 2.5, 0.0, 0.125};
    return c;
}

} // namespace

class TrainingConfigOptimiserTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTripKeepsEveryNewField();
    void equalitySeesEveryNewField_data();
    void equalitySeesEveryNewField();
    void oldConfigsReadAsBefore();
    void wrongType_data();
    void wrongType();
    void validateRejects_data();
    void validateRejects();
    void unusedFieldsDoNotBlock();
    void scheduleCheckNeedsNoDataset();
    void namesListEveryChoice();
};

void TrainingConfigOptimiserTest::roundTripKeepsEveryNewField()
{
    const TrainingConfig original = newFieldsChanged();
    QVERIFY(!original.toJson().empty());
    const TrainingConfig c = TrainingConfig::fromJson(original.toJson(), "trip.json");
    QVERIFY(c == original);
    QCOMPARE(c.optimizer, original.optimizer);
    QCOMPARE(c.nesterov, original.nesterov);
    QCOMPARE(c.rmspropAlpha, original.rmspropAlpha);
    QCOMPARE(c.rmspropEps, original.rmspropEps);
    QCOMPARE(c.adamBeta1, original.adamBeta1);
    QCOMPARE(c.adamBeta2, original.adamBeta2);
    QCOMPARE(c.adamEps, original.adamEps);
    QCOMPARE(c.decayNormAndBias, original.decayNormAndBias);
    QCOMPARE(c.schedule, original.schedule);
    QCOMPARE(c.warmupEpochs, original.warmupEpochs);
    QCOMPARE(c.minLearningRate, original.minLearningRate);
    QCOMPARE(c.stepEpochs, original.stepEpochs);
    QCOMPARE(c.milestones, original.milestones);
    QCOMPARE(c.gamma, original.gamma);
    QCOMPARE(c.oneCyclePctStart, original.oneCyclePctStart);
    QCOMPARE(c.oneCycleDivFactor, original.oneCycleDivFactor);
    QCOMPARE(c.oneCycleFinalDivFactor, original.oneCycleFinalDivFactor);
    QCOMPARE(c.plateauMetric, original.plateauMetric);
    QCOMPARE(c.plateauMode, original.plateauMode);
    QCOMPARE(c.plateauFactor, original.plateauFactor);
    QCOMPARE(c.plateauPatience, original.plateauPatience);
    QCOMPARE(c.plateauCooldown, original.plateauCooldown);
    QCOMPARE(c.plateauThreshold, original.plateauThreshold);
    QCOMPARE(c.plateauThresholdMode, original.plateauThresholdMode);
    QCOMPARE(c.labelSmoothing, original.labelSmoothing);
    QCOMPARE(c.classWeights, original.classWeights);
    const auto error = captureError([&] { c.validate(); });
    QVERIFY2(!error, error ? error->what() : "");
}

void TrainingConfigOptimiserTest::equalitySeesEveryNewField_data()
{
    QTest::addColumn<ConfigEdit>("edit");
    const TrainingConfig changed = newFieldsChanged();
    // One row per field: copy that one field from the changed config.
#define FIELD(name)                                                                                \
    QTest::newRow(#name) << ConfigEdit([changed](TrainingConfig& c) { c.name = changed.name; })
    FIELD(optimizer);
    FIELD(nesterov);
    FIELD(rmspropAlpha);
    FIELD(rmspropEps);
    FIELD(adamBeta1);
    FIELD(adamBeta2);
    FIELD(adamEps);
    FIELD(decayNormAndBias);
    FIELD(schedule);
    FIELD(warmupEpochs);
    FIELD(minLearningRate);
    FIELD(stepEpochs);
    FIELD(milestones);
    FIELD(gamma);
    FIELD(oneCyclePctStart);
    FIELD(oneCycleDivFactor);
    FIELD(oneCycleFinalDivFactor);
    FIELD(plateauMetric);
    FIELD(plateauMode);
    FIELD(plateauFactor);
    FIELD(plateauPatience);
    FIELD(plateauCooldown);
    FIELD(plateauThreshold);
    FIELD(plateauThresholdMode);
    FIELD(labelSmoothing);
    FIELD(classWeights);
#undef FIELD
    QTest::newRow("one class weight")
        << ConfigEdit([](TrainingConfig& c) { c.classWeights = {1.0}; });
    QTest::newRow("milestone order") << ConfigEdit([](TrainingConfig& c) {
        c.milestones = {2, 1};
    });
}

void TrainingConfigOptimiserTest::equalitySeesEveryNewField()
{
    QFETCH(ConfigEdit, edit);
    TrainingConfig base;
    base.milestones = {1, 2};
    TrainingConfig changed = base;
    edit(changed);
    QVERIFY(changed != base);
    QVERIFY(TrainingConfig::fromJson(changed.toJson()) == changed);
    QVERIFY(TrainingConfig::fromJson(changed.toJson()) != base);
}

void TrainingConfigOptimiserTest::oldConfigsReadAsBefore()
{
    // A config written before these keys existed: SGD with momentum, weight decay on every
    // tensor, cosine to zero with no warm-up, plain cross-entropy.
    const TrainingConfig c = TrainingConfig::fromJson(
        R"({"dataset": "d", "schedule": "cosine", "learningRate": 0.1, "momentum": 0.8,
            "weightDecay": 0.001})");
    QCOMPARE(c.optimizer, std::string("sgd"));
    QCOMPARE(c.nesterov, false);
    QCOMPARE(c.decayNormAndBias, true);
    QCOMPARE(c.warmupEpochs, 0.0);
    QCOMPARE(c.minLearningRate, 0.0);
    QCOMPARE(c.labelSmoothing, 0.0);
    QVERIFY(c.classWeights.empty());
    QCOMPARE(c.momentum, 0.8);
    QCOMPARE(c.weightDecay, 0.001);
    QCOMPARE(TrainingConfig{}.schedule, std::string("cosine"));
    const auto error = captureError([&] { c.validate(); });
    QVERIFY2(!error, error ? error->what() : "");
}

void TrainingConfigOptimiserTest::wrongType_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected");
    QTest::newRow("optimizer as number") << R"({"optimizer": 1})"
                                         << "optimizer"
                                         << "a string";
    QTest::newRow("nesterov as text") << R"({"nesterov": "yes"})"
                                      << "nesterov"
                                      << "true or false";
    QTest::newRow("nesterov as 1") << R"({"nesterov": 1})"
                                   << "nesterov"
                                   << "true or false";
    QTest::newRow("labelSmoothing as text") << R"({"labelSmoothing": "0.1"})"
                                            << "labelSmoothing"
                                            << "a number";
    QTest::newRow("plateauPatience as fraction") << R"({"plateauPatience": 2.5})"
                                                 << "plateauPatience"
                                                 << "an integer";
    QTest::newRow("milestones as a number") << R"({"milestones": 30})"
                                            << "milestones"
                                            << "an array of integers";
    QTest::newRow("milestones with text") << R"({"milestones": [30, "60"]})"
                                          << "milestones"
                                          << "an array of integers";
    QTest::newRow("milestones with a fraction") << R"({"milestones": [30, 60.5]})"
                                                << "milestones"
                                                << "an array of integers";
    QTest::newRow("milestones beyond int") << R"({"milestones": [4294967301]})"
                                           << "milestones"
                                           << "an array of integers";
    QTest::newRow("classWeights as object") << R"({"classWeights": {"a": 1}})"
                                            << "classWeights"
                                            << "an array of numbers";
    QTest::newRow("classWeights with null") << R"({"classWeights": [1, null]})"
                                            << "classWeights"
                                            << "an array of numbers";
    QTest::newRow("classWeights nested") << R"({"classWeights": [[1]]})"
                                         << "classWeights"
                                         << "an array of numbers";
}

void TrainingConfigOptimiserTest::wrongType()
{
    QFETCH(QString, json);
    QFETCH(QString, key);
    QFETCH(QString, expected);
    const auto error =
        captureError([&] { TrainingConfig::fromJson(json.toStdString(), "typed.json"); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, "'" + key + "'");
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("typed.json"));
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, expected);
}

void TrainingConfigOptimiserTest::validateRejects_data()
{
    QTest::addColumn<ConfigEdit>("edit");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QStringList>("mentions"); // the allowed values or limits, as the user reads
    auto row = [](const char* name, ConfigEdit edit, const char* key, QStringList mentions) {
        QTest::newRow(name) << std::move(edit) << QString::fromLatin1(key) << mentions;
    };
    row("optimizer lbfgs", [](TrainingConfig& c) { c.optimizer = "lbfgs"; }, "optimizer",
        {"lbfgs", "sgd, rmsprop, adam, adamw"});
    row("schedule banana", [](TrainingConfig& c) { c.schedule = "banana"; }, "schedule",
        {"banana", "constant, step, multistep, exponential, cosine, onecycle, plateau"});
    row("nesterov without momentum",
        [](TrainingConfig& c) {
            c.nesterov = true;
            c.momentum = 0;
        },
        "nesterov", {"momentum"});
    row("rmspropAlpha 1", [](TrainingConfig& c) { c.rmspropAlpha = 1.0; }, "rmspropAlpha", {"1"});
    row("rmspropEps 0", [](TrainingConfig& c) { c.rmspropEps = 0.0; }, "rmspropEps", {"above 0"});
    row("adamBeta1 -0.1", [](TrainingConfig& c) { c.adamBeta1 = -0.1; }, "adamBeta1", {"-0.1"});
    row("adamBeta2 NaN",
        [](TrainingConfig& c) { c.adamBeta2 = std::numeric_limits<double>::quiet_NaN(); },
        "adamBeta2", {});
    row("adamEps -1", [](TrainingConfig& c) { c.adamEps = -1.0; }, "adamEps", {"above 0"});
    row("warmupEpochs -1", [](TrainingConfig& c) { c.warmupEpochs = -1.0; }, "warmupEpochs", {});
    row("warmupEpochs = epochs",
        [](TrainingConfig& c) {
            c.epochs = 3;
            c.warmupEpochs = 3.0;
        },
        "warmupEpochs", {"below epochs (3)"});
    row("minLearningRate above learningRate",
        [](TrainingConfig& c) { c.minLearningRate = c.learningRate * 2; }, "minLearningRate",
        {"learningRate"});
    row("stepEpochs 0", [](TrainingConfig& c) { c.stepEpochs = 0; }, "stepEpochs", {"1"});
    row("milestones not increasing",
        [](TrainingConfig& c) {
            c.milestones = {5, 5};
        },
        "milestones", {"increase"});
    row("milestone 0", [](TrainingConfig& c) { c.milestones = {0, 5}; }, "milestones", {"1"});
    row("multistep without milestones", [](TrainingConfig& c) { c.schedule = "multistep"; },
        "milestones", {"empty"});
    row("gamma 0", [](TrainingConfig& c) { c.gamma = 0.0; }, "gamma", {});
    row("gamma 1.5", [](TrainingConfig& c) { c.gamma = 1.5; }, "gamma", {});
    row("oneCyclePctStart 1.2", [](TrainingConfig& c) { c.oneCyclePctStart = 1.2; },
        "oneCyclePctStart", {});
    row("oneCycleDivFactor 0.5", [](TrainingConfig& c) { c.oneCycleDivFactor = 0.5; },
        "oneCycleDivFactor", {});
    row("oneCycleFinalDivFactor 0", [](TrainingConfig& c) { c.oneCycleFinalDivFactor = 0; },
        "oneCycleFinalDivFactor", {});
    row("plateauMetric val_top5", [](TrainingConfig& c) { c.plateauMetric = "val_top5"; },
        "plateauMetric", {"val_loss, val_accuracy, train_loss, train_accuracy"});
    row("plateauMode up", [](TrainingConfig& c) { c.plateauMode = "up"; }, "plateauMode",
        {"auto, min, max"});
    row("plateauFactor 1", [](TrainingConfig& c) { c.plateauFactor = 1.0; }, "plateauFactor", {});
    row("plateauPatience -1", [](TrainingConfig& c) { c.plateauPatience = -1; }, "plateauPatience",
        {});
    row("plateauCooldown -2", [](TrainingConfig& c) { c.plateauCooldown = -2; }, "plateauCooldown",
        {});
    row("plateauThreshold -1", [](TrainingConfig& c) { c.plateauThreshold = -1; },
        "plateauThreshold", {});
    row("plateauThresholdMode percent",
        [](TrainingConfig& c) { c.plateauThresholdMode = "percent"; }, "plateauThresholdMode",
        {"rel, abs"});
    row("labelSmoothing 1", [](TrainingConfig& c) { c.labelSmoothing = 1.0; }, "labelSmoothing",
        {"below 1"});
    row("labelSmoothing -0.1", [](TrainingConfig& c) { c.labelSmoothing = -0.1; }, "labelSmoothing",
        {});
    row("negative class weight",
        [](TrainingConfig& c) {
            c.classWeights = {1.0, -2.0};
        },
        "classWeights", {"-2"});
    row("validateEveryEpochs 0", [](TrainingConfig& c) { c.validateEveryEpochs = 0; },
        "validateEveryEpochs", {"0"});
    row("validation skipped under a plateau schedule on val_loss",
        [](TrainingConfig& c) {
            c.schedule = "plateau";
            c.validateEveryEpochs = 2;
        },
        "validateEveryEpochs", {"plateau", "val_loss", "train_"});
    row("validation skipped under early stopping on val_accuracy",
        [](TrainingConfig& c) {
            c.earlyStoppingPatience = 3;
            c.earlyStoppingMetric = "val_accuracy";
            c.validateEveryEpochs = 4;
        },
        "validateEveryEpochs", {"early stopping", "val_accuracy"});
    row("all class weights 0",
        [](TrainingConfig& c) {
            c.classWeights = {0.0, 0.0};
        },
        "classWeights", {"all 0"});
}

void TrainingConfigOptimiserTest::validateRejects()
{
    QFETCH(ConfigEdit, edit);
    QFETCH(QString, key);
    QFETCH(QStringList, mentions);
    TrainingConfig config;
    config.dataset = "/data/set";
    edit(config);
    const auto error = captureError([&] { config.validate(); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, "'" + key + "'");
    for (const QString& part : mentions)
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, part);
}

void TrainingConfigOptimiserTest::unusedFieldsDoNotBlock()
{
    // Relations between fields are checked only for the schedule that reads them: a warm-up longer
    // than the run is fine under "step", which ignores it.
    TrainingConfig config;
    config.dataset = "/data/set";
    config.epochs = 2;
    config.warmupEpochs = 5.0;
    config.minLearningRate = 1.0;
    config.schedule = "step";
    const auto error = captureError([&] { config.validate(); });
    QVERIFY2(!error, error ? error->what() : "");
    config.schedule = "cosine";
    QVERIFY(captureError([&] { config.validate(); }).has_value());
}

void TrainingConfigOptimiserTest::scheduleCheckNeedsNoDataset()
{
    TrainingConfig config; // no dataset: validate() refuses, validateSchedule() does not
    QVERIFY(captureError([&] { config.validate(); }).has_value());
    const auto error = captureError([&] { config.validateSchedule(); });
    QVERIFY2(!error, error ? error->what() : "");
    config.schedule = "sawtooth";
    const auto scheduleError = captureError([&] { config.validateSchedule(); });
    FOVEA_VERIFY_ERROR(scheduleError, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(scheduleError, QStringLiteral("sawtooth"));
}

void TrainingConfigOptimiserTest::namesListEveryChoice()
{
    // Each listed name validates; the lists are what the CLI and the GUI offer.
    TrainingConfig config;
    config.dataset = "/data/set";
    config.milestones = {1};
    QCOMPARE(TrainingConfig::optimizerNames().size(), std::size_t(4));
    QCOMPARE(TrainingConfig::scheduleNames().size(), std::size_t(7));
    for (const std::string& name : TrainingConfig::optimizerNames()) {
        config.optimizer = name;
        const auto error = captureError([&] { config.validate(); });
        QVERIFY2(!error, error ? error->what() : name.c_str());
    }
    for (const std::string& name : TrainingConfig::scheduleNames()) {
        config.schedule = name;
        const auto error = captureError([&] { config.validate(); });
        QVERIFY2(!error, error ? error->what() : name.c_str());
    }
}

QTEST_GUILESS_MAIN(TrainingConfigOptimiserTest)
#include "TrainingConfigOptimiserTest.moc"
