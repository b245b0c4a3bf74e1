// The augmentation catalogue and AugmentationSpec: every kind and every preset round-trips
// through JSON, and every kind of bad input is an error that names the step and the key.
#include "EngineTestHelpers.h"

#include "data/augment/AugmentationFunctions.h"
#include "fovea/Augmentation.h"

#include <QObject>
#include <QStringList>
#include <QTest>

#include <cmath>
#include <set>
#include <string>

using fovea::AugmentationKind;
using fovea::AugmentationParameter;
using fovea::AugmentationSpec;
using fovea::AugmentationStep;
using fovea::ErrorCode;
using fovea::testing::captureError;
using fovea::testing::qs;

Q_DECLARE_METATYPE(fovea::AugmentationStep)

namespace {

// A step of `kind` whose every parameter is set by `pick` (minimum, maximum, …).
template <typename Pick> AugmentationStep stepWith(const AugmentationKind& kind, Pick pick)
{
    AugmentationStep step = AugmentationStep::make(kind.name);
    for (const AugmentationParameter& parameter : kind.parameters)
        step.parameters[parameter.name] = pick(parameter);
    return step;
}

// A step of `kind` with the catalogue defaults, except `parameter` set to `value` whether or not
// the kind has such a parameter (for steps that validate() must refuse).
AugmentationStep stepSetting(const std::string& kind, const std::string& parameter, double value)
{
    AugmentationStep step = AugmentationStep::make(kind);
    step.parameters[parameter] = value;
    return step;
}

QStringList kindNames()
{
    QStringList names;
    for (const AugmentationKind& kind : fovea::augmentationKinds())
        names << qs(kind.name);
    return names;
}

} // namespace

class AugmentationSpecTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void catalogueIsConsistent();
    void everyPerSampleKindHasAnImplementation();
    void unknownKindListsTheKnownOnes();

    void everyKindRoundTrips_data();
    void everyKindRoundTrips();
    void choicesAreWrittenByName();
    void missingKeysTakeTheDefaults();

    void everyPresetRoundTrips_data();
    void everyPresetRoundTrips();
    void presetsHoldTheirRecipes();
    void unknownPresetListsTheKnownOnes();

    void badJsonNamesTheStepAndKey_data();
    void badJsonNamesTheStepAndKey();
    void validateNamesTheStepAndKey_data();
    void validateNamesTheStepAndKey();
    void stepValueOfAnUnknownParameterThrows();
    void batchLevelStepsAreReported();
};

void AugmentationSpecTest::catalogueIsConsistent()
{
    std::set<std::string> names;
    std::set<std::string> cropKinds;
    for (const AugmentationKind& kind : fovea::augmentationKinds()) {
        QVERIFY2(names.insert(kind.name).second, kind.name.c_str());
        QVERIFY(!kind.summary.empty());
        QVERIFY(kind.defaultProbability >= 0.0 && kind.defaultProbability <= 1.0);
        QVERIFY(!(kind.batchLevel && kind.producesInputSize));
        if (kind.producesInputSize)
            cropKinds.insert(kind.name);
        std::set<std::string> parameterNames;
        for (const AugmentationParameter& parameter : kind.parameters) {
            const QString where = qs(kind.name + "." + parameter.name);
            QVERIFY2(parameterNames.insert(parameter.name).second, qPrintable(where));
            QVERIFY2(parameter.name != "kind" && parameter.name != "probability",
                     qPrintable(where));
            QVERIFY2(!parameter.summary.empty(), qPrintable(where));
            QVERIFY2(parameter.minimum <= parameter.defaultValue &&
                         parameter.defaultValue <= parameter.maximum,
                     qPrintable(where));
            if (parameter.integer)
                QVERIFY2(parameter.defaultValue == std::floor(parameter.defaultValue) &&
                             parameter.minimum == std::floor(parameter.minimum) &&
                             parameter.maximum == std::floor(parameter.maximum),
                         qPrintable(where));
            if (!parameter.choices.empty()) {
                QVERIFY2(parameter.integer && parameter.minimum == 0.0 &&
                             parameter.maximum == double(parameter.choices.size() - 1),
                         qPrintable(where));
                QCOMPARE(std::set<std::string>(parameter.choices.begin(), parameter.choices.end())
                             .size(),
                         parameter.choices.size());
            }
        }
        // The defaults are a valid step.
        AugmentationSpec{{AugmentationStep::make(kind.name)}}.validate();
    }
    QCOMPARE(cropKinds,
             (std::set<std::string>{"random_resized_crop", "scale_jitter", "random_crop"}));
    for (const char* expected :
         {"random_resized_crop", "scale_jitter", "random_crop", "horizontal_flip", "vertical_flip",
          "affine", "random_erasing", "cutout", "mixup", "cutmix"})
        QVERIFY2(names.count(expected), expected);
}

