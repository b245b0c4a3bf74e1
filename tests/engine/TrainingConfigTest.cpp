// TrainingConfig: JSON round trip, and every unknown key, wrong type or bad value is an error
// that names the key.
#include "EngineTestHelpers.h"

#include "fovea/ArchitectureRegistry.h"
#include "fovea/AtomicFile.h"
#include "fovea/Error.h"
#include "fovea/TrainingConfig.h"

#include <QDir>
#include <QObject>
#include <QTest>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>

using fovea::ErrorCode;
using fovea::TrainingConfig;
using fovea::testing::captureError;
using fovea::testing::qs;

using ConfigEdit = std::function<void(TrainingConfig&)>;
Q_DECLARE_METATYPE(ConfigEdit)

namespace {

/// A config where every field differs from its default.
TrainingConfig everyFieldChanged()
{
    TrainingConfig c;
    c.dataset = "/data/fashion mnist/ü";
    c.architecture = "resnet18";
    c.epochs = 17;
    c.batchSize = 96;
    c.learningRate = 0.0123;
    c.momentum = 0.85;
    c.weightDecay = 1.5e-5;
    c.schedule = "constant";
    c.inputSize = 64;
    c.seed = (std::uint64_t(1) << 63) + 12345; // above INT64_MAX
    c.threads = 3;
    c.runsFolder = "/tmp/some runs";
    c.trainLimit = std::int64_t(5'000'000'000);
    c.validationLimit = 777;
    c.logEverySteps = 7;
    c.cpuBfloat16 = true;
    c.testTimeFlip = true;
    c.validateEveryEpochs = 3;
    return c;
}

/// A config that validate() accepts; the rows below break exactly one field of it.
TrainingConfig validConfig()
{
    TrainingConfig c;
    c.dataset = "/data/set";
    return c;
}

} // namespace

class TrainingConfigTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void roundTripKeepsEveryField();
    void equalitySeesEveryField_data();
    void equalitySeesEveryField();
    void missingKeysKeepDefaults();
    void unknownKey_data();
    void unknownKey();
    void wrongType_data();
    void wrongType();
    void integerOutOfType_data();
    void integerOutOfType();
    void hostileJsonIsRefused_data();
    void hostileJsonIsRefused();
    void malformedJson_data();
    void malformedJson();
    void validateAcceptsGoodConfigs_data();
    void validateAcceptsGoodConfigs();
    void validateRejects_data();
    void validateRejects();
    void validateRejectsUnknownArchitecture();
    void shippedRecipesAreValid();
};

void TrainingConfigTest::roundTrip_data()
{
    QTest::addColumn<ConfigEdit>("edit");
    QTest::newRow("defaults") << ConfigEdit([](TrainingConfig&) {});
    QTest::newRow("every field changed")
        << ConfigEdit([](TrainingConfig& c) { c = everyFieldChanged(); });
    QTest::newRow("quotes and backslashes") << ConfigEdit([](TrainingConfig& c) {
        c.dataset = "C:\\data\\\"odd\" name\n";
        c.runsFolder = "{}[],:";
    });
    QTest::newRow("extreme numbers") << ConfigEdit([](TrainingConfig& c) {
        c.learningRate = 1e-300;
        c.seed = std::numeric_limits<std::uint64_t>::max();
        c.trainLimit = std::int64_t(1) << 40;
    });
}

void TrainingConfigTest::roundTrip()
{
    QFETCH(ConfigEdit, edit);
    TrainingConfig original;
    edit(original);
    const std::string json = original.toJson();
    const TrainingConfig parsed = TrainingConfig::fromJson(json, "round-trip.json");
    QVERIFY2(parsed == original, json.c_str());
    QCOMPARE(parsed.toJson(), json);
}

