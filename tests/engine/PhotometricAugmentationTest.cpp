// The photometric augmentation kinds (colour jitter, RGB shift, PCA lighting, grayscale, blur,
// noise): shape, type and range, replay from a seed, identity at zero strength, and their
// meaning. (The colour adjustments and the blur against torchvision: ColorReferenceTest.)
#include "EngineTestHelpers.h"
#include "PhotometricTestPictures.h"
#include "PictureTestHelpers.h"

#include "data/augment/ColorAdjustments.h"
#include "fovea/Augmentation.h"
#include "fovea/Error.h"

#include <QDir>
#include <QFile>
#include <QObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/core.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <utility>

using fovea::AugmentationStep;
using fovea::ErrorCode;
using fovea::data::SampleRandom;
using namespace fovea::testing;
using namespace fovea::testing::photometric;

class PhotometricAugmentationTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void shapeTypeAndRange_data();
    void shapeTypeAndRange();
    void sameSeedSameResult_data();
    void sameSeedSameResult();
    void zeroStrengthIsIdentity_data();
    void zeroStrengthIsIdentity();
    void colorJitterReplaysItsDraws();
    void colorJitterDrawsFactorsInRange();
    void rgbShiftAddsOneOffsetPerChannel();
    void pcaLightingAddsTheDrawnColour_data();
    void pcaLightingAddsTheDrawnColour();
    void grayscaleHasEqualChannels();
    void blurKeepsConstantPictures();
    void noiseHasTheAskedDeviation();

private:
    cv::Mat m_picture;
};

void PhotometricAugmentationTest::initTestCase()
{
    m_picture = testPicture();
}

void PhotometricAugmentationTest::shapeTypeAndRange_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("floatInput");
    QTest::addColumn<bool>("floatOutput");
    // Strong settings, so that clipping is exercised.
    for (const bool floating : {false, true}) {
        const char* suffix = floating ? " (float)" : " (8-bit)";
        QTest::addRow("color_jitter%s", suffix) << "color_jitter" << floating << floating;
        QTest::addRow("rgb_shift%s", suffix) << "rgb_shift" << floating << floating;
        QTest::addRow("pca_lighting%s", suffix) << "pca_lighting" << floating << true;
        QTest::addRow("grayscale%s", suffix) << "grayscale" << floating << floating;
        QTest::addRow("gaussian_blur%s", suffix) << "gaussian_blur" << floating << floating;
        QTest::addRow("gaussian_noise%s", suffix) << "gaussian_noise" << floating << true;
    }
}

void PhotometricAugmentationTest::shapeTypeAndRange()
{
    QFETCH(QString, kind);
    QFETCH(bool, floatInput);
    QFETCH(bool, floatOutput);
    AugmentationStep step = AugmentationStep::make(kind.toStdString());
    const std::map<std::string, double> strong{
        {"brightness", 1.0}, {"contrast", 1.0},  {"saturation", 1.0}, {"hue", 0.5},
        {"shift", 200.0},    {"alpha_std", 2.0}, {"std", 0.5},        {"sigma_max", 3.0}};
    for (auto& [name, value] : step.parameters)
        if (strong.count(name))
            value = strong.at(name);
    const cv::Mat input = floatInput ? floatPicture() : m_picture;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const cv::Mat output = applyStep(step, input, seed);
        QCOMPARE(output.size(), input.size());
        QCOMPARE(output.type(), floatOutput ? CV_32FC3 : CV_8UC3);
        const auto [lowest, highest] = valueRange(output);
        QVERIFY2(lowest >= 0.0 && highest <= 255.0,
                 qPrintable(QStringLiteral("values in [%1, %2]").arg(lowest).arg(highest)));
    }
}

void PhotometricAugmentationTest::sameSeedSameResult_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("random"); ///< whether another seed should give another result
    QTest::newRow("color_jitter") << "color_jitter" << true;
    QTest::newRow("rgb_shift") << "rgb_shift" << true;
    QTest::newRow("pca_lighting") << "pca_lighting" << true;
    QTest::newRow("grayscale") << "grayscale" << false;
    QTest::newRow("gaussian_blur") << "gaussian_blur" << true;
    QTest::newRow("gaussian_noise") << "gaussian_noise" << true;
}

