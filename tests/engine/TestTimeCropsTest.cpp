// Test-time crops: how many, where (inside the picture, the centre centred, the corners in the
// corners), in which order with which flags, that each crop is its box's content resized, that
// the centre crop at the model's own scale is the evaluation input, and the errors.
#include "EngineTestHelpers.h"
#include "PictureTestHelpers.h"

#include "data/SampleTransform.h"
#include "data/TestTimeCropper.h"

#include "fovea/Error.h"
#include "fovea/TestTimeCrops.h"

#include <QObject>
#include <QTest>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstring>
#include <vector>

using fovea::CropBox;
using fovea::ErrorCode;
using fovea::Image;
using fovea::Preprocessing;
using fovea::TestTimeCropSpec;
using fovea::data::SampleImage;
using fovea::data::SampleTransform;
using fovea::data::TestTimeCropper;
using namespace fovea::testing;

namespace {

/// Smooth colours plus a little structure, from a fixed formula.
Image picture(int width, int height)
{
    cv::Mat rgb(height, width, CV_8UC3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            rgb.at<cv::Vec3b>(y, x) =
                cv::Vec3b(std::uint8_t((x * 7 + y * 3) % 256),
                          std::uint8_t(128 + 100 * std::sin(x / 9.0)), std::uint8_t((x * y) % 251));
    return imageOf(rgb);
}

TestTimeCropSpec cropSpec(const char* crops, std::vector<int> scales = {})
{
    TestTimeCropSpec spec;
    spec.crops = crops;
    spec.scales = std::move(scales);
    return spec;
}

const std::vector<const char*> kOrder{"center", "top-left", "top-right", "bottom-left",
                                      "bottom-right"};

} // namespace

class TestTimeCropsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void counts_data();
    void counts();
    void orderAndFlags();
    void boxesInsideThePicture_data();
    void boxesInsideThePicture();
    void centreBoxIsCentred();
    void cornersAreCorners();
    void cropsAreTheBoxContentResized();
    void centreAtOwnScaleIsTheEvaluationInput_data();
    void centreAtOwnScaleIsTheEvaluationInput();
    void evaluationBoxFollowsThePolicy();
    void normalisedCropsAreStacked();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void rejectsBadPictures();
};

void TestTimeCropsTest::counts_data()
{
    QTest::addColumn<QString>("crops");
    QTest::addColumn<std::vector<int>>("scales");
    QTest::addColumn<int>("expected");
    QTest::newRow("center") << "center" << std::vector<int>{} << 1;
    QTest::newRow("five") << "five" << std::vector<int>{} << 5;
    QTest::newRow("ten") << "ten" << std::vector<int>{} << 10;
    QTest::newRow("center x1") << "center" << std::vector<int>{256} << 1;
    QTest::newRow("five x3") << "five" << std::vector<int>{256, 288, 352} << 15;
    QTest::newRow("ten x3") << "ten" << std::vector<int>{256, 288, 352} << 30;
}

void TestTimeCropsTest::counts()
{
    QFETCH(QString, crops);
    QFETCH(std::vector<int>, scales);
    QFETCH(int, expected);
    const TestTimeCropSpec spec = cropSpec(qPrintable(crops), scales);
    const Preprocessing p;
    QCOMPARE(int(fovea::testTimeCropBoxes(500, 375, spec, p, 224).size()), expected);
    const std::vector<Image> images = fovea::testTimeCropImages(picture(500, 375), spec, p, 224);
    QCOMPARE(int(images.size()), expected);
    for (const Image& image : images) {
        QCOMPARE(image.width, 224);
        QCOMPARE(image.height, 224);
        QCOMPARE(image.rgb.size(), std::size_t(224 * 224 * 3));
    }
    QCOMPARE(TestTimeCropper(spec, p, 224).count(), expected);
}

void TestTimeCropsTest::orderAndFlags()
{
    const std::vector<CropBox> boxes =
        fovea::testTimeCropBoxes(500, 375, cropSpec("ten", {256, 320}), Preprocessing{}, 224);
    QCOMPARE(boxes.size(), std::size_t(20));
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        QCOMPARE(boxes[i].position, std::string(kOrder[i % 5]));
        QCOMPARE(boxes[i].flipped, (i % 10) >= 5);
        QCOMPARE(boxes[i].scale, i < 10 ? 256 : 320);
        // The mirrored crop is cut from the same place.
        if (boxes[i].flipped) {
            QCOMPARE(boxes[i].x, boxes[i - 5].x);
            QCOMPARE(boxes[i].y, boxes[i - 5].y);
            QCOMPARE(boxes[i].width, boxes[i - 5].width);
        }
    }
    // The preprocessing's own scale is round(224 / 0.875) = 256.
    const std::vector<CropBox> own =
        fovea::testTimeCropBoxes(500, 375, cropSpec("five"), Preprocessing{}, 224);
    for (const CropBox& box : own)
        QCOMPARE(box.scale, 256);
}

