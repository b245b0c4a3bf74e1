// The geometric augmentation kinds, called through the catalogue on OpenCV pictures: output
// size and depth, replayable draws and float/8-bit agreement for all of them, and what the
// crops do to the pixels. (Flips and the affine warp: FlipAffineAugmentationTest.)
#include "GeometricTestPictures.h"
#include "PictureTestHelpers.h"

#include "data/augment/AugmentationFunctions.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <QObject>
#include <QTest>

#include <cmath>
#include <set>
#include <string>
#include <utility>

using fovea::AugmentationStep;
using fovea::data::AugmentContext;
using fovea::data::SampleImage;
using fovea::data::SampleRandom;
using namespace fovea::testing;
using namespace fovea::testing::geometric;

Q_DECLARE_METATYPE(fovea::AugmentationStep)

class GeometricAugmentationTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cropKindsProduceTheOutputSize_data();
    void cropKindsProduceTheOutputSize();
    void otherKindsKeepTheSize_data();
    void otherKindsKeepTheSize();
    void sameSeedSameBytesOtherSeedsDiffer_data();
    void sameSeedSameBytesOtherSeedsDiffer();
    void floatAndEightBitAgree_data();
    void floatAndEightBitAgree();

    void resizedCropOfTheWholeSquareIsAPlainResize_data();
    void resizedCropOfTheWholeSquareIsAPlainResize();
    void resizedCropRegionsRespectScaleAndRatio();
    void resizedCropFallsBackToAClampedCentreCrop_data();
    void resizedCropFallsBackToAClampedCentreCrop();

    void scaleJitterEqualsResizeThenCrop_data();
    void scaleJitterEqualsResizeThenCrop();
    void scaleJitterDrawsTheShorterSideInRange_data();
    void scaleJitterDrawsTheShorterSideInRange();
    void scaleJitterAtTheOutputSizeIsIdentity();

    void paddedCropIsACropOfThePaddedPicture_data();
    void paddedCropIsACropOfThePaddedPicture();
    void paddedCropWithoutPaddingIsIdentity_data();
    void paddedCropWithoutPaddingIsIdentity();
};

void GeometricAugmentationTest::cropKindsProduceTheOutputSize_data()
{
    QTest::addColumn<AugmentationStep>("step");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("outputSize");
    QTest::addColumn<int>("depth");

    const std::vector<std::pair<int, int>> sizes{{300, 200}, {150, 260}, {20, 20}, {1, 1}};
    std::vector<std::pair<std::string, AugmentationStep>> steps;
    for (const char* interpolation : {"bilinear", "bicubic", "nearest", "area"}) {
        steps.emplace_back(std::string("random_resized_crop ") + interpolation,
                           makeStep("random_resized_crop",
                                    {{"interpolation", choice("random_resized_crop",
                                                              "interpolation", interpolation)}}));
        steps.emplace_back(
            std::string("scale_jitter ") + interpolation,
            makeStep("scale_jitter",
                     {{"min_size", 40},
                      {"max_size", 90},
                      {"interpolation", choice("scale_jitter", "interpolation", interpolation)}}));
    }
    for (const char* fill : {"constant", "edge", "reflect", "wrap"})
        steps.emplace_back(std::string("random_crop ") + fill,
                           makeStep("random_crop", {{"fill", choice("random_crop", "fill", fill)},
                                                    {"fill_value", 77}}));
    for (const auto& [name, step] : steps)
        for (const auto& [width, height] : sizes)
            for (int outputSize : {32, 57})
                for (int depth : {CV_8U, CV_32F})
                    QTest::addRow("%s %dx%d to %d %s", name.c_str(), width, height, outputSize,
                                  depth == CV_8U ? "8-bit" : "float")
                        << step << width << height << outputSize << depth;
}

