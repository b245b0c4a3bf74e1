// The flips and the affine warp (translation, rotation, shear, zoom), called through the
// catalogue on OpenCV pictures: flips mirror and undo themselves without touching the caller's
// pixels; the warp is the identity at zero strength and moves content as its parameters say.
#include "GeometricTestPictures.h"
#include "PictureTestHelpers.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <QObject>
#include <QTest>

#include <cmath>
#include <set>
#include <string>

using fovea::AugmentationStep;
using fovea::data::AugmentContext;
using fovea::data::SampleImage;
using fovea::data::SampleRandom;
using namespace fovea::testing;
using namespace fovea::testing::geometric;

Q_DECLARE_METATYPE(fovea::AugmentationStep)

class FlipAffineAugmentationTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void flipsMirrorAndUndoThemselves_data();
    void flipsMirrorAndUndoThemselves();
    void flipLeavesTheCallersPixelsAlone();
    void affineAtZeroStrengthIsIdentity_data();
    void affineAtZeroStrengthIsIdentity();
    void affineTranslationShiftsTheContent();
    void affineRotatesAboutTheCentre();
    void affineShearMovesRowsAlongColumns();
    void affineZoomMagnifiesAboutTheCentre_data();
    void affineZoomMagnifiesAboutTheCentre();
};

void FlipAffineAugmentationTest::flipsMirrorAndUndoThemselves_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("depth");
    QTest::addColumn<bool>("view");
    for (const char* kind : {"horizontal_flip", "vertical_flip"})
        for (int depth : {CV_8U, CV_32F})
            for (bool view : {false, true})
                QTest::addRow("%s %s%s", kind, depth == CV_8U ? "8-bit" : "float",
                              view ? " of a ROI" : "")
                    << QString(kind) << depth << view;
}

void FlipAffineAugmentationTest::flipsMirrorAndUndoThemselves()
{
    QFETCH(QString, kind);
    QFETCH(int, depth);
    QFETCH(bool, view);
    const bool horizontal = kind == "horizontal_flip";
    const AugmentationStep step = makeStep(kind.toStdString());
    // A ROI of a larger picture: rows are not contiguous.
    const cv::Mat whole = asDepth(noiseImage(60, 40), depth);
    const cv::Mat source = view ? whole(cv::Rect(5, 3, 37, 23)) : whole;
    const cv::Mat once = apply(step, source, 1);
    QCOMPARE(once.size(), source.size());
    QCOMPARE(once.type(), source.type());
    QVERIFY(!identical(once, source));
    for (int y = 0; y < source.rows; ++y)
        for (int x = 0; x < source.cols; ++x) {
            const int fromX = horizontal ? source.cols - 1 - x : x;
            const int fromY = horizontal ? y : source.rows - 1 - y;
            QVERIFY(cv::norm(once(cv::Rect(x, y, 1, 1)), source(cv::Rect(fromX, fromY, 1, 1)),
                             cv::NORM_INF) == 0.0);
        }
    const cv::Point mirrored =
        horizontal ? cv::Point(source.cols - 1, 0) : cv::Point(0, source.rows - 1);
    QCOMPARE(cv::norm(once(cv::Rect(mirrored, cv::Size(1, 1))), source(cv::Rect(0, 0, 1, 1)),
                      cv::NORM_INF),
             0.0);
    QVERIFY(identical(apply(step, once, 2), source));
}

void FlipAffineAugmentationTest::flipLeavesTheCallersPixelsAlone()
{
    const cv::Mat source = noiseImage(16, 16);
    const cv::Mat kept = source.clone();
    for (const char* kind : {"horizontal_flip", "vertical_flip"}) {
        SampleImage image{source}; // shares the caller's buffer
        SampleRandom random(1, 0, 0, 0);
        fovea::data::sampleAugmentFunction(kind)(image, makeStep(kind), random, AugmentContext{});
        QVERIFY(!identical(image.pixels, kept));
        QVERIFY(identical(source, kept));
    }
}