void TestTimeCropsTest::boxesInsideThePicture_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("landscape") << 500 << 375;
    QTest::newRow("portrait") << 375 << 500;
    QTest::newRow("square") << 300 << 300;
    QTest::newRow("input-sized") << 224 << 224;
    QTest::newRow("small") << 60 << 41;
    QTest::newRow("panorama") << 2000 << 300;
}

void TestTimeCropsTest::boxesInsideThePicture()
{
    QFETCH(int, width);
    QFETCH(int, height);
    const std::vector<CropBox> boxes = fovea::testTimeCropBoxes(
        width, height, cropSpec("ten", {224, 256, 300}), Preprocessing{}, 224);
    const double eps = 1e-9 * std::max(width, height);
    for (const CropBox& box : boxes) {
        QVERIFY(box.x >= -eps && box.y >= -eps);
        QVERIFY(box.width > 0 && box.height > 0);
        QVERIFY2(box.x + box.width <= width + eps && box.y + box.height <= height + eps,
                 qPrintable(QStringLiteral("%1 box (%2, %3, %4, %5) leaves %6x%7")
                                .arg(QString::fromStdString(box.position))
                                .arg(box.x)
                                .arg(box.y)
                                .arg(box.width)
                                .arg(box.height)
                                .arg(width)
                                .arg(height)));
        // A square crop of the resized picture covers a box with the picture's own aspect
        // distortion only (the resize keeps the aspect up to a truncated pixel).
        QVERIFY(std::abs(box.width / box.height - 1.0) < 0.01);
    }
}

void TestTimeCropsTest::centreBoxIsCentred()
{
    for (const auto& [width, height] :
         std::vector<std::pair<int, int>>{{500, 375}, {375, 500}, {257, 256}, {1000, 301}}) {
        for (const int scale : {224, 256, 320}) {
            const CropBox box = fovea::testTimeCropBoxes(width, height, cropSpec("center", {scale}),
                                                         Preprocessing{}, 224)
                                    .front();
            // Offsets are rounded to whole resized pixels: at most half of one off centre.
            const double halfPixelX = 0.5 * box.width / 224.0 + 1e-9;
            const double halfPixelY = 0.5 * box.height / 224.0 + 1e-9;
            QVERIFY(std::abs(box.x + box.width / 2 - width / 2.0) <= halfPixelX);
            QVERIFY(std::abs(box.y + box.height / 2 - height / 2.0) <= halfPixelY);
            QCOMPARE(box.position, std::string("center"));
            QVERIFY(!box.flipped);
        }
    }
}

void TestTimeCropsTest::cornersAreCorners()
{
    const int width = 500, height = 375;
    const std::vector<CropBox> boxes =
        fovea::testTimeCropBoxes(width, height, cropSpec("five", {288}), Preprocessing{}, 224);
    const double eps = 1e-9;
    QCOMPARE(boxes[1].x, 0.0);
    QCOMPARE(boxes[1].y, 0.0);
    QVERIFY(std::abs(boxes[2].x + boxes[2].width - width) < eps);
    QCOMPARE(boxes[2].y, 0.0);
    QCOMPARE(boxes[3].x, 0.0);
    QVERIFY(std::abs(boxes[3].y + boxes[3].height - height) < eps);
    QVERIFY(std::abs(boxes[4].x + boxes[4].width - width) < eps);
    QVERIFY(std::abs(boxes[4].y + boxes[4].height - height) < eps);
    // Shorter side 375 -> 288: a crop of 224 covers 224 * 375 / 288 source pixels.
    QVERIFY(std::abs(boxes[1].height - 224.0 * 375.0 / 288.0) < 1e-9);
}

void TestTimeCropsTest::cropsAreTheBoxContentResized()
{
    // 400 x 300 at scale 150 halves the picture exactly, and every offset comes out even, so
    // each box is whole source pixels and its content halved is the crop, pixel for pixel.
    const Image image = picture(400, 300);
    const TestTimeCropSpec spec = cropSpec("ten", {150});
    const Preprocessing p;
    const std::vector<CropBox> boxes = fovea::testTimeCropBoxes(400, 300, spec, p, 64);
    const std::vector<Image> crops = fovea::testTimeCropImages(image, spec, p, 64);
    QCOMPARE(crops.size(), boxes.size());
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        const CropBox& box = boxes[i];
        QCOMPARE(box.x, std::round(box.x));
        QCOMPARE(box.width, 128.0);
        const cv::Rect rect(int(box.x), int(box.y), int(box.width), int(box.height));
        cv::Mat expected;
        cv::resize(view(image)(rect), expected, cv::Size(64, 64), 0, 0, cv::INTER_LINEAR);
        if (box.flipped)
            cv::flip(expected, expected, 1);
        QVERIFY2(identical(view(crops[i]), expected),
                 qPrintable(QStringLiteral("crop %1 (%2%3)")
                                .arg(i)
                                .arg(QString::fromStdString(box.position))
                                .arg(box.flipped ? ", flipped" : "")));
    }
}