void TrainingConfigTest::roundTripKeepsEveryField()
{
    // Field by field, so a field that toJson() forgot (and operator== therefore ignores) fails.
    const TrainingConfig original = everyFieldChanged();
    const TrainingConfig c = TrainingConfig::fromJson(original.toJson());
    QCOMPARE(c.dataset, original.dataset);
    QCOMPARE(c.architecture, original.architecture);
    QCOMPARE(c.epochs, original.epochs);
    QCOMPARE(c.batchSize, original.batchSize);
    QCOMPARE(c.learningRate, original.learningRate);
    QCOMPARE(c.momentum, original.momentum);
    QCOMPARE(c.weightDecay, original.weightDecay);
    QCOMPARE(c.schedule, original.schedule);
    QCOMPARE(c.inputSize, original.inputSize);
    QCOMPARE(c.seed, original.seed);
    QCOMPARE(c.threads, original.threads);
    QCOMPARE(c.runsFolder, original.runsFolder);
    QCOMPARE(c.trainLimit, original.trainLimit);
    QCOMPARE(c.validationLimit, original.validationLimit);
    QCOMPARE(c.logEverySteps, original.logEverySteps);
    QCOMPARE(c.cpuBfloat16, original.cpuBfloat16);
    QCOMPARE(c.testTimeFlip, original.testTimeFlip);
    QCOMPARE(c.validateEveryEpochs, original.validateEveryEpochs);
}

void TrainingConfigTest::equalitySeesEveryField_data()
{
    QTest::addColumn<ConfigEdit>("edit");
    QTest::newRow("dataset") << ConfigEdit([](TrainingConfig& c) { c.dataset = "x"; });
    QTest::newRow("architecture") << ConfigEdit([](TrainingConfig& c) { c.architecture = "r"; });
    QTest::newRow("epochs") << ConfigEdit([](TrainingConfig& c) { ++c.epochs; });
    QTest::newRow("batchSize") << ConfigEdit([](TrainingConfig& c) { ++c.batchSize; });
    QTest::newRow("learningRate") << ConfigEdit(
        [](TrainingConfig& c) { c.learningRate *= 1.0000001; });
    QTest::newRow("momentum") << ConfigEdit([](TrainingConfig& c) { c.momentum = 0.5; });
    QTest::newRow("weightDecay") << ConfigEdit([](TrainingConfig& c) { c.weightDecay = 0.0; });
    QTest::newRow("schedule") << ConfigEdit([](TrainingConfig& c) { c.schedule = "constant"; });
    QTest::newRow("inputSize") << ConfigEdit([](TrainingConfig& c) { c.inputSize = 32; });
    QTest::newRow("seed") << ConfigEdit([](TrainingConfig& c) { c.seed = 99; });
    QTest::newRow("threads") << ConfigEdit([](TrainingConfig& c) { c.threads = 2; });
    QTest::newRow("runsFolder") << ConfigEdit([](TrainingConfig& c) { c.runsFolder = "r2"; });
    QTest::newRow("trainLimit") << ConfigEdit([](TrainingConfig& c) { c.trainLimit = 5; });
    QTest::newRow("validationLimit")
        << ConfigEdit([](TrainingConfig& c) { c.validationLimit = 5; });
    QTest::newRow("logEverySteps") << ConfigEdit([](TrainingConfig& c) { c.logEverySteps = 1; });
    QTest::newRow("cpuBfloat16") << ConfigEdit([](TrainingConfig& c) { c.cpuBfloat16 = true; });
    QTest::newRow("testTimeFlip") << ConfigEdit([](TrainingConfig& c) { c.testTimeFlip = true; });
    QTest::newRow("validateEveryEpochs")
        << ConfigEdit([](TrainingConfig& c) { c.validateEveryEpochs = 2; });
}

void TrainingConfigTest::equalitySeesEveryField()
{
    QFETCH(ConfigEdit, edit);
    const TrainingConfig base;
    TrainingConfig changed;
    edit(changed);
    QVERIFY(changed != base);
    QVERIFY(!(changed == base));
    // ... and the change survives the trip through JSON.
    QVERIFY(TrainingConfig::fromJson(changed.toJson()) != base);
}