void PhotometricAugmentationTest::sameSeedSameResult()
{
    QFETCH(QString, kind);
    QFETCH(bool, random);
    const AugmentationStep step = AugmentationStep::make(kind.toStdString());
    for (const bool floating : {false, true}) {
        const cv::Mat input = floating ? floatPicture() : m_picture;
        const cv::Mat first = applyStep(step, input, 1234);
        const cv::Mat again = applyStep(step, input, 1234);
        QVERIFY(identical(first, again));
        if (random) {
            const cv::Mat other = applyStep(step, input, 1235);
            QVERIFY(!identical(first, other));
        }
    }
}

void PhotometricAugmentationTest::zeroStrengthIsIdentity_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("parameter");
    QTest::newRow("color_jitter") << "color_jitter"
                                  << "";
    QTest::newRow("rgb_shift") << "rgb_shift"
                               << "shift";
    QTest::newRow("pca_lighting") << "pca_lighting"
                                  << "alpha_std";
    QTest::newRow("gaussian_noise") << "gaussian_noise"
                                    << "std";
}

void PhotometricAugmentationTest::zeroStrengthIsIdentity()
{
    QFETCH(QString, kind);
    QFETCH(QString, parameter);
    AugmentationStep step = AugmentationStep::make(kind.toStdString());
    if (parameter.isEmpty())
        for (auto& [name, value] : step.parameters)
            value = 0.0;
    else
        step.parameters.at(parameter.toStdString()) = 0.0;
    for (const bool floating : {false, true}) {
        const cv::Mat input = floating ? floatPicture() : m_picture;
        for (std::uint64_t seed = 1; seed <= 5; ++seed)
            QVERIFY(identical(applyStep(step, input, seed), input));
    }
}

void PhotometricAugmentationTest::colorJitterReplaysItsDraws()
{
    // The documented draw order: a permutation of the four adjustments (Fisher–Yates from the
    // last position down), then the brightness, contrast and saturation factors, then the hue.
    const AugmentationStep step =
        makeStep("color_jitter",
                 {{"brightness", 0.4}, {"contrast", 0.3}, {"saturation", 0.5}, {"hue", 0.1}});
    std::set<std::array<int, 4>> ordersSeen;
    for (const bool floating : {false, true}) {
        const cv::Mat input = floating ? floatPicture() : m_picture;
        for (std::uint64_t seed = 1; seed <= 40; ++seed) {
            SampleRandom random(seed, 0, 0, 0);
            std::array<int, 4> order{0, 1, 2, 3};
            for (int i = 3; i > 0; --i)
                std::swap(order[std::size_t(i)], order[std::size_t(random.uniformInt(0, i))]);
            const double brightness = random.uniform(0.6, 1.4);
            const double contrast = random.uniform(0.7, 1.3);
            const double saturation = random.uniform(0.5, 1.5);
            const double hue = random.uniform(-0.1, 0.1);
            ordersSeen.insert(order);
            cv::Mat expectedPixels = input.clone();
            for (const int which : order) {
                if (which == 0)
                    fovea::data::adjustBrightness(expectedPixels, brightness);
                else if (which == 1)
                    fovea::data::adjustContrast(expectedPixels, contrast);
                else if (which == 2)
                    fovea::data::adjustSaturation(expectedPixels, saturation);
                else
                    fovea::data::adjustHue(expectedPixels, hue);
            }
            QVERIFY(identical(applyStep(step, input, seed), expectedPixels));
        }
    }
    // 40 seeds see most of the 24 orders; a stuck order would show as very few.
    QVERIFY2(ordersSeen.size() >= 12, qPrintable(QString::number(ordersSeen.size())));
}