void AugmentationSpecTest::everyPerSampleKindHasAnImplementation()
{
    for (const AugmentationKind& kind : fovea::augmentationKinds())
        QCOMPARE(fovea::data::sampleAugmentFunction(kind.name) == nullptr, kind.batchLevel);
}

void AugmentationSpecTest::unknownKindListsTheKnownOnes()
{
    for (auto call : {+[] { fovea::augmentationKind("zoom_blur"); },
                      +[] { AugmentationStep::make("zoom_blur"); }}) {
        const auto error = captureError(call);
        FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, "'zoom_blur'");
        for (const QString& name : kindNames())
            FOVEA_VERIFY_MESSAGE_CONTAINS(error, name);
    }
}

void AugmentationSpecTest::everyKindRoundTrips_data()
{
    QTest::addColumn<AugmentationStep>("step");
    for (const AugmentationKind& kind : fovea::augmentationKinds()) {
        QTest::addRow("%s defaults", kind.name.c_str()) << AugmentationStep::make(kind.name);
        AugmentationStep lowest = stepWith(kind, [](const auto& p) { return p.minimum; });
        lowest.probability = 0.0;
        QTest::addRow("%s minimum", kind.name.c_str()) << lowest;
        AugmentationStep highest = stepWith(kind, [](const auto& p) { return p.maximum; });
        highest.probability = 1.0;
        QTest::addRow("%s maximum", kind.name.c_str()) << highest;
        // Values with no short decimal form must survive the text exactly.
        AugmentationStep between = stepWith(kind, [](const auto& p) {
            const double middle = p.minimum + (p.maximum - p.minimum) / 3.0;
            return p.integer ? std::floor(middle) : middle;
        });
        between.probability = 1.0 / 3.0;
        QTest::addRow("%s a third of the way", kind.name.c_str()) << between;
    }
}

void AugmentationSpecTest::everyKindRoundTrips()
{
    QFETCH(AugmentationStep, step);
    // Two steps, so the position is part of what is kept.
    const AugmentationSpec spec{{AugmentationStep::make("horizontal_flip"), step}};
    spec.validate();
    const AugmentationSpec parsed = AugmentationSpec::fromJson(spec.toJson(), "test");
    QCOMPARE(parsed.steps.size(), std::size_t(2));
    QCOMPARE(parsed.steps[1].kind, step.kind);
    QCOMPARE(parsed.steps[1].probability, step.probability);
    for (const auto& [name, value] : step.parameters)
        QCOMPARE(parsed.steps[1].value(name), value);
    QVERIFY(parsed == spec);
    QCOMPARE(qs(parsed.toJson()), qs(spec.toJson()));
}

void AugmentationSpecTest::choicesAreWrittenByName()
{
    for (const AugmentationKind& kind : fovea::augmentationKinds())
        for (const AugmentationParameter& parameter : kind.parameters)
            for (std::size_t i = 0; i < parameter.choices.size(); ++i) {
                AugmentationStep step = AugmentationStep::make(kind.name);
                step.parameters[parameter.name] = double(i);
                const QString json = qs(AugmentationSpec{{step}}.toJson());
                const QString expected =
                    QString("\"%1\": \"%2\"").arg(qs(parameter.name), qs(parameter.choices[i]));
                QVERIFY2(json.contains(expected), qPrintable(json));
                QCOMPARE(AugmentationSpec::fromJson(json.toStdString())
                             .steps.at(0)
                             .value(parameter.name),
                         double(i));
            }
}

void AugmentationSpecTest::missingKeysTakeTheDefaults()
{
    const AugmentationSpec spec = AugmentationSpec::fromJson(
        R"([{"kind": "cutout"}, {"kind": "affine", "rotation": 30, "fill": "wrap"}])");
    QCOMPARE(spec.steps.size(), std::size_t(2));
    QVERIFY(spec.steps[0] == AugmentationStep::make("cutout"));
    AugmentationStep affine = AugmentationStep::make("affine");
    affine.parameters["rotation"] = 30;
    affine.parameters["fill"] = 3;
    QVERIFY(spec.steps[1] == affine);
    QVERIFY(AugmentationSpec::fromJson("[]").empty());
}

