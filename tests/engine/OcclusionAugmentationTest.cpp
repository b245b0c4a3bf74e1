// The occlusion kinds (random erasing, cutout), called through the catalogue on OpenCV pictures:
// size and depth kept, replayable draws, the erased rectangle's size and place, and each fill.
#include "PictureTestHelpers.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <QObject>
#include <QTest>

#include <array>
#include <cmath>
#include <set>
#include <string>
#include <tuple>

using fovea::AugmentationStep;
using fovea::data::AugmentContext;
using namespace fovea::testing;

Q_DECLARE_METATYPE(fovea::AugmentationStep)

namespace {

const std::array<float, 3> kMean{10.2f, 120.7f, 250.4f};

// The index of a fill by name ("mean", "random", "constant"); erasing and cutout share the list.
double fillChoice(const std::string& name)
{
    return choice("cutout", "fill", name);
}

cv::Mat uniformImage(int width, int height, int depth, double value = 200.0)
{
    return cv::Mat(height, width, CV_MAKETYPE(depth, 3), cv::Scalar::all(value));
}

// Runs the kind's function on a copy of `pixels`, with kMean as the dataset mean.
cv::Mat apply(const AugmentationStep& step, const cv::Mat& pixels, std::uint64_t seed)
{
    AugmentContext context;
    context.outputSize = 32;
    context.meanRgb = kMean;
    return applyStep(step, pixels, seed, context);
}

// Where a picture that was uniformly 200 no longer is.
cv::Mat changedMask(const cv::Mat& result)
{
    cv::Mat changed;
    cv::inRange(result, cv::Scalar::all(200), cv::Scalar::all(200), changed);
    cv::bitwise_not(changed, changed);
    return changed;
}

// Where a picture that was uniformly 200 no longer is: the bounding box of the changed pixels,
// and whether the box holds nothing but changed pixels.
std::tuple<cv::Rect, bool> changedRegion(const cv::Mat& result)
{
    const cv::Mat changed = changedMask(result);
    const int count = cv::countNonZero(changed);
    if (count == 0)
        return {cv::Rect(), true};
    const cv::Rect box = cv::boundingRect(changed);
    return {box, count == box.area()};
}

// What `step` with `seed` erased from a uniform width x height picture: changedRegion's box and
// whether it is solid, and a note of the seed and the box for failure messages.
struct Erased {
    cv::Rect box;
    bool solid;
    QString where;
};

Erased eraseUniform(const AugmentationStep& step, int width, int height, std::uint64_t seed)
{
    const auto [box, solid] = changedRegion(apply(step, uniformImage(width, height, CV_8U), seed));
    return {box, solid, boxNote(seed, box)};
}

} // namespace

class OcclusionAugmentationTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sizeAndDepthAreKept_data();
    void sizeAndDepthAreKept();
    void sameSeedSameBytesOtherSeedsDiffer_data();
    void sameSeedSameBytesOtherSeedsDiffer();

    void erasingErasesOneRectangleOfTheDrawnArea();
    void erasingLeavesThePictureWhenNothingFits_data();
    void erasingLeavesThePictureWhenNothingFits();

    void cutoutErasesASquareClippedAtTheBorder_data();
    void cutoutErasesASquareClippedAtTheBorder();
    void cutoutCentreReachesEveryCorner();
    void cutoutLargerThanThePictureErasesAll();

    void meanFillIsTheDatasetMean_data();
    void meanFillIsTheDatasetMean();
    void constantFillIsTheGreyLevel_data();
    void constantFillIsTheGreyLevel();
    void randomFillIsNoiseOverTheWholeRange_data();
    void randomFillIsNoiseOverTheWholeRange();
};

void OcclusionAugmentationTest::sizeAndDepthAreKept_data()
{
    QTest::addColumn<AugmentationStep>("step");
    QTest::addColumn<int>("depth");
    for (const char* kind : {"random_erasing", "cutout"})
        for (const char* fill : {"mean", "random", "constant"})
            for (int depth : {CV_8U, CV_32F})
                QTest::addRow("%s %s %s", kind, fill, depth == CV_8U ? "8-bit" : "float")
                    << makeStep(kind, {{"fill", fillChoice(fill)}, {"fill_value", 33}}) << depth;
}

void OcclusionAugmentationTest::sizeAndDepthAreKept()
{
    QFETCH(AugmentationStep, step);
    QFETCH(int, depth);
    const cv::Mat source = uniformImage(57, 41, depth);
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        const cv::Mat result = apply(step, source, seed);
        QCOMPARE(result.size(), source.size());
        QCOMPARE(result.type(), source.type());
        const auto [low, high] = valueRange(result);
        QVERIFY(low >= 0.0 && high <= 255.0);
        QVERIFY(!identical(result, source));
    }
}