void FlipAffineAugmentationTest::affineAtZeroStrengthIsIdentity_data()
{
    QTest::addColumn<QString>("interpolation");
    QTest::addColumn<QString>("fill");
    QTest::addColumn<int>("depth");
    for (const char* interpolation : {"bilinear", "bicubic", "nearest", "area"})
        for (const char* fill : {"constant", "edge", "reflect", "wrap"})
            for (int depth : {CV_8U, CV_32F})
                QTest::addRow("%s %s %s", interpolation, fill, depth == CV_8U ? "8-bit" : "float")
                    << QString(interpolation) << QString(fill) << depth;
}

void FlipAffineAugmentationTest::affineAtZeroStrengthIsIdentity()
{
    QFETCH(QString, interpolation);
    QFETCH(QString, fill);
    QFETCH(int, depth);
    const AugmentationStep step = makeStep(
        "affine",
        {{"rotation", 0},
         {"translate", 0},
         {"shear", 0},
         {"zoom_min", 1},
         {"zoom_max", 1},
         {"fill", choice("affine", "fill", fill.toStdString())},
         {"interpolation", choice("affine", "interpolation", interpolation.toStdString())}});
    const cv::Mat source = asDepth(noiseImage(37, 29), depth);
    for (std::uint64_t seed = 1; seed <= 3; ++seed)
        QVERIFY(identical(apply(step, source, seed), source));
}

void FlipAffineAugmentationTest::affineTranslationShiftsTheContent()
{
    const int width = 64;
    const int height = 48;
    const AugmentationStep step =
        makeStep("affine", {{"rotation", 0},
                            {"translate", 0.25},
                            {"fill_value", 9},
                            {"interpolation", choice("affine", "interpolation", "nearest")}});
    std::set<std::pair<int, int>> shifts;
    for (std::uint64_t seed = 1; seed <= 30; ++seed) {
        const cv::Mat result = apply(step, coordinateImage(width, height), seed);
        // The shift is the one a content pixel shows; every pixel either shows the same shift or,
        // exactly where that shift leaves the picture, the fill.
        int shiftX = 0, shiftY = 0, sourceX = 0, sourceY = 0;
        bool known = false;
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x) {
                if (!known && sourceOf(result, x, y, sourceX, sourceY)) {
                    shiftX = sourceX - x;
                    shiftY = sourceY - y;
                    known = true;
                }
            }
        QVERIFY(known);
        QVERIFY2(std::abs(shiftX) <= 16 && std::abs(shiftY) <= 12,
                 qPrintable(QString("seed %1: shift (%2, %3)").arg(seed).arg(shiftX).arg(shiftY)));
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x) {
                const bool inside =
                    x + shiftX >= 0 && x + shiftX < width && y + shiftY >= 0 && y + shiftY < height;
                const cv::Vec3b expected =
                    inside ? cv::Vec3b(uchar(x + shiftX), uchar(y + shiftY), 255)
                           : cv::Vec3b(9, 9, 9);
                QVERIFY2(result.at<cv::Vec3b>(y, x) == expected,
                         qPrintable(QString("seed %1, pixel (%2, %3)").arg(seed).arg(x).arg(y)));
            }
        shifts.insert({shiftX, shiftY});
    }
    QVERIFY(shifts.size() > 10);
}