void PhotometricAugmentationTest::colorJitterDrawsFactorsInRange()
{
    // Brightness alone on a float picture: the output is the input times the factor (where not
    // clipped), so the factor can be read back and must lie in [1 − s, 1 + s].
    const double strength = 0.4;
    const AugmentationStep step = makeStep(
        "color_jitter", {{"brightness", strength}, {"contrast", 0}, {"saturation", 0}, {"hue", 0}});
    const cv::Mat input(8, 8, CV_32FC3, cv::Scalar(100, 50, 150));
    double lowest = 10.0;
    double highest = 0.0;
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        const cv::Mat output = applyStep(step, input, seed);
        const double factor = output.at<cv::Vec3f>(3, 3)[1] / 50.0;
        QVERIFY(std::abs(output.at<cv::Vec3f>(3, 3)[0] - 100.0 * factor) < 1e-3);
        lowest = std::min(lowest, factor);
        highest = std::max(highest, factor);
    }
    QVERIFY(lowest >= 1.0 - strength - 1e-6 && highest <= 1.0 + strength + 1e-6);
    // 200 uniform draws reach within 0.05 of both ends (the chance they do not is below 1e-8).
    QVERIFY(lowest < 1.0 - strength + 0.05 && highest > 1.0 + strength - 0.05);
}

void PhotometricAugmentationTest::rgbShiftAddsOneOffsetPerChannel()
{
    const double shift = 30.0;
    const AugmentationStep step = makeStep("rgb_shift", {{"shift", shift}});
    // Values in [40, 215]: no offset of at most 30 clips them.
    cv::Mat input8(kHeight, kWidth, CV_8UC3);
    cv::RNG(5).fill(input8, cv::RNG::UNIFORM, cv::Scalar::all(40), cv::Scalar::all(216));
    cv::Mat inputFloat;
    input8.convertTo(inputFloat, CV_32F, 1.0, 0.25);
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        SampleRandom random(seed, 0, 0, 0);
        std::array<double, 3> offset{};
        for (double& value : offset)
            value = random.uniform(-shift, shift);

        cv::Mat difference;
        cv::subtract(applyStep(step, inputFloat, seed), inputFloat, difference, cv::noArray(),
                     CV_64F);
        cv::Mat difference8;
        cv::subtract(applyStep(step, input8, seed), input8, difference8, cv::noArray(), CV_32S);
        for (int c = 0; c < 3; ++c) {
            const double drawn = offset[std::size_t(c)];
            const auto [low, high] = channelRange(difference, c);
            QVERIFY(std::abs(low - drawn) < 1e-3 && std::abs(high - drawn) < 1e-3);
            // 8-bit pictures get the offset rounded to a whole level (and stay 8-bit).
            const auto [low8, high8] = channelRange(difference8, c);
            QCOMPARE(low8, double(std::lround(drawn)));
            QCOMPARE(high8, double(std::lround(drawn)));
        }
    }
}

void PhotometricAugmentationTest::pcaLightingAddsTheDrawnColour_data()
{
    QTest::addColumn<double>("alphaStd");
    QTest::newRow("AlexNet 0.1") << 0.1;
    QTest::newRow("strong 1.0") << 1.0;
}

void PhotometricAugmentationTest::pcaLightingAddsTheDrawnColour()
{
    QFETCH(double, alphaStd);
    // fb.resnet.torch's eigen decomposition, typed here again from architectures.md §8 (columns
    // are the eigenvectors), so that a slip in the engine's copy shows.
    const double eigval[3] = {0.2175, 0.0188, 0.0045};
    const double eigvec[3][3] = {
        {-0.5675, 0.7192, 0.4009}, {-0.5808, -0.0045, -0.8140}, {-0.5836, -0.6948, 0.4203}};
    const AugmentationStep step = makeStep("pca_lighting", {{"alpha_std", alphaStd}});
    // Mid-grey with some texture, far enough from 0 and 255 that a 4-sigma offset never clips.
    cv::Mat input(kHeight, kWidth, CV_8UC3);
    cv::RNG(8).fill(input, cv::RNG::UNIFORM, cv::Scalar::all(110), cv::Scalar::all(146));
    double largestOffset = 0.0;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        SampleRandom random(seed, 0, 0, 0);
        double alpha[3];
        for (double& value : alpha)
            value = random.normal(0.0, alphaStd);
        std::array<double, 3> offset{};
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j)
                offset[std::size_t(i)] += eigvec[i][j] * alpha[j] * eigval[j] * 255.0;

        const cv::Mat output = applyStep(step, input, seed);
        QCOMPARE(output.type(), CV_32FC3);
        cv::Mat difference;
        cv::subtract(output, input, difference, cv::noArray(), CV_64F);
        for (int c = 0; c < 3; ++c) {
            const auto [low, high] = channelRange(difference, c);
            // A constant colour over the whole picture, equal to the drawn one.
            QVERIFY2(high - low < 1e-4, qPrintable(QStringLiteral("spread %1").arg(high - low)));
            QVERIFY2(std::abs(low - offset[std::size_t(c)]) < 1e-3,
                     qPrintable(QStringLiteral("channel %1: %2, expected %3")
                                    .arg(c)
                                    .arg(low)
                                    .arg(offset[std::size_t(c)])));
            largestOffset = std::max(largestOffset, std::abs(low));
        }
    }
    // The offset is a real lighting change, not a rounding: at least a grey level somewhere.
    QVERIFY(largestOffset > 1.0);
}