void GeometricAugmentationTest::cropKindsProduceTheOutputSize()
{
    QFETCH(AugmentationStep, step);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, outputSize);
    QFETCH(int, depth);

    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        const cv::Mat result =
            apply(step, asDepth(noiseImage(width, height), depth), seed, outputSize);
        QCOMPARE(result.cols, outputSize);
        QCOMPARE(result.rows, outputSize);
        QCOMPARE(result.type(), CV_MAKETYPE(depth, 3));
        QVERIFY(result.isContinuous());
        // Bicubic may overshoot on float pictures (as torchvision's tensor path does); the other
        // filters stay within their neighbours' range.
        if (step.parameters.count("interpolation") &&
            step.value("interpolation") == choice(step.kind, "interpolation", "bicubic"))
            continue;
        const auto [low, high] = valueRange(result);
        QVERIFY2(low >= 0.0 && high <= 255.0,
                 qPrintable(QString("range %1..%2").arg(low).arg(high)));
    }
}

void GeometricAugmentationTest::otherKindsKeepTheSize_data()
{
    QTest::addColumn<AugmentationStep>("step");
    QTest::addColumn<int>("depth");
    const std::vector<std::pair<const char*, AugmentationStep>> steps{
        {"horizontal_flip", makeStep("horizontal_flip")},
        {"vertical_flip", makeStep("vertical_flip")},
        {"affine default", makeStep("affine")},
        {"affine strong reflect",
         makeStep("affine", {{"rotation", 180},
                             {"translate", 0.5},
                             {"shear", 40},
                             {"zoom_min", 0.5},
                             {"zoom_max", 2},
                             {"fill", choice("affine", "fill", "reflect")}})},
        {"affine wrap area",
         makeStep("affine", {{"rotation", 45},
                             {"fill", choice("affine", "fill", "wrap")},
                             {"interpolation", choice("affine", "interpolation", "area")}})},
    };
    for (const auto& [name, step] : steps)
        for (int depth : {CV_8U, CV_32F})
            QTest::addRow("%s %s", name, depth == CV_8U ? "8-bit" : "float") << step << depth;
}

void GeometricAugmentationTest::otherKindsKeepTheSize()
{
    QFETCH(AugmentationStep, step);
    QFETCH(int, depth);
    const cv::Mat source = asDepth(noiseImage(47, 31), depth);
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        const cv::Mat result = apply(step, source, seed, 224);
        QCOMPARE(result.cols, 47);
        QCOMPARE(result.rows, 31);
        QCOMPARE(result.type(), source.type());
        const auto [low, high] = valueRange(result);
        QVERIFY(low >= 0.0 && high <= 255.0);
    }
}

void GeometricAugmentationTest::sameSeedSameBytesOtherSeedsDiffer_data()
{
    QTest::addColumn<AugmentationStep>("step");
    QTest::newRow("random_resized_crop") << makeStep("random_resized_crop");
    QTest::newRow("scale_jitter") << makeStep("scale_jitter", {{"min_size", 40}, {"max_size", 80}});
    QTest::newRow("scale_jitter area") << makeStep(
        "scale_jitter", {{"min_size", 40},
                         {"max_size", 80},
                         {"interpolation", choice("scale_jitter", "interpolation", "area")}});
    QTest::newRow("random_crop") << makeStep("random_crop");
    QTest::newRow("affine") << makeStep("affine", {{"rotation", 30},
                                                   {"translate", 0.1},
                                                   {"shear", 10},
                                                   {"zoom_min", 0.8},
                                                   {"zoom_max", 1.2}});
}

void GeometricAugmentationTest::sameSeedSameBytesOtherSeedsDiffer()
{
    QFETCH(AugmentationStep, step);
    const SeedReplay replay = replaySeeds(step, noiseImage(64, 48));
    QVERIFY(replay.replays);
    QVERIFY2(replay.differing >= 4,
             qPrintable(QString("only %1 of 5 other seeds differ").arg(replay.differing)));
}