void TestTimeCropsTest::centreAtOwnScaleIsTheEvaluationInput_data()
{
    QTest::addColumn<QString>("policy");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    for (const char* policy : {"crop", "squash", "pad"}) {
        QTest::addRow("%s landscape", policy) << policy << 500 << 375;
        QTest::addRow("%s portrait", policy) << policy << 301 << 417;
        QTest::addRow("%s input-sized", policy) << policy << 224 << 224;
    }
}

void TestTimeCropsTest::centreAtOwnScaleIsTheEvaluationInput()
{
    QFETCH(QString, policy);
    QFETCH(int, width);
    QFETCH(int, height);
    Preprocessing p;
    p.resize = policy.toStdString();
    p.padColor = {10, 20, 30};
    const Image image = picture(width, height);
    const cv::Mat evaluation = SampleTransform({}, p, 224).resizeForInput(view(image)).pixels;
    const std::vector<Image> crops = fovea::testTimeCropImages(image, cropSpec("ten"), p, 224);
    QVERIFY(identical(view(crops[0]), evaluation));
    cv::Mat mirrored;
    cv::flip(evaluation, mirrored, 1);
    QVERIFY(identical(view(crops[5]), mirrored));
}

void TestTimeCropsTest::evaluationBoxFollowsThePolicy()
{
    Preprocessing p;
    p.resize = "squash";
    CropBox box = fovea::testTimeCropBoxes(500, 375, cropSpec("center"), p, 224).front();
    QCOMPARE(box.x, 0.0);
    QCOMPARE(box.y, 0.0);
    QCOMPARE(box.width, 500.0);
    QCOMPARE(box.height, 375.0);
    p.resize = "pad";
    box = fovea::testTimeCropBoxes(500, 375, cropSpec("center"), p, 224).front();
    QCOMPARE(box.x, 0.0);
    QCOMPARE(box.y, -62.0); // (500 - 375) / 2 rows of padding above
    QCOMPARE(box.width, 500.0);
    QCOMPARE(box.height, 500.0);
    // An input-sized picture is the evaluation input as it is.
    p.resize = "crop";
    box = fovea::testTimeCropBoxes(224, 224, cropSpec("center"), p, 224).front();
    QCOMPARE(box.width, 224.0);
    QCOMPARE(box.scale, 224);
}

void TestTimeCropsTest::normalisedCropsAreStacked()
{
    Preprocessing p;
    p.channelOrder = "BGR";
    const TestTimeCropper cropper(cropSpec("five", {40, 48}), p, 32);
    const Image image = picture(90, 60);
    const std::vector<float> stacked = cropper.normalisedCrops(view(image));
    const std::size_t planes = 3 * 32 * 32;
    QCOMPARE(stacked.size(), std::size_t(cropper.count()) * planes);
    const std::vector<cv::Mat> crops = cropper.crops(view(image));
    QCOMPARE(int(crops.size()), cropper.count());
    std::vector<float> one(planes);
    for (std::size_t i = 0; i < crops.size(); ++i) {
        cropper.transform().normalise(SampleImage{crops[i]}, one.data());
        QVERIFY(std::memcmp(one.data(), stacked.data() + i * planes, planes * sizeof(float)) == 0);
    }
}

void TestTimeCropsTest::rejectsBadInput_data()
{
    QTest::addColumn<QString>("crops");
    QTest::addColumn<std::vector<int>>("scales");
    QTest::addColumn<int>("inputSize");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("crops") << "seven" << std::vector<int>{} << 224 << "seven";
    QTest::newRow("scale 0") << "five" << std::vector<int>{256, 0} << 224 << "scales[1]";
    QTest::newRow("scale below size") << "five" << std::vector<int>{200} << 224 << "200";
    QTest::newRow("input size") << "center" << std::vector<int>{} << 3 << "3";
}

void TestTimeCropsTest::rejectsBadInput()
{
    QFETCH(QString, crops);
    QFETCH(std::vector<int>, scales);
    QFETCH(int, inputSize);
    QFETCH(QString, mentions);
    const TestTimeCropSpec spec = cropSpec(qPrintable(crops), scales);
    auto error =
        captureError([&] { fovea::testTimeCropBoxes(500, 375, spec, Preprocessing{}, inputSize); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, mentions);
    error = captureError(
        [&] { fovea::testTimeCropImages(picture(50, 40), spec, Preprocessing{}, inputSize); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, mentions);
}

void TestTimeCropsTest::rejectsBadPictures()
{
    Image truncated = picture(50, 40);
    truncated.rgb.resize(100);
    auto error = captureError(
        [&] { fovea::testTimeCropImages(truncated, cropSpec("five"), Preprocessing{}, 32); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, "50x40");
    error = captureError(
        [&] { fovea::testTimeCropBoxes(0, 40, cropSpec("five"), Preprocessing{}, 32); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, "0x40");
    Preprocessing bad;
    bad.resize = "stretch";
    error = captureError([&] { fovea::testTimeCropBoxes(50, 40, cropSpec("five"), bad, 32); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, "stretch");
}

QTEST_GUILESS_MAIN(TestTimeCropsTest)
#include "TestTimeCropsTest.moc"