void OcclusionAugmentationTest::sameSeedSameBytesOtherSeedsDiffer_data()
{
    QTest::addColumn<AugmentationStep>("step");
    for (const char* kind : {"random_erasing", "cutout"})
        for (const char* fill : {"mean", "random", "constant"})
            QTest::addRow("%s %s", kind, fill) << makeStep(kind, {{"fill", fillChoice(fill)}});
}

void OcclusionAugmentationTest::sameSeedSameBytesOtherSeedsDiffer()
{
    QFETCH(AugmentationStep, step);
    const SeedReplay replay = replaySeeds(step, noiseImage(64, 48));
    QVERIFY(replay.replays);
    QCOMPARE(replay.differing, 5);
}

void OcclusionAugmentationTest::erasingErasesOneRectangleOfTheDrawnArea()
{
    const int width = 100;
    const int height = 80;
    const double area = width * height;
    const AugmentationStep step = makeStep("random_erasing", {{"scale_min", 0.1},
                                                              {"scale_max", 0.3},
                                                              {"ratio_min", 1.0},
                                                              {"ratio_max", 2.5},
                                                              {"fill", fillChoice("constant")},
                                                              {"fill_value", 0}});
    std::set<std::pair<int, int>> corners;
    for (std::uint64_t seed = 1; seed <= 60; ++seed) {
        const auto [box, solid, where] = eraseUniform(step, width, height, seed);
        QVERIFY2(solid && !box.empty(), qPrintable(where));
        // Sides are rounded to whole pixels: the area may miss its range by half a side.
        const double slack = 0.5 * (box.width + box.height) + 0.25;
        QVERIFY2(box.area() >= 0.1 * area - slack && box.area() <= 0.3 * area + slack,
                 qPrintable(where));
        // Tall rectangles only: torchvision's erasing ratio is height / width.
        QVERIFY2((box.height + 0.5) / (box.width - 0.5) >= 1.0 &&
                     (box.height - 0.5) / (box.width + 0.5) <= 2.5,
                 qPrintable(where));
        corners.insert({box.x, box.y});
    }
    QVERIFY(corners.size() > 40);
}

void OcclusionAugmentationTest::erasingLeavesThePictureWhenNothingFits_data()
{
    QTest::addColumn<double>("scale");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    // The whole area at aspect 1 needs sides of √(w·h), never strictly inside the picture.
    QTest::newRow("whole square") << 1.0 << 50 << 50;
    QTest::newRow("whole oblong") << 1.0 << 100 << 80;
    // Zero strength: the rectangle is empty.
    QTest::newRow("zero area") << 0.0 << 100 << 80;
}

void OcclusionAugmentationTest::erasingLeavesThePictureWhenNothingFits()
{
    QFETCH(double, scale);
    QFETCH(int, width);
    QFETCH(int, height);
    const AugmentationStep step =
        makeStep("random_erasing",
                 {{"scale_min", scale}, {"scale_max", scale}, {"ratio_min", 1}, {"ratio_max", 1}});
    const cv::Mat source = noiseImage(width, height);
    for (std::uint64_t seed = 1; seed <= 5; ++seed)
        QVERIFY(identical(apply(step, source, seed), source));
}

void OcclusionAugmentationTest::cutoutErasesASquareClippedAtTheBorder_data()
{
    QTest::addColumn<int>("size");
    QTest::newRow("even") << 10;
    QTest::newRow("odd") << 7;
    QTest::newRow("one pixel") << 1;
}

void OcclusionAugmentationTest::cutoutErasesASquareClippedAtTheBorder()
{
    QFETCH(int, size);
    const int width = 60;
    const int height = 50;
    const AugmentationStep step =
        makeStep("cutout", {{"size", size}, {"fill", fillChoice("constant")}, {"fill_value", 0}});
    int whole = 0;
    int clipped = 0;
    for (std::uint64_t seed = 1; seed <= 80; ++seed) {
        const auto [box, solid, where] = eraseUniform(step, width, height, seed);
        QVERIFY2(solid && !box.empty(), qPrintable(where));
        QVERIFY2(box.width <= size && box.height <= size, qPrintable(where));
        // A side shorter than `size` only where the square met the border.
        if (box.width < size)
            QVERIFY2(box.x == 0 || box.x + box.width == width, qPrintable(where));
        if (box.height < size)
            QVERIFY2(box.y == 0 || box.y + box.height == height, qPrintable(where));
        ++(box.size() == cv::Size(size, size) ? whole : clipped);
    }
    QVERIFY(whole > 0);
    if (size > 1)
        QVERIFY(clipped > 0);
}