void TrainingConfigTest::missingKeysKeepDefaults()
{
    QVERIFY(TrainingConfig::fromJson("{}") == TrainingConfig{});

    const TrainingConfig c = TrainingConfig::fromJson(R"({"epochs": 3, "dataset": "d"})");
    TrainingConfig expected;
    expected.epochs = 3;
    expected.dataset = "d";
    QVERIFY(c == expected);
    QCOMPARE(c.batchSize, TrainingConfig{}.batchSize);
}

void TrainingConfigTest::unknownKey_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("key");
    QTest::newRow("misspelt key") << R"({"epochs": 2, "learning_rate": 0.1})"
                                  << "learning_rate";
    QTest::newRow("wrong case") << R"({"Epochs": 2})"
                                << "Epochs";
    QTest::newRow("alone") << R"({"colour": "blue"})"
                           << "colour";
}

void TrainingConfigTest::unknownKey()
{
    QFETCH(QString, json);
    QFETCH(QString, key);
    const auto error =
        captureError([&] { TrainingConfig::fromJson(json.toStdString(), "my-config.json"); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, "'" + key + "'");
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("my-config.json"));
}

void TrainingConfigTest::wrongType_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("key");
    QTest::newRow("epochs as text") << R"({"epochs": "five"})"
                                    << "epochs";
    QTest::newRow("epochs as fraction") << R"({"epochs": 2.5})"
                                        << "epochs";
    QTest::newRow("batchSize as bool") << R"({"batchSize": true})"
                                       << "batchSize";
    QTest::newRow("learningRate as text") << R"({"learningRate": "fast"})"
                                          << "learningRate";
    QTest::newRow("momentum as null") << R"({"momentum": null})"
                                      << "momentum";
    QTest::newRow("dataset as number") << R"({"dataset": 5})"
                                       << "dataset";
    QTest::newRow("schedule as array") << R"({"schedule": ["cosine"]})"
                                       << "schedule";
    QTest::newRow("seed as object") << R"({"seed": {"value": 1}})"
                                    << "seed";
    QTest::newRow("trainLimit as text") << R"({"trainLimit": "100"})"
                                        << "trainLimit";
}

void TrainingConfigTest::wrongType()
{
    QFETCH(QString, json);
    QFETCH(QString, key);
    const auto error =
        captureError([&] { TrainingConfig::fromJson(json.toStdString(), "typed.json"); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, "'" + key + "'");
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("typed.json"));
}

void TrainingConfigTest::hostileJsonIsRefused_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("needle"); ///< besides the file's name
    // 100 000 nested arrays used to overflow the stack of the code that prints the bad value.
    const QString deep = QString("[").repeated(100000) + QString("]").repeated(100000);
    QTest::newRow("nested 100 000 deep") << R"({"dataset": )" + deep + "}"
                                         << "deeper than 64";
    QTest::newRow("nested in preprocessing") << R"({"preprocessing": {"mean": )" + deep + "}}"
                                             << "deeper than 64";
    QTest::newRow("a key given twice") << R"({"epochs": 5, "batchSize": 64, "epochs": 50})"
                                       << "the key 'epochs' appears twice";
    QTest::newRow("number overflow") << R"({"learningRate": 1e999})"
                                     << "1e999";
    // A long bad value is cut in the message, not echoed whole.
    QTest::newRow("a megabyte of wrong type")
        << R"({"epochs": ")" + QString("x").repeated(1 << 20) + R"("})"
        << "'epochs'";
}

void TrainingConfigTest::hostileJsonIsRefused()
{
    QFETCH(QString, json);
    QFETCH(QString, needle);
    const auto error =
        captureError([&] { TrainingConfig::fromJson(json.toStdString(), "hostile.json"); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("hostile.json"));
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, needle);
    QVERIFY(error && std::string(error->what()).size() < 2000);
}