void GeometricAugmentationTest::floatAndEightBitAgree_data()
{
    QTest::addColumn<AugmentationStep>("step");
    QTest::addColumn<double>("tolerance");
    for (const char* interpolation : {"nearest", "bilinear", "bicubic", "area"}) {
        // Nearest sampling picks the same pixels at both depths; the filters differ by the
        // 8-bit rounding.
        const double tolerance = std::string(interpolation) == "nearest" ? 0.0 : 1.0;
        QTest::addRow("random_resized_crop %s", interpolation)
            << makeStep("random_resized_crop",
                        {{"interpolation",
                          choice("random_resized_crop", "interpolation", interpolation)}})
            << tolerance;
        QTest::addRow("scale_jitter %s", interpolation)
            << makeStep("scale_jitter",
                        {{"min_size", 40},
                         {"max_size", 80},
                         {"interpolation", choice("scale_jitter", "interpolation", interpolation)}})
            << tolerance;
        QTest::addRow("affine %s", interpolation)
            << makeStep("affine",
                        {{"rotation", 30},
                         {"shear", 10},
                         {"zoom_min", 0.8},
                         {"zoom_max", 1.2},
                         {"interpolation", choice("affine", "interpolation", interpolation)}})
            << tolerance;
    }
    QTest::newRow("random_crop") << makeStep("random_crop") << 0.0;
    QTest::newRow("horizontal_flip") << makeStep("horizontal_flip") << 0.0;
    QTest::newRow("vertical_flip") << makeStep("vertical_flip") << 0.0;
}

void GeometricAugmentationTest::floatAndEightBitAgree()
{
    QFETCH(AugmentationStep, step);
    QFETCH(double, tolerance);
    const cv::Mat source = smoothImage(64, 48);
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        const cv::Mat eightBit = apply(step, source, seed);
        const cv::Mat floating = apply(step, asDepth(source, CV_32F), seed);
        QCOMPARE(floating.type(), CV_32FC3);
        // Saturating conversion: bicubic's float overshoot is what 8 bits clip.
        const cv::Mat rounded = asDepth(floating, CV_8U);
        QCOMPARE(rounded.size(), eightBit.size());
        QVERIFY2(cv::norm(rounded, eightBit, cv::NORM_INF) <= tolerance,
                 qPrintable(QString("seed %1: differ by %2")
                                .arg(seed)
                                .arg(cv::norm(rounded, eightBit, cv::NORM_INF))));
    }
}

void GeometricAugmentationTest::resizedCropOfTheWholeSquareIsAPlainResize_data()
{
    QTest::addColumn<QString>("interpolation");
    QTest::addColumn<int>("flag");
    QTest::addColumn<int>("outputSize");
    const std::vector<std::pair<const char*, int>> filters{{"bilinear", cv::INTER_LINEAR},
                                                           {"bicubic", cv::INTER_CUBIC},
                                                           {"nearest", cv::INTER_NEAREST},
                                                           {"area", cv::INTER_AREA}};
    for (const auto& [name, flag] : filters)
        for (int outputSize : {32, 100})
            QTest::addRow("%s to %d", name, outputSize) << QString(name) << flag << outputSize;
}

void GeometricAugmentationTest::resizedCropOfTheWholeSquareIsAPlainResize()
{
    QFETCH(QString, interpolation);
    QFETCH(int, flag);
    QFETCH(int, outputSize);
    const AugmentationStep step =
        makeStep("random_resized_crop",
                 {{"scale_min", 1},
                  {"scale_max", 1},
                  {"ratio_min", 1},
                  {"ratio_max", 1},
                  {"interpolation",
                   choice("random_resized_crop", "interpolation", interpolation.toStdString())}});
    const cv::Mat source = noiseImage(64, 64);
    cv::Mat expected;
    cv::resize(source, expected, cv::Size(outputSize, outputSize), 0, 0, flag);
    for (std::uint64_t seed = 1; seed <= 3; ++seed)
        QVERIFY(identical(apply(step, source, seed, outputSize), expected));
}