void PhotometricAugmentationTest::grayscaleHasEqualChannels()
{
    for (const bool floating : {false, true}) {
        const cv::Mat input = floating ? floatPicture() : m_picture;
        const cv::Mat output = applyStep(AugmentationStep::make("grayscale"), input, 7);
        std::vector<cv::Mat> channels;
        cv::split(output, channels);
        QVERIFY(identical(channels[0], channels[1]));
        QVERIFY(identical(channels[0], channels[2]));
        // Pure red's luminance is 0.299 · 255 ≈ 76.2 (Pillow rounds it to 76).
        cv::Mat red(1, 1, input.type(), cv::Scalar(255, 0, 0));
        const cv::Mat redGrey = applyStep(AugmentationStep::make("grayscale"), red, 7);
        cv::Mat asDouble;
        redGrey.convertTo(asDouble, CV_64F);
        QVERIFY(std::abs(asDouble.at<cv::Vec3d>(0, 0)[0] - 76.245) < 0.25);
    }
}

void PhotometricAugmentationTest::blurKeepsConstantPictures()
{
    const AugmentationStep step = makeStep("gaussian_blur", {{"sigma_min", 0.5}, {"sigma_max", 6}});
    for (const int type : {CV_8UC3, CV_32FC3}) {
        const cv::Mat input(kHeight, kWidth, type, cv::Scalar(17, 130, 241));
        for (std::uint64_t seed = 1; seed <= 5; ++seed)
            QVERIFY(maxDifference(applyStep(step, input, seed), input) < 1e-3);
    }
    // And does blur a textured one: neighbouring differences shrink.
    const auto roughness = [](const cv::Mat& picture) {
        cv::Mat asFloat;
        picture.convertTo(asFloat, CV_32F);
        return cv::norm(asFloat.colRange(1, asFloat.cols), asFloat.colRange(0, asFloat.cols - 1),
                        cv::NORM_L1);
    };
    QVERIFY(roughness(applyStep(step, m_picture, 7)) < 0.7 * roughness(m_picture));
}

void PhotometricAugmentationTest::noiseHasTheAskedDeviation()
{
    const double fraction = 0.02; // 5.1 grey levels: a mid-grey picture never clips at 20 sigma
    const AugmentationStep step = makeStep("gaussian_noise", {{"std", fraction}});
    const cv::Mat input(128, 128, CV_8UC3, cv::Scalar(120, 128, 136));
    const cv::Mat output = applyStep(step, input, 7);
    QCOMPARE(output.type(), CV_32FC3);
    cv::Mat difference;
    cv::subtract(output, input, difference, cv::noArray(), CV_64F);
    cv::Scalar mean;
    cv::Scalar deviation;
    cv::meanStdDev(difference, mean, deviation);
    // 16384 values per channel: the sample mean is within 4 standard errors (0.16) of 0, and the
    // sample deviation within 4 % of 5.1.
    for (int c = 0; c < 3; ++c) {
        QVERIFY2(std::abs(mean[c]) < 4.0 * fraction * 255.0 / 128.0,
                 qPrintable(QStringLiteral("mean %1").arg(mean[c])));
        QVERIFY2(std::abs(deviation[c] / (fraction * 255.0) - 1.0) < 0.04,
                 qPrintable(QStringLiteral("deviation %1").arg(deviation[c])));
    }
    // Independent per channel: the channels' noise is not the same field.
    std::vector<cv::Mat> channels;
    cv::split(difference, channels);
    QVERIFY(cv::norm(channels[0], channels[1], cv::NORM_INF) > 1.0);
}

QTEST_GUILESS_MAIN(PhotometricAugmentationTest)
#include "PhotometricAugmentationTest.moc"