void TrainingConfigTest::integerOutOfType_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("key");
    // JSON integers that do not fit the field's C++ type must not wrap round into a value that
    // validate() then accepts (2^32 + 5 epochs would silently become 5).
    QTest::newRow("epochs 2^32+5") << R"({"epochs": 4294967301})"
                                   << "epochs";
    QTest::newRow("batchSize -2^32+64") << R"({"batchSize": -4294967232})"
                                        << "batchSize";
    QTest::newRow("seed -1") << R"({"seed": -1})"
                             << "seed";
    QTest::newRow("trainLimit 2^64-1") << R"({"trainLimit": 18446744073709551615})"
                                       << "trainLimit";
}

void TrainingConfigTest::integerOutOfType()
{
    QFETCH(QString, json);
    QFETCH(QString, key);
    const auto error = captureError([&] {
        TrainingConfig config = TrainingConfig::fromJson(json.toStdString(), "big.json");
        config.dataset = "/data/set";
        config.validate();
    });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, key);
}

void TrainingConfigTest::malformedJson_data()
{
    QTest::addColumn<QString>("json");
    QTest::newRow("not JSON") << "epochs = 3";
    QTest::newRow("cut short") << R"({"epochs": 3)";
    QTest::newRow("array") << "[1, 2]";
    QTest::newRow("number") << "3";
    QTest::newRow("empty") << "";
}