void GeometricAugmentationTest::resizedCropRegionsRespectScaleAndRatio()
{
    // Upscaling with nearest sampling shows every source pixel of the region, so the covered
    // rectangle is exactly the crop.
    const int width = 64;
    const int height = 48;
    const double area = width * height;
    const AugmentationStep step =
        makeStep("random_resized_crop",
                 {{"scale_min", 0.25},
                  {"scale_max", 0.5},
                  {"ratio_min", 1.0},
                  {"ratio_max", 2.0},
                  {"interpolation", choice("random_resized_crop", "interpolation", "nearest")}});
    const cv::Mat source = coordinateImage(width, height);
    std::set<std::pair<int, int>> corners;
    for (std::uint64_t seed = 1; seed <= 60; ++seed) {
        const cv::Mat result = apply(step, source, seed, 128);
        const cv::Rect region = coveredRegion(result);
        const QString where = boxNote(seed, region);
        QVERIFY2(region.x + region.width <= width && region.y + region.height <= height,
                 qPrintable(where));
        // Each side was rounded to a whole pixel, so the area may miss its range by half a side.
        const double slack = 0.5 * (region.width + region.height) + 0.25;
        QVERIFY2(region.area() >= 0.25 * area - slack && region.area() <= 0.5 * area + slack,
                 qPrintable(where));
        // Wide crops only: the ratio is width / height.
        QVERIFY2((region.width + 0.5) / (region.height - 0.5) >= 1.0 &&
                     (region.width - 0.5) / (region.height + 0.5) <= 2.0,
                 qPrintable(where));
        // Every column of the region appears, in order.
        std::set<int> columns;
        for (int x = 0; x < result.cols; ++x)
            columns.insert(result.at<cv::Vec3b>(0, x)[0]);
        QCOMPARE(int(columns.size()), region.width);
        corners.insert({region.x, region.y});
    }
    QVERIFY(corners.size() > 20);
}

void GeometricAugmentationTest::resizedCropFallsBackToAClampedCentreCrop_data()
{
    QTest::addColumn<double>("ratio");
    QTest::addColumn<QRect>("expected");
    // A 40×40 picture cannot hold a full-area crop of aspect 2 or 1/2: torchvision falls back to
    // the centre crop of the nearest allowed aspect.
    QTest::newRow("wide") << 2.0 << QRect(0, 10, 40, 20);
    QTest::newRow("tall") << 0.5 << QRect(10, 0, 20, 40);
}

void GeometricAugmentationTest::resizedCropFallsBackToAClampedCentreCrop()
{
    QFETCH(double, ratio);
    QFETCH(QRect, expected);
    const AugmentationStep step =
        makeStep("random_resized_crop",
                 {{"scale_min", 1},
                  {"scale_max", 1},
                  {"ratio_min", ratio},
                  {"ratio_max", ratio},
                  {"interpolation", choice("random_resized_crop", "interpolation", "nearest")}});
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
        const cv::Rect region = coveredRegion(apply(step, coordinateImage(40, 40), seed, 40));
        QCOMPARE(QRect(region.x, region.y, region.width, region.height), expected);
    }
}

void GeometricAugmentationTest::scaleJitterEqualsResizeThenCrop_data()
{
    QTest::addColumn<QString>("interpolation");
    QTest::addColumn<int>("flag");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("shorterSide");
    QTest::addColumn<double>("tolerance");
    const std::vector<std::pair<const char*, int>> filters{{"bilinear", cv::INTER_LINEAR},
                                                           {"bicubic", cv::INTER_CUBIC},
                                                           {"nearest", cv::INTER_NEAREST},
                                                           {"area", cv::INTER_AREA}};
    for (const auto& [name, flag] : filters) {
        // The warp samples where resize does, at 1/32 pixel resolution: the filters may round
        // one grey level apart; nearest picks the same pixels, and area is resized as a whole.
        const double tolerance = flag == cv::INTER_LINEAR || flag == cv::INTER_CUBIC ? 1.0 : 0.0;
        QTest::addRow("%s landscape down", name)
            << QString(name) << flag << 300 << 200 << 64 << tolerance;
        QTest::addRow("%s portrait up", name)
            << QString(name) << flag << 70 << 90 << 101 << tolerance;
        QTest::addRow("%s same size", name) << QString(name) << flag << 90 << 60 << 60 << 0.0;
    }
}