void AugmentationSpecTest::everyPresetRoundTrips_data()
{
    QTest::addColumn<QString>("name");
    for (const std::string& name : AugmentationSpec::presetNames())
        QTest::newRow(name.c_str()) << qs(name);
}

void AugmentationSpecTest::everyPresetRoundTrips()
{
    QFETCH(QString, name);
    const AugmentationSpec spec = AugmentationSpec::preset(name.toStdString());
    spec.validate();
    QCOMPARE(spec.empty(), name == "none");
    QVERIFY(!spec.hasBatchLevelSteps());
    QVERIFY(AugmentationSpec::fromJson(spec.toJson(), name.toStdString()) == spec);
}

void AugmentationSpecTest::presetsHoldTheirRecipes()
{
    const auto kinds = [](const std::string& preset) {
        QStringList names;
        for (const AugmentationStep& step : AugmentationSpec::preset(preset).steps)
            names << qs(step.kind);
        return names.join(' ');
    };
    QCOMPARE(kinds("flip"), QString("horizontal_flip"));
    QCOMPARE(kinds("inception"), QString("random_resized_crop horizontal_flip"));
    QCOMPARE(kinds("vgg"), QString("scale_jitter horizontal_flip rgb_shift"));
    QCOMPARE(kinds("alexnet"), QString("scale_jitter horizontal_flip pca_lighting"));
    QCOMPARE(kinds("howard"),
             QString("random_resized_crop horizontal_flip color_jitter pca_lighting"));
    QCOMPARE(kinds("small"), QString("random_crop horizontal_flip"));
    const AugmentationStep vgg = AugmentationSpec::preset("vgg").steps[0];
    QCOMPARE(vgg.value("min_size"), 256.0);
    QCOMPARE(vgg.value("max_size"), 512.0);
    const AugmentationStep alexnet = AugmentationSpec::preset("alexnet").steps[0];
    QCOMPARE(alexnet.value("min_size"), 256.0);
    QCOMPARE(alexnet.value("max_size"), 256.0);
}

void AugmentationSpecTest::unknownPresetListsTheKnownOnes()
{
    const auto error = captureError([] { AugmentationSpec::preset("imagenet"); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, "'imagenet'");
    for (const std::string& name : AugmentationSpec::presetNames())
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, qs(name));
}

void AugmentationSpecTest::badJsonNamesTheStepAndKey_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("not JSON") << R"([{"kind": )" << QStringList{"not valid JSON"};
    QTest::newRow("not an array") << R"({"kind": "cutout"})" << QStringList{"JSON array"};
    QTest::newRow("step without a kind")
        << R"([{"kind": "cutout"}, {"size": 3}])" << QStringList{"step 2", "\"kind\""};
    QTest::newRow("unknown kind") << R"([{"kind": "zoom_blur"}])"
                                  << QStringList{"step 1", "'zoom_blur'", "random_erasing"};
    QTest::newRow("unknown key")
        << R"([{"kind": "horizontal_flip"}, {"kind": "cutout", "sise": 8}])"
        << QStringList{"augmentation step 2 (cutout)", "'sise'", "allowed keys", "size"};
    QTest::newRow("out of range") << R"([{"kind": "random_resized_crop", "scale_min": 2}])"
                                  << QStringList{"augmentation step 1 (random_resized_crop)",
                                                 "'scale_min'", "is 2", "outside"};
    QTest::newRow("negative pixels") << R"([{"kind": "random_crop", "padding": -1}])"
                                     << QStringList{"(random_crop)", "'padding'", "-1", "outside"};
    QTest::newRow("fractional pixels")
        << R"([{"kind": "random_crop", "padding": 2.5}])"
        << QStringList{"(random_crop)", "'padding'", "2.5", "whole number"};
    QTest::newRow("bad choice name")
        << R"([{"kind": "affine", "interpolation": "lanczos"}])"
        << QStringList{"(affine)", "'interpolation'", "bilinear, bicubic, nearest, area"};
    QTest::newRow("choice as a number")
        << R"([{"kind": "affine", "fill": 1}])"
        << QStringList{"(affine)", "'fill'", "constant, edge, reflect, wrap"};
    QTest::newRow("value not a number")
        << R"([{"kind": "cutout", "size": "big"}])" << QStringList{"(cutout)", "'size'", "number"};
    QTest::newRow("probability above 1") << R"([{"kind": "cutout", "probability": 1.5}])"
                                         << QStringList{"(cutout)", "'probability'", "1.5"};
    QTest::newRow("probability not a number") << R"([{"kind": "cutout", "probability": "often"}])"
                                              << QStringList{"(cutout)", "'probability'"};
    // A range's minimum above its maximum: the error names the kind, both keys and both values.
    const struct {
        const char* row;
        const char* kind;
        const char* minimumKey;
        const char* minimum;
        const char* maximumKey;
        const char* maximum;
    } inverted[] = {
        {"scale min above max", "random_resized_crop", "scale_min", "0.9", "scale_max", "0.5"},
        {"ratio min above max", "random_erasing", "ratio_min", "3", "ratio_max", "2"},
        {"size min above max", "scale_jitter", "min_size", "512", "max_size", "256"},
        {"zoom min above max", "affine", "zoom_min", "1.5", "zoom_max", "1.2"},
        {"sigma min above max", "gaussian_blur", "sigma_min", "3", "sigma_max", "1"},
    };
    for (const auto& range : inverted)
        QTest::newRow(range.row) << QString(R"([{"kind": "%1", "%2": %3, "%4": %5}])")
                                        .arg(range.kind, range.minimumKey, range.minimum,
                                             range.maximumKey, range.maximum)
                                 << QStringList{QString("(%1)").arg(range.kind),
                                                QString("'%1'").arg(range.minimumKey),
                                                QString("'%1'").arg(range.maximumKey),
                                                range.minimum, range.maximum};
}