void OcclusionAugmentationTest::cutoutCentreReachesEveryCorner()
{
    // The centre is uniform over the whole picture (not its interior), so over enough draws the
    // square covers the corner pixels too.
    const AugmentationStep step =
        makeStep("cutout", {{"size", 3}, {"fill", fillChoice("constant")}, {"fill_value", 0}});
    cv::Mat covered = cv::Mat::zeros(10, 10, CV_8U);
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
        const cv::Mat result = apply(step, uniformImage(10, 10, CV_8U), seed);
        cv::Mat erased;
        cv::inRange(result, cv::Scalar::all(0), cv::Scalar::all(0), erased);
        covered |= erased;
    }
    QCOMPARE(cv::countNonZero(covered), 100);
}

void OcclusionAugmentationTest::cutoutLargerThanThePictureErasesAll()
{
    const AugmentationStep step =
        makeStep("cutout", {{"size", 200}, {"fill", fillChoice("constant")}, {"fill_value", 5}});
    for (std::uint64_t seed = 1; seed <= 5; ++seed)
        QVERIFY(identical(apply(step, noiseImage(60, 50), seed), uniformImage(60, 50, CV_8U, 5)));
}

void OcclusionAugmentationTest::meanFillIsTheDatasetMean_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("depth");
    for (const char* kind : {"random_erasing", "cutout"})
        for (int depth : {CV_8U, CV_32F})
            QTest::addRow("%s %s", kind, depth == CV_8U ? "8-bit" : "float")
                << QString(kind) << depth;
}

void OcclusionAugmentationTest::meanFillIsTheDatasetMean()
{
    QFETCH(QString, kind);
    QFETCH(int, depth);
    const AugmentationStep step = makeStep(kind.toStdString(), {{"fill", fillChoice("mean")}});
    const cv::Mat result = apply(step, uniformImage(64, 48, depth), 3);
    const cv::Mat erased = changedMask(result);
    QVERIFY(cv::countNonZero(erased) > 0);
    // 8-bit rounds the mean to the nearest grey level; float keeps it.
    const cv::Scalar expected =
        depth == CV_8U ? cv::Scalar(10, 121, 250) : cv::Scalar(kMean[0], kMean[1], kMean[2]);
    cv::Mat expectedPixels;
    cv::inRange(result, expected, expected, expectedPixels);
    QCOMPARE(cv::countNonZero(expectedPixels), cv::countNonZero(erased));
}

void OcclusionAugmentationTest::constantFillIsTheGreyLevel_data()
{
    meanFillIsTheDatasetMean_data();
}

void OcclusionAugmentationTest::constantFillIsTheGreyLevel()
{
    QFETCH(QString, kind);
    QFETCH(int, depth);
    const AugmentationStep step =
        makeStep(kind.toStdString(), {{"fill", fillChoice("constant")}, {"fill_value", 77}});
    const cv::Mat result = apply(step, uniformImage(64, 48, depth), 3);
    const auto [box, solid] = changedRegion(result);
    QVERIFY(solid && !box.empty());
    QVERIFY(identical(result(box), uniformImage(box.width, box.height, depth, 77)));
}

void OcclusionAugmentationTest::randomFillIsNoiseOverTheWholeRange_data()
{
    meanFillIsTheDatasetMean_data();
}

void OcclusionAugmentationTest::randomFillIsNoiseOverTheWholeRange()
{
    QFETCH(QString, kind);
    QFETCH(int, depth);
    const AugmentationStep step =
        kind == "cutout"
            ? makeStep("cutout", {{"size", 30}, {"fill", fillChoice("random")}})
            : makeStep("random_erasing", {{"scale_min", 0.2}, {"fill", fillChoice("random")}});
    const cv::Mat result = apply(step, uniformImage(64, 48, depth), 3);
    const cv::Mat erased = changedMask(result);
    QVERIFY(cv::countNonZero(erased) >= 200);
    // Uniform over 0–255: mean about 127.5, standard deviation about 73.9, both ends reached.
    cv::Scalar mean, deviation;
    cv::meanStdDev(result, mean, deviation, erased);
    cv::Mat channels[3];
    cv::split(result, channels);
    for (int c = 0; c < 3; ++c) {
        QVERIFY2(std::abs(mean[c] - 127.5) < 15.0, qPrintable(QString::number(mean[c])));
        QVERIFY2(std::abs(deviation[c] - 73.9) < 10.0, qPrintable(QString::number(deviation[c])));
        double low, high;
        cv::minMaxLoc(channels[c], &low, &high, nullptr, nullptr, erased);
        QVERIFY(low >= 0.0 && low < 5.0);
        QVERIFY(high > 250.0 && high <= 255.0);
    }
}

QTEST_GUILESS_MAIN(OcclusionAugmentationTest)
#include "OcclusionAugmentationTest.moc"