void GeometricAugmentationTest::scaleJitterEqualsResizeThenCrop()
{
    QFETCH(QString, interpolation);
    QFETCH(int, flag);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, shorterSide);
    QFETCH(double, tolerance);
    const int outputSize = 48;
    const AugmentationStep step = makeStep(
        "scale_jitter",
        {{"min_size", shorterSide},
         {"max_size", shorterSide},
         {"interpolation", choice("scale_jitter", "interpolation", interpolation.toStdString())}});
    const cv::Mat source = smoothImage(width, height);
    // torchvision Resize(S): shorter side S, the longer one truncated.
    const cv::Size resizedSize = width <= height
                                     ? cv::Size(shorterSide, shorterSide * height / width)
                                     : cv::Size(shorterSide * width / height, shorterSide);
    cv::Mat resized;
    cv::resize(source, resized, resizedSize, 0, 0, flag);

    std::set<std::pair<int, int>> offsets;
    for (std::uint64_t seed = 1; seed <= 8; ++seed) {
        const cv::Mat result = apply(step, source, seed, outputSize);
        cv::Mat scores;
        cv::matchTemplate(asDepth(resized, CV_32F), asDepth(result, CV_32F), scores, cv::TM_SQDIFF);
        cv::Point best;
        cv::minMaxLoc(scores, nullptr, nullptr, &best);
        const cv::Mat expected = resized(cv::Rect(best, result.size()));
        cv::Mat difference;
        cv::absdiff(asDepth(result, CV_32F), asDepth(expected, CV_32F), difference);
        const double largest = cv::norm(difference, cv::NORM_INF);
        const double mean = cv::mean(difference.reshape(1))[0];
        QVERIFY2(largest <= tolerance && mean <= tolerance / 4.0,
                 qPrintable(QString("seed %1 at (%2, %3): largest %4, mean %5")
                                .arg(seed)
                                .arg(best.x)
                                .arg(best.y)
                                .arg(largest)
                                .arg(mean)));
        offsets.insert({best.x, best.y});
    }
    QVERIFY(offsets.size() > 4);
}

void GeometricAugmentationTest::scaleJitterDrawsTheShorterSideInRange_data()
{
    // A 256×128 coordinate picture cropped to 32 with nearest sampling: a crop of a picture whose
    // shorter side is S spans about 31·128/S source columns.
    QTest::addColumn<int>("minSize");
    QTest::addColumn<int>("maxSize");
    QTest::addColumn<int>("fewestColumns");
    QTest::addColumn<int>("mostColumns");
    QTest::addColumn<bool>("spread");
    QTest::newRow("single scale 64") << 64 << 64 << 61 << 63 << false;
    QTest::newRow("single scale at the picture's size") << 128 << 128 << 31 << 31 << false;
    QTest::newRow("below the output size: S becomes 32") << 8 << 8 << 123 << 125 << false;
    QTest::newRow("range 64 to 128") << 64 << 128 << 30 << 63 << true;
}

void GeometricAugmentationTest::scaleJitterDrawsTheShorterSideInRange()
{
    QFETCH(int, minSize);
    QFETCH(int, maxSize);
    QFETCH(int, fewestColumns);
    QFETCH(int, mostColumns);
    QFETCH(bool, spread);
    const AugmentationStep step = makeStep(
        "scale_jitter", {{"min_size", minSize},
                         {"max_size", maxSize},
                         {"interpolation", choice("scale_jitter", "interpolation", "nearest")}});
    const cv::Mat source = coordinateImage(256, 128);
    int smallest = 1000;
    int largest = 0;
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        const cv::Mat result = apply(step, source, seed, 32);
        const int columns = result.at<cv::Vec3b>(0, 31)[0] - result.at<cv::Vec3b>(0, 0)[0];
        QVERIFY2(columns >= fewestColumns && columns <= mostColumns,
                 qPrintable(QString("seed %1: %2 columns").arg(seed).arg(columns)));
        smallest = std::min(smallest, columns);
        largest = std::max(largest, columns);
    }
    if (spread)
        QVERIFY2(smallest < 40 && largest > 55,
                 qPrintable(QString("columns only from %1 to %2").arg(smallest).arg(largest)));
}