void AugmentationSpecTest::badJsonNamesTheStepAndKey()
{
    QFETCH(QString, json);
    QFETCH(QStringList, mentions);
    const auto error =
        captureError([&] { AugmentationSpec::fromJson(json.toStdString(), "train.json"); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, "train.json");
    for (const QString& mention : mentions)
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, mention);
}

void AugmentationSpecTest::validateNamesTheStepAndKey_data()
{
    QTest::addColumn<AugmentationStep>("broken");
    QTest::addColumn<QStringList>("mentions");

    QTest::newRow("out of range") << stepSetting("affine", "rotation", 200)
                                  << QStringList{"'rotation'", "200", "outside"};
    QTest::newRow("unknown key") << stepSetting("affine", "spin", 1)
                                 << QStringList{"unknown key 'spin'", "rotation"};
    AugmentationStep missing = AugmentationStep::make("affine");
    missing.parameters.erase("translate");
    QTest::newRow("missing key") << missing << QStringList{"'translate' is missing"};
    AugmentationStep improbable = AugmentationStep::make("cutout");
    improbable.probability = -0.1;
    QTest::newRow("negative probability") << improbable << QStringList{"'probability'", "-0.1"};
    QTest::newRow("not a number") << stepSetting("cutout", "size", std::nan(""))
                                  << QStringList{"'size'"};
    // One past the last choice.
    QTest::newRow("choice past the last") << stepSetting("random_erasing", "fill", 3)
                                          << QStringList{"'fill'", "mean, random, constant"};
}

void AugmentationSpecTest::validateNamesTheStepAndKey()
{
    QFETCH(AugmentationStep, broken);
    QFETCH(QStringList, mentions);
    // The broken step second, so the message must give its position.
    const AugmentationSpec spec{{AugmentationStep::make("horizontal_flip"), broken}};
    const auto error = captureError([&] { spec.validate(); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QString("augmentation step 2 (%1)").arg(qs(broken.kind)));
    for (const QString& mention : mentions)
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, mention);
}

void AugmentationSpecTest::stepValueOfAnUnknownParameterThrows()
{
    const auto error = captureError([] { AugmentationStep::make("cutout").value("radius"); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, "'cutout'");
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, "'radius'");
}

void AugmentationSpecTest::batchLevelStepsAreReported()
{
    AugmentationSpec spec = AugmentationSpec::preset("inception");
    QVERIFY(!spec.hasBatchLevelSteps());
    spec.steps.push_back(AugmentationStep::make("mixup"));
    QVERIFY(spec.hasBatchLevelSteps());
    QVERIFY(AugmentationSpec::fromJson(spec.toJson()) == spec);
}

QTEST_GUILESS_MAIN(AugmentationSpecTest)
#include "AugmentationSpecTest.moc"
