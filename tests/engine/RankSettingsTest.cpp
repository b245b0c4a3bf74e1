// What the ranks of a distributed run compare before training (distributed/RankSettings.h):
// per-rank keys are left out, numbers agree within a relative 1e-6, the first difference is
// named with both values, and long values are cut short in the message.
#include "distributed/RankSettings.h"
#include "fovea/TrainingConfig.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <QObject>
#include <QTest>

class RankSettingsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sameSettingsAgree();
    void perRankKeysMayDiffer();
    void firstDifferenceIsNamed();
    void numbersAgreeWithinRoundOff();
    void datasetSizeAndClassesCount();
    void wholeNumbersMustBeEqual();
    void resumePointsMustBeEqual();
};

namespace {

fovea::TrainingConfig baseConfig()
{
    fovea::TrainingConfig config;
    config.dataset = "/data/a";
    config.architecture = "resnet18";
    config.preprocessing = fovea::Preprocessing{};
    return config;
}

std::string settingsOf(const fovea::TrainingConfig& config, std::int64_t trainImages = 100,
                       const std::vector<std::string>& classes = {"cat", "dog"})
{
    return fovea::rankSettings(config, classes, trainImages, 20);
}

} // namespace

void RankSettingsTest::sameSettingsAgree()
{
    const std::string settings = settingsOf(baseConfig());
    QCOMPARE(fovea::firstSettingDifference(settings, settings), std::string());
}

void RankSettingsTest::perRankKeysMayDiffer()
{
    fovea::TrainingConfig other = baseConfig();
    other.dataset = "/mnt/elsewhere/a";
    other.runsFolder = "/scratch/runs";
    other.threads = 7;
    other.loaderWorkers = 3;
    other.prefetchBatches = 9;
    other.distributedTimeoutSeconds = 30;
    QCOMPARE(fovea::firstSettingDifference(settingsOf(other), settingsOf(baseConfig())),
             std::string());
}

void RankSettingsTest::firstDifferenceIsNamed()
{
    fovea::TrainingConfig other = baseConfig();
    other.validateEveryEpochs = 2;
    other.learningRate = 0.5;
    const std::string difference =
        fovea::firstSettingDifference(settingsOf(other), settingsOf(baseConfig()));
    // Rank 0's key order (the config's): learningRate comes before validateEveryEpochs.
    QCOMPARE(difference, fmt::format("learningRate is 0.5 here but {} on rank 0",
                                     nlohmann::json(baseConfig().learningRate).dump()));

    // A thousand class names are cut short in the message.
    std::vector<std::string> many;
    for (int i = 0; i < 1000; ++i)
        many.push_back("class-" + std::to_string(i));
    // A first name of two-byte characters whose 160th byte is inside one.
    many.front() = "x";
    for (int i = 0; i < 100; ++i)
        many.front() += "ä";
    const std::string longDifference = fovea::firstSettingDifference(
        settingsOf(baseConfig(), 100, many), settingsOf(baseConfig()));
    QVERIFY2(longDifference.rfind("classes in the dataset is [\"xää", 0) == 0,
             longDifference.c_str());
    QVERIFY2(longDifference.size() < 400, longDifference.c_str());
    // Cut between characters: the message stays valid UTF-8.
    QVERIFY(QString::fromStdString(longDifference).toStdString() == longDifference);
}

void RankSettingsTest::numbersAgreeWithinRoundOff()
{
    fovea::TrainingConfig close = baseConfig();
    close.preprocessing->mean[0] += 1e-9;
    QCOMPARE(fovea::firstSettingDifference(settingsOf(close), settingsOf(baseConfig())),
             std::string());
    fovea::TrainingConfig far = baseConfig();
    far.preprocessing->mean[0] += 1e-3;
    const std::string difference =
        fovea::firstSettingDifference(settingsOf(far), settingsOf(baseConfig()));
    QVERIFY2(difference.rfind("preprocessing.mean is [", 0) == 0, difference.c_str());
}

void RankSettingsTest::datasetSizeAndClassesCount()
{
    // The dataset is named before the statistics computed from it.
    fovea::TrainingConfig statistics = baseConfig();
    statistics.preprocessing->mean[0] += 1e-3;
    QCOMPARE(fovea::firstSettingDifference(settingsOf(statistics, 90), settingsOf(baseConfig())),
             std::string("training pictures in the dataset is 90 here but 100 on rank 0"));
    QCOMPARE(fovea::firstSettingDifference(settingsOf(baseConfig(), 90), settingsOf(baseConfig())),
             std::string("training pictures in the dataset is 90 here but 100 on rank 0"));
    const std::string classes = fovea::firstSettingDifference(
        settingsOf(baseConfig(), 100, {"cat", "dog", "owl"}), settingsOf(baseConfig()));
    QCOMPARE(classes, std::string(R"(classes in the dataset is ["cat","dog","owl"] here but )"
                                  R"(["cat","dog"] on rank 0)"));
}

void RankSettingsTest::wholeNumbersMustBeEqual()
{
    // Large seeds and counts one apart are different runs, however small the relative gap.
    fovea::TrainingConfig a = baseConfig();
    a.seed = 20240101;
    fovea::TrainingConfig b = a;
    b.seed = 20240102;
    QCOMPARE(fovea::firstSettingDifference(settingsOf(b), settingsOf(a)),
             std::string("seed is 20240102 here but 20240101 on rank 0"));
    QCOMPARE(fovea::firstSettingDifference(settingsOf(a, 1281166), settingsOf(a, 1281167)),
             std::string("training pictures in the dataset is 1281166 here but 1281167 on rank 0"));
}

void RankSettingsTest::resumePointsMustBeEqual()
{
    const std::string here = fovea::resumePointSettings(3, 0, 300);
    QCOMPARE(fovea::firstSettingDifference(here, fovea::resumePointSettings(3, 0, 300)),
             std::string());
    QCOMPARE(fovea::firstSettingDifference(here, fovea::resumePointSettings(4, 0, 400)),
             std::string("resumed checkpoint's epoch is 3 here but 4 on rank 0"));
}

QTEST_GUILESS_MAIN(RankSettingsTest)
#include "RankSettingsTest.moc"