void GeometricAugmentationTest::scaleJitterAtTheOutputSizeIsIdentity()
{
    const cv::Mat source = noiseImage(32, 32);
    for (int size : {32, 8}) // 8 is below the output size and is raised to it
        for (std::uint64_t seed = 1; seed <= 3; ++seed)
            QVERIFY(
                identical(apply(makeStep("scale_jitter", {{"min_size", size}, {"max_size", size}}),
                                source, seed, 32),
                          source));
}

void GeometricAugmentationTest::paddedCropIsACropOfThePaddedPicture_data()
{
    QTest::addColumn<QString>("fill");
    QTest::addColumn<int>("border");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("padding");
    QTest::addColumn<int>("padX");
    QTest::addColumn<int>("padY");
    const std::vector<std::pair<const char*, int>> fills{{"constant", cv::BORDER_CONSTANT},
                                                         {"edge", cv::BORDER_REPLICATE},
                                                         {"reflect", cv::BORDER_REFLECT_101},
                                                         {"wrap", cv::BORDER_WRAP}};
    for (const auto& [name, border] : fills) {
        QTest::addRow("%s CIFAR 32 padding 4", name)
            << QString(name) << border << 32 << 32 << 4 << 4 << 4;
        QTest::addRow("%s 64x64 padding 4", name)
            << QString(name) << border << 64 << 64 << 4 << 4 << 4;
        // Smaller than the output: the shortfall is padded on both ends (pad_if_needed).
        QTest::addRow("%s 20x20 padding 0", name)
            << QString(name) << border << 20 << 20 << 0 << 12 << 12;
        QTest::addRow("%s 40x20 padding 3", name)
            << QString(name) << border << 40 << 20 << 3 << 3 << 9;
    }
}

void GeometricAugmentationTest::paddedCropIsACropOfThePaddedPicture()
{
    QFETCH(QString, fill);
    QFETCH(int, border);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, padding);
    QFETCH(int, padX);
    QFETCH(int, padY);
    const int outputSize = 32;
    const AugmentationStep step =
        makeStep("random_crop", {{"padding", padding},
                                 {"fill", choice("random_crop", "fill", fill.toStdString())},
                                 {"fill_value", 9}});
    const cv::Mat source = noiseImage(width, height);
    cv::Mat padded;
    cv::copyMakeBorder(source, padded, padY, padY, padX, padX, border, cv::Scalar::all(9));

    std::set<std::pair<int, int>> offsets;
    for (std::uint64_t seed = 1; seed <= 30; ++seed) {
        const cv::Mat result = apply(step, source, seed, outputSize);
        QCOMPARE(result.size(), cv::Size(outputSize, outputSize));
        bool found = false;
        for (int y = 0; y + outputSize <= padded.rows && !found; ++y)
            for (int x = 0; x + outputSize <= padded.cols && !found; ++x)
                if (identical(padded(cv::Rect(x, y, outputSize, outputSize)), result)) {
                    offsets.insert({x, y});
                    found = true;
                }
        QVERIFY2(found, qPrintable(QString("seed %1: not a crop of the padded picture").arg(seed)));
    }
    QVERIFY(offsets.size() > 5);
}

void GeometricAugmentationTest::paddedCropWithoutPaddingIsIdentity_data()
{
    QTest::addColumn<QString>("fill");
    QTest::addColumn<int>("depth");
    for (const char* fill : {"constant", "edge", "reflect", "wrap"})
        for (int depth : {CV_8U, CV_32F})
            QTest::addRow("%s %s", fill, depth == CV_8U ? "8-bit" : "float")
                << QString(fill) << depth;
}

void GeometricAugmentationTest::paddedCropWithoutPaddingIsIdentity()
{
    QFETCH(QString, fill);
    QFETCH(int, depth);
    const AugmentationStep step =
        makeStep("random_crop",
                 {{"padding", 0}, {"fill", choice("random_crop", "fill", fill.toStdString())}});
    const cv::Mat source = asDepth(noiseImage(32, 32), depth);
    for (std::uint64_t seed = 1; seed <= 3; ++seed)
        QVERIFY(identical(apply(step, source, seed, 32), source));
}

QTEST_GUILESS_MAIN(GeometricAugmentationTest)
#include "GeometricAugmentationTest.moc"