void TrainingConfigTest::malformedJson()
{
    QFETCH(QString, json);
    const auto error = captureError(
        [&] { TrainingConfig::fromJson(json.toStdString(), "/some/where/broken.json"); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("/some/where/broken.json"));
}

void TrainingConfigTest::validateAcceptsGoodConfigs_data()
{
    QTest::addColumn<ConfigEdit>("edit");
    QTest::newRow("defaults with a dataset") << ConfigEdit([](TrainingConfig&) {});
    QTest::newRow("every field changed")
        << ConfigEdit([](TrainingConfig& c) { c = everyFieldChanged(); });
    QTest::newRow("lowest allowed values") << ConfigEdit([](TrainingConfig& c) {
        c.epochs = 1;
        c.batchSize = 2;
        c.momentum = 0.0;
        c.weightDecay = 0.0;
        c.logEverySteps = 1;
    });
    QTest::newRow("validation every 5 epochs, early stopping on train_loss")
        << ConfigEdit([](TrainingConfig& c) {
               c.validateEveryEpochs = 5;
               c.earlyStoppingPatience = 2;
               c.earlyStoppingMetric = "train_loss";
               c.schedule = "plateau";
               c.plateauMetric = "train_accuracy";
           });
}

void TrainingConfigTest::validateAcceptsGoodConfigs()
{
    QFETCH(ConfigEdit, edit);
    TrainingConfig config = validConfig();
    edit(config);
    const auto error = captureError([&] { config.validate(); });
    QVERIFY2(!error, error ? error->what() : "");
}

void TrainingConfigTest::validateRejects_data()
{
    QTest::addColumn<ConfigEdit>("edit");
    QTest::addColumn<QString>("key");
    QTest::newRow("epochs 0") << ConfigEdit([](TrainingConfig& c) { c.epochs = 0; }) << "epochs";
    QTest::newRow("epochs -3") << ConfigEdit([](TrainingConfig& c) { c.epochs = -3; }) << "epochs";
    QTest::newRow("batchSize 0") << ConfigEdit([](TrainingConfig& c) { c.batchSize = 0; })
                                 << "batchSize";
    // A batch of one is skipped by the loop (batch norm): it would train on nothing.
    QTest::newRow("batchSize 1") << ConfigEdit([](TrainingConfig& c) { c.batchSize = 1; })
                                 << "batchSize";
    QTest::newRow("trainLimit 1") << ConfigEdit([](TrainingConfig& c) { c.trainLimit = 1; })
                                  << "trainLimit";
    QTest::newRow("learningRate -1")
        << ConfigEdit([](TrainingConfig& c) { c.learningRate = -1; }) << "learningRate";
    QTest::newRow("learningRate 0")
        << ConfigEdit([](TrainingConfig& c) { c.learningRate = 0; }) << "learningRate";
    QTest::newRow("learningRate NaN") << ConfigEdit([](TrainingConfig& c) {
        c.learningRate = std::numeric_limits<double>::quiet_NaN();
    }) << "learningRate";
    QTest::newRow("momentum 1.5") << ConfigEdit([](TrainingConfig& c) { c.momentum = 1.5; })
                                  << "momentum";
    QTest::newRow("weightDecay -0.1")
        << ConfigEdit([](TrainingConfig& c) { c.weightDecay = -0.1; }) << "weightDecay";
    QTest::newRow("schedule banana")
        << ConfigEdit([](TrainingConfig& c) { c.schedule = "banana"; }) << "schedule";
    QTest::newRow("inputSize -1") << ConfigEdit([](TrainingConfig& c) { c.inputSize = -1; })
                                  << "inputSize";
    QTest::newRow("threads -1") << ConfigEdit([](TrainingConfig& c) { c.threads = -1; })
                                << "threads";
    QTest::newRow("empty dataset")
        << ConfigEdit([](TrainingConfig& c) { c.dataset.clear(); }) << "dataset";
    QTest::newRow("empty runsFolder")
        << ConfigEdit([](TrainingConfig& c) { c.runsFolder.clear(); }) << "runsFolder";
    QTest::newRow("trainLimit -1")
        << ConfigEdit([](TrainingConfig& c) { c.trainLimit = -1; }) << "trainLimit";
    QTest::newRow("validationLimit -1")
        << ConfigEdit([](TrainingConfig& c) { c.validationLimit = -1; }) << "validationLimit";
    QTest::newRow("logEverySteps 0")
        << ConfigEdit([](TrainingConfig& c) { c.logEverySteps = 0; }) << "logEverySteps";
}

void TrainingConfigTest::validateRejects()
{
    QFETCH(ConfigEdit, edit);
    QFETCH(QString, key);
    TrainingConfig config = validConfig();
    edit(config);
    const auto error = captureError([&] { config.validate(); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, key);

    // The same value read back from JSON is rejected as well: fromJson() checks types only and
    // must not quietly repair a value. (NaN has no JSON form; it is written as null.)
    if (std::isfinite(config.learningRate)) {
        const TrainingConfig parsed = TrainingConfig::fromJson(config.toJson());
        const auto parsedError = captureError([&] { parsed.validate(); });
        FOVEA_VERIFY_ERROR(parsedError, ErrorCode::InvalidArgument);
        FOVEA_VERIFY_MESSAGE_CONTAINS(parsedError, key);
    }
}

void TrainingConfigTest::validateRejectsUnknownArchitecture()
{
    TrainingConfig config = validConfig();
    config.architecture = "resnet-nine-thousand";
    const auto error = captureError([&] { config.validate(); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::UnknownArchitecture);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("resnet-nine-thousand"));
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("resnet18"));
    for (const fovea::ArchitectureInfo& info : fovea::architectures())
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, qs(info.name));
}

void TrainingConfigTest::shippedRecipesAreValid()
{
    // The ready configs the README points to (configs/*.json) parse and validate as they are.
    const QDir folder(QStringLiteral(FOVEA_SOURCE_DIR "/configs"));
    const QStringList recipes = folder.entryList({QStringLiteral("*.json")}, QDir::Files);
    QVERIFY(recipes.contains(QStringLiteral("fashion-mnist-95.json")));
    for (const QString& name : recipes) {
        const std::string path = folder.filePath(name).toStdString();
        const auto error =
            captureError([&] { TrainingConfig::fromJson(fovea::readFile(path), path).validate(); });
        QVERIFY2(!error, error ? error->what() : "");
    }
}

QTEST_GUILESS_MAIN(TrainingConfigTest)
#include "TrainingConfigTest.moc"