void FlipAffineAugmentationTest::affineRotatesAboutTheCentre()
{
    // Odd sides: the centre is a pixel, which a rotation about the centre keeps in place.
    const int side = 65;
    const double centre = 32.0;
    const AugmentationStep step =
        makeStep("affine", {{"rotation", 180},
                            {"translate", 0},
                            {"interpolation", choice("affine", "interpolation", "nearest")}});
    int rotated = 0;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const cv::Mat result = apply(step, coordinateImage(side, side), seed);
        QCOMPARE(result.at<cv::Vec3b>(32, 32), cv::Vec3b(32, 32, 255));
        for (int y = 0; y < side; ++y)
            for (int x = 0; x < side; ++x) {
                int sourceX, sourceY;
                if (!sourceOf(result, x, y, sourceX, sourceY))
                    continue;
                const double radius = std::hypot(x - centre, y - centre);
                const double sourceRadius = std::hypot(sourceX - centre, sourceY - centre);
                QVERIFY2(std::abs(radius - sourceRadius) <= 1.0,
                         qPrintable(QString("seed %1, pixel (%2, %3) from (%4, %5)")
                                        .arg(seed)
                                        .arg(x)
                                        .arg(y)
                                        .arg(sourceX)
                                        .arg(sourceY)));
            }
        // The top centre pixel lands elsewhere unless the angle is near 0.
        int sourceX, sourceY;
        if (!sourceOf(result, 32, 2, sourceX, sourceY) || std::hypot(sourceX - 32, sourceY - 2) > 5)
            ++rotated;
    }
    QVERIFY(rotated > 15);
}

void FlipAffineAugmentationTest::affineShearMovesRowsAlongColumns()
{
    // Keras' shear maps output (row, column) to (row − sin φ · column', cos φ · column') about the
    // centre: a source column depends on the output column alone.
    const int side = 65;
    const AugmentationStep step =
        makeStep("affine", {{"rotation", 0},
                            {"translate", 0},
                            {"shear", 40},
                            {"interpolation", choice("affine", "interpolation", "nearest")}});
    int sheared = 0;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const cv::Mat result = apply(step, coordinateImage(side, side), seed);
        QCOMPARE(result.at<cv::Vec3b>(32, 32), cv::Vec3b(32, 32, 255));
        for (int x = 0; x < side; ++x) {
            int column = -1;
            for (int y = 0; y < side; ++y) {
                int sourceX, sourceY;
                if (!sourceOf(result, x, y, sourceX, sourceY))
                    continue;
                if (column < 0)
                    column = sourceX;
                QCOMPARE(sourceX, column);
            }
        }
        // Rows tilt: the centre row's ends come from different source rows.
        int leftX, leftY, rightX, rightY;
        if (sourceOf(result, 20, 32, leftX, leftY) && sourceOf(result, 44, 32, rightX, rightY) &&
            std::abs(leftY - rightY) >= 2)
            ++sheared;
    }
    QVERIFY(sheared > 10);
}

void FlipAffineAugmentationTest::affineZoomMagnifiesAboutTheCentre_data()
{
    QTest::addColumn<double>("zoom");
    QTest::addColumn<bool>("cornersFilled");
    QTest::newRow("0.5 shrinks") << 0.5 << true;
    QTest::newRow("2 magnifies") << 2.0 << false;
}

void FlipAffineAugmentationTest::affineZoomMagnifiesAboutTheCentre()
{
    QFETCH(double, zoom);
    QFETCH(bool, cornersFilled);
    const int side = 64;
    const double centre = 31.5;
    const AugmentationStep step =
        makeStep("affine", {{"rotation", 0},
                            {"translate", 0},
                            {"zoom_min", zoom},
                            {"zoom_max", zoom},
                            {"interpolation", choice("affine", "interpolation", "nearest")}});
    const cv::Mat result = apply(step, coordinateImage(side, side), 1);
    int sourceX, sourceY;
    QCOMPARE(!sourceOf(result, 0, 0, sourceX, sourceY), cornersFilled);
    QCOMPARE(!sourceOf(result, side - 1, side - 1, sourceX, sourceY), cornersFilled);
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            if (!sourceOf(result, x, y, sourceX, sourceY))
                continue;
            QVERIFY(std::abs(sourceX - ((x - centre) / zoom + centre)) <= 1.0);
            QVERIFY(std::abs(sourceY - ((y - centre) / zoom + centre)) <= 1.0);
        }
}

QTEST_GUILESS_MAIN(FlipAffineAugmentationTest)
#include "FlipAffineAugmentationTest.moc"
