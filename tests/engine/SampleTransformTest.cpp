// SampleTransform: normalisation in every mode against hand-computed values, the three resize
// policies on pictures whose pixels say where they came from, the "crop" policy against
// torchvision (/usr/bin/python3), the ROI shortcut against a plain resize-then-crop, and the
// augmentation driver's determinism. (The padded random crop on small pictures: PaddedCropTest.)
#include "EngineTestHelpers.h"
#include "PictureTestHelpers.h"

#include "data/SampleTransform.h"

#include "fovea/Error.h"

#include <QFile>
#include <QObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <vector>

using fovea::AugmentationStep;
using fovea::ErrorCode;
using fovea::Preprocessing;
using fovea::data::SampleImage;
using fovea::data::SampleKey;
using fovea::data::SampleTransform;
using namespace fovea::testing;

namespace {

/// Pixel (x, y) is (10x, 10y, 7): every output pixel says which source pixel it came from.
cv::Mat coordinatePicture(int width, int height)
{
    cv::Mat rgb(height, width, CV_8UC3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            rgb.at<cv::Vec3b>(y, x) = cv::Vec3b(std::uint8_t(10 * x), std::uint8_t(10 * y), 7);
    return rgb;
}

/// Smooth colours (no detail finer than ~20 px), so that resampling filters that differ only in
/// how they treat fine detail (PIL's antialiasing) agree to a few grey levels.
cv::Mat smoothPicture(int width, int height)
{
    cv::Mat rgb(height, width, CV_8UC3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const double u = double(x) / width;
            const double v = double(y) / height;
            rgb.at<cv::Vec3b>(y, x) =
                cv::Vec3b(cv::saturate_cast<std::uint8_t>(128 + 100 * std::sin(6.0 * u + 3.0 * v)),
                          cv::saturate_cast<std::uint8_t>(255 * u),
                          cv::saturate_cast<std::uint8_t>(40 + 170 * v * v));
        }
    return rgb;
}

Preprocessing preprocessing(const char* resize, float cropFraction = 0.875f,
                            const char* interpolation = "bilinear")
{
    Preprocessing p;
    p.resize = resize;
    p.cropFraction = cropFraction;
    p.interpolation = interpolation;
    return p;
}

cv::Vec3b pixelAt(const SampleImage& image, int x, int y)
{
    return image.pixels.at<cv::Vec3b>(y, x);
}

#define COMPARE_PIXEL(image, x, y, r, g, b)                                                        \
    QCOMPARE(pixelAt(image, x, y), cv::Vec3b(std::uint8_t(r), std::uint8_t(g), std::uint8_t(b)))

} // namespace

class SampleTransformTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rejectsBadSettings_data();
    void rejectsBadSettings();
    void normalise_data();
    void normalise();
    void normaliseRejectsWrongSize();
    void denormaliseInvertsNormalise_data();
    void denormaliseInvertsNormalise();
    void cropPolicyTakesTheCentre();
    void cropOffsetsRoundHalfToEven();
    void cropPolicyUpscalesWithTheCentre();
    void squashPolicy();
    void padPolicy();
    void inputSizedPictureIsLeftAlone();
    void roiShortcutMatchesResizeThenCrop_data();
    void roiShortcutMatchesResizeThenCrop();
    void cropMatchesTorchvision_data();
    void cropMatchesTorchvision();
    void augmentIsAFunctionOfTheKey();
    void epochsDrawDifferently();
    void probabilityZeroSkipsTheStep();
    void augmentLeavesTheCallersPictureAlone();
    void applyIsAugmentThenNormalise();
};

void SampleTransformTest::rejectsBadSettings_data()
{
    QTest::addColumn<int>("inputSize");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<double>("probability");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("size 7") << 7 << "torch" << 0.5 << "7";
    QTest::newRow("size 4097") << 4097 << "torch" << 0.5 << "4097";
    QTest::newRow("mode") << 224 << "keras" << 0.5 << "keras";
    QTest::newRow("probability") << 224 << "torch" << 1.5 << "probability";
}

void SampleTransformTest::rejectsBadSettings()
{
    QFETCH(int, inputSize);
    QFETCH(QString, mode);
    QFETCH(double, probability);
    QFETCH(QString, mentions);
    Preprocessing p;
    p.mode = mode.toStdString();
    const auto error = captureError([&] {
        SampleTransform(specOf({stepWithProbability("horizontal_flip", probability)}), p,
                        inputSize);
    });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, mentions);
}

void SampleTransformTest::normalise_data()
{
    // Expected planes for pixel (255, 0, 128) at (0, 0) and (10, 200, 37) at (3, 5), worked out
    // by hand from each mode's definition.
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("channelOrder");
    QTest::addColumn<std::vector<float>>("mean");
    QTest::addColumn<std::vector<float>>("std");
    QTest::addColumn<std::vector<double>>("first");
    QTest::addColumn<std::vector<double>>("second");

    const std::vector<float> imagenetMean{0.485f, 0.456f, 0.406f};
    const std::vector<float> imagenetStd{0.229f, 0.224f, 0.225f};
    // (x / 255 - mean) / std
    QTest::newRow("torch") << "torch"
                           << "RGB" << imagenetMean << imagenetStd
                           << std::vector<double>{2.2489083, -2.0357143, 0.4264924}
                           << std::vector<double>{-1.9466564, 1.4656863, -1.1595643};
    QTest::newRow("torch BGR") << "torch"
                               << "BGR" << imagenetMean << imagenetStd
                               << std::vector<double>{0.4264924, -2.0357143, 2.2489083}
                               << std::vector<double>{-1.1595643, 1.4656863, -1.9466564};
    // x / 127.5 - 1
    QTest::newRow("tf") << "tf"
                        << "RGB" << imagenetMean << imagenetStd
                        << std::vector<double>{1.0, -1.0, 0.0039216}
                        << std::vector<double>{-0.9215686, 0.5686275, -0.7098039};
    // BGR planes, x - mean * 255 with Keras' BGR mean (103.939, 116.779, 123.68), which the
    // preprocessing holds in RGB order on the [0, 1] scale; no std.
    const std::vector<float> caffeMean{123.68f / 255.f, 116.779f / 255.f, 103.939f / 255.f};
    QTest::newRow("caffe") << "caffe"
                           << "RGB" << caffeMean << imagenetStd
                           << std::vector<double>{24.061, -116.779, 131.32}
                           << std::vector<double>{-66.939, 83.221, -113.68};
    QTest::newRow("caffe BGR") << "caffe"
                               << "BGR" << caffeMean << imagenetStd
                               << std::vector<double>{24.061, -116.779, 131.32}
                               << std::vector<double>{-66.939, 83.221, -113.68};
    // The dataset's own mean and std, as torch.
    QTest::newRow("dataset") << "dataset"
                             << "RGB" << std::vector<float>{0.5f, 0.25f, 0.75f}
                             << std::vector<float>{0.1f, 0.2f, 0.4f}
                             << std::vector<double>{5.0, -1.25, -0.6200980}
                             << std::vector<double>{-4.6078431, 2.6715686, -1.5122549};
}

void SampleTransformTest::normalise()
{
    QFETCH(QString, mode);
    QFETCH(QString, channelOrder);
    QFETCH(std::vector<float>, mean);
    QFETCH(std::vector<float>, std);
    QFETCH(std::vector<double>, first);
    QFETCH(std::vector<double>, second);

    Preprocessing p;
    p.mode = mode.toStdString();
    p.channelOrder = channelOrder.toStdString();
    for (int c = 0; c < 3; ++c) {
        p.mean[c] = mean[c];
        p.std[c] = std[c];
    }
    const int size = 8;
    const SampleTransform transform({}, p, size);
    cv::Mat rgb(size, size, CV_8UC3, cv::Scalar(1, 2, 3));
    rgb.at<cv::Vec3b>(0, 0) = cv::Vec3b(255, 0, 128);
    rgb.at<cv::Vec3b>(5, 3) = cv::Vec3b(10, 200, 37);

    // The 8-bit picture and the same on the float 0–255 scale give the same planes.
    cv::Mat rgbFloat;
    rgb.convertTo(rgbFloat, CV_32F);
    for (const cv::Mat& picture : {rgb, rgbFloat}) {
        std::vector<float> planes(3 * size * size, -999.0f);
        transform.normalise(SampleImage{picture}, planes.data());
        for (int plane = 0; plane < 3; ++plane) {
            const float* values = planes.data() + plane * size * size;
            QVERIFY2(std::abs(values[0] - first[plane]) < 1e-4,
                     qPrintable(QStringLiteral("plane %1 at (0,0): %2, expected %3")
                                    .arg(plane)
                                    .arg(values[0])
                                    .arg(first[plane])));
            QVERIFY2(std::abs(values[5 * size + 3] - second[plane]) < 1e-4,
                     qPrintable(QStringLiteral("plane %1 at (3,5): %2, expected %3")
                                    .arg(plane)
                                    .arg(values[5 * size + 3])
                                    .arg(second[plane])));
        }
    }
}

void SampleTransformTest::normaliseRejectsWrongSize()
{
    const SampleTransform transform({}, Preprocessing{}, 8);
    std::vector<float> planes(3 * 9 * 9);
    const auto error = captureError(
        [&] { transform.normalise(SampleImage{cv::Mat(9, 9, CV_8UC3)}, planes.data()); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, "9x9");
}

void SampleTransformTest::denormaliseInvertsNormalise_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("channelOrder");
    QTest::newRow("torch") << "torch"
                           << "RGB";
    QTest::newRow("torch BGR") << "torch"
                               << "BGR";
    QTest::newRow("tf") << "tf"
                        << "RGB";
    QTest::newRow("caffe") << "caffe"
                           << "RGB";
    QTest::newRow("dataset") << "dataset"
                             << "BGR";
}

void SampleTransformTest::denormaliseInvertsNormalise()
{
    QFETCH(QString, mode);
    QFETCH(QString, channelOrder);
    Preprocessing p;
    p.mode = mode.toStdString();
    p.channelOrder = channelOrder.toStdString();
    if (p.mode == "dataset") {
        p.mean = {0.3f, 0.6f, 0.1f};
        p.std = {0.05f, 0.5f, 0.3f};
    }
    const int size = 32;
    const SampleTransform transform({}, p, size);
    const cv::Mat rgb = noiseImage(size, size, 7);
    std::vector<float> planes(3 * size * size);
    transform.normalise(SampleImage{rgb}, planes.data());
    const cv::Mat back = transform.denormalise(planes.data());
    QCOMPARE(back.type(), CV_8UC3);
    QVERIFY(identical(back, rgb));
}

void SampleTransformTest::cropPolicyTakesTheCentre()
{
    // 16 x 8 at crop fraction 1: no resize (the shorter side is already 8), left offset
    // (16 - 8) / 2 = 4; portrait the same along y.
    const SampleTransform transform({}, preprocessing("crop", 1.0f), 8);
    const SampleImage landscape = transform.resizeForInput(coordinatePicture(16, 8));
    QCOMPARE(landscape.width(), 8);
    QCOMPARE(landscape.height(), 8);
    COMPARE_PIXEL(landscape, 0, 0, 40, 0, 7);
    COMPARE_PIXEL(landscape, 7, 7, 110, 70, 7);
    const SampleImage portrait = transform.resizeForInput(coordinatePicture(8, 16));
    COMPARE_PIXEL(portrait, 0, 0, 0, 40, 7);
    COMPARE_PIXEL(portrait, 3, 2, 30, 60, 7);
}

void SampleTransformTest::cropOffsetsRoundHalfToEven()
{
    // torchvision's CenterCrop offset is int(round((17 - 8) / 2.0)) = round(4.5) = 4 in Python
    // (half to even), not 5.
    const SampleTransform transform({}, preprocessing("crop", 1.0f), 8);
    const SampleImage out = transform.resizeForInput(coordinatePicture(17, 8));
    COMPARE_PIXEL(out, 0, 0, 40, 0, 7);
    const SampleImage odd = transform.resizeForInput(coordinatePicture(19, 8));
    COMPARE_PIXEL(odd, 0, 0, 60, 0, 7); // round(5.5) = 6
}

void SampleTransformTest::cropPolicyUpscalesWithTheCentre()
{
    // Crop fraction 0.5 at size 8: shorter side 16, so 16 x 8 becomes 32 x 16 (nearest: resized
    // (X, Y) is source (X / 2, Y / 2)); the crop starts at (12, 4), i.e. source (6, 2).
    const SampleTransform transform({}, preprocessing("crop", 0.5f, "nearest"), 8);
    const SampleImage out = transform.resizeForInput(coordinatePicture(16, 8));
    QCOMPARE(out.width(), 8);
    QCOMPARE(out.height(), 8);
    COMPARE_PIXEL(out, 0, 0, 60, 20, 7);
    COMPARE_PIXEL(out, 1, 1, 60, 20, 7);
    COMPARE_PIXEL(out, 2, 0, 70, 20, 7);
    COMPARE_PIXEL(out, 7, 7, 90, 50, 7);
}

void SampleTransformTest::squashPolicy()
{
    // 16 x 8 to 8 x 8, aspect ignored: nearest takes every other column, every row.
    const SampleTransform transform({}, preprocessing("squash", 0.875f, "nearest"), 8);
    const SampleImage out = transform.resizeForInput(coordinatePicture(16, 8));
    QCOMPARE(out.width(), 8);
    QCOMPARE(out.height(), 8);
    COMPARE_PIXEL(out, 1, 0, 20, 0, 7);
    COMPARE_PIXEL(out, 7, 3, 140, 30, 7);
}

void SampleTransformTest::padPolicy()
{
    // 16 x 8 padded to 16 x 16 (4 rows above, 4 below), then halved by nearest: output rows 0-1
    // and 6-7 are padding, rows 2-5 are source rows 0, 2, 4, 6.
    Preprocessing p = preprocessing("pad", 0.875f, "nearest");
    p.padColor = {1, 2, 3};
    const SampleTransform transform({}, p, 8);
    const SampleImage out = transform.resizeForInput(coordinatePicture(16, 8));
    QCOMPARE(out.width(), 8);
    QCOMPARE(out.height(), 8);
    for (int x = 0; x < 8; ++x) {
        COMPARE_PIXEL(out, x, 0, 1, 2, 3);
        COMPARE_PIXEL(out, x, 1, 1, 2, 3);
        COMPARE_PIXEL(out, x, 6, 1, 2, 3);
        COMPARE_PIXEL(out, x, 7, 1, 2, 3);
    }
    COMPARE_PIXEL(out, 1, 2, 20, 0, 7);
    COMPARE_PIXEL(out, 3, 5, 60, 60, 7);

    // Bilinear, portrait, larger: margins away from the picture's edge are the pad colour.
    Preprocessing bilinear = preprocessing("pad");
    bilinear.padColor = {200, 100, 50};
    const SampleTransform smooth({}, bilinear, 64);
    const SampleImage portrait = smooth.resizeForInput(noiseImage(50, 100, 3));
    QCOMPARE(portrait.width(), 64);
    QCOMPARE(portrait.height(), 64);
    // The picture spans x in [16, 48) of 64; columns 0-14 and 49-63 are pure padding.
    for (int y = 0; y < 64; y += 7)
        for (int x : {0, 7, 14, 49, 56, 63})
            COMPARE_PIXEL(portrait, x, y, 200, 100, 50);
}

void SampleTransformTest::inputSizedPictureIsLeftAlone()
{
    for (const char* policy : {"crop", "squash", "pad"}) {
        const SampleTransform transform({}, preprocessing(policy), 32);
        const cv::Mat rgb = noiseImage(32, 32, 11);
        QVERIFY2(identical(transform.resizeForInput(rgb).pixels, rgb), policy);
    }
}

void SampleTransformTest::roiShortcutMatchesResizeThenCrop_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<QString>("interpolation");
    QTest::addColumn<double>("tolerance");
    // 512² at 224 / 0.875: resize to 256 (scale exactly 2), crop at 16: the ROI (32, 32, 448,
    // 448) is exact, so the shortcut must give the very same pixels.
    QTest::newRow("exact ROI") << 512 << 512 << "bilinear" << 0.0;
    QTest::newRow("exact ROI area") << 512 << 512 << "area" << 0.0;
    QTest::newRow("exact ROI nearest") << 512 << 512 << "nearest" << 0.0;
    // Large photos, where the ROI is rounded to whole pixels (moving samples by at most 1/32
    // px) or the shortcut is refused; either way within two grey levels on a smooth picture.
    QTest::newRow("4000x3000") << 4000 << 3000 << "bilinear" << 2.0;
    QTest::newRow("3000x4000 area") << 3000 << 4000 << "area" << 2.0;
    QTest::newRow("2048x1536") << 2048 << 1536 << "bilinear" << 2.0;
    QTest::newRow("500x375") << 500 << 375 << "bilinear" << 2.0;
    QTest::newRow("500x375 bicubic") << 500 << 375 << "bicubic" << 0.0;
    QTest::newRow("150x100 upscale") << 150 << 100 << "bilinear" << 0.0;
}

void SampleTransformTest::roiShortcutMatchesResizeThenCrop()
{
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(QString, interpolation);
    QFETCH(double, tolerance);
    const Preprocessing p = preprocessing("crop", 0.875f, qPrintable(interpolation));
    const SampleTransform transform({}, p, 224);
    const cv::Mat rgb = smoothPicture(width, height);

    // The long way: torchvision's Resize(256) sizes, resize everything, cut the centre.
    const int flag = interpolation == "area"      ? cv::INTER_AREA
                     : interpolation == "nearest" ? cv::INTER_NEAREST
                     : interpolation == "bicubic" ? cv::INTER_CUBIC
                                                  : cv::INTER_LINEAR;
    const int shorter = 256;
    const int resizedWidth = width <= height ? shorter : int(double(shorter) * width / height);
    const int resizedHeight = width <= height ? int(double(shorter) * height / width) : shorter;
    cv::Mat resized;
    cv::resize(rgb, resized, cv::Size(resizedWidth, resizedHeight), 0, 0, flag);
    const int left = int(std::nearbyint((resizedWidth - 224) / 2.0));
    const int top = int(std::nearbyint((resizedHeight - 224) / 2.0));
    const cv::Mat expected = resized(cv::Rect(left, top, 224, 224));

    const SampleImage out = transform.resizeForInput(rgb);
    QCOMPARE(out.width(), 224);
    QCOMPARE(out.height(), 224);
    const double difference = maxDifference(out.pixels, expected);
    QVERIFY2(difference <= tolerance,
             qPrintable(QStringLiteral("max difference %1 > %2").arg(difference).arg(tolerance)));
}

void SampleTransformTest::cropMatchesTorchvision_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("size");
    QTest::addColumn<float>("cropFraction");
    QTest::addColumn<int>("pilTolerance");
    // PIL antialiases when it downscales; OpenCV's bilinear (and torchvision's tensor path
    // without antialias) does not. On a smooth picture and a modest downscale (<= 1.5x) that
    // costs a few grey levels; the tensor path runs the same filter as OpenCV and is held to 1
    // (OpenCV's fixed-point weights against float weights rounded once).
    QTest::newRow("upscale 240 -> 256") << 320 << 240 << 224 << 0.875f << 3;
    QTest::newRow("downscale 375 -> 256") << 500 << 375 << 224 << 0.875f << 4;
    QTest::newRow("portrait, odd offsets") << 301 << 417 << 299 << 299.0f / 342.0f << 4;
    QTest::newRow("small") << 40 << 31 << 24 << 0.8f << 3;
}

void SampleTransformTest::cropMatchesTorchvision()
{
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, size);
    QFETCH(float, cropFraction);
    QFETCH(int, pilTolerance);
    const QString python = QStringLiteral("/usr/bin/python3");
    if (!QFile::exists(python))
        QSKIP("/usr/bin/python3 with torchvision (python3-torchvision) is not installed");

    const cv::Mat rgb = smoothPicture(width, height);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString input = dir.filePath("in.raw");
    const QString pilPath = dir.filePath("pil.raw");
    const QString tensorPath = dir.filePath("tensor.raw");
    {
        QFile file(input);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(reinterpret_cast<const char*>(rgb.data), qint64(rgb.total() * 3));
    }
    const int shorter = int(std::lround(double(size) / double(cropFraction)));
    QProcess process;
    process.start(python,
                  {QStringLiteral(FOVEA_SOURCE_DIR "/tests/engine/preprocessing_reference.py"),
                   input, QString::number(width), QString::number(height), QString::number(shorter),
                   QString::number(size), pilPath, tensorPath});
    QVERIFY(process.waitForFinished(120'000));
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             process.readAllStandardError().constData());

    auto load = [size](const QString& path) {
        QFile file(path);
        cv::Mat out(size, size, CV_8UC3);
        if (file.open(QIODevice::ReadOnly) && file.size() == qint64(out.total() * 3))
            file.read(reinterpret_cast<char*>(out.data), file.size());
        else
            out = cv::Mat();
        return out;
    };
    const cv::Mat pil = load(pilPath);
    const cv::Mat tensor = load(tensorPath);
    QVERIFY(!pil.empty() && !tensor.empty());

    Preprocessing p = preprocessing("crop", cropFraction);
    const SampleTransform transform({}, p, size);
    const SampleImage out = transform.resizeForInput(rgb);
    const double tensorDifference = maxDifference(out.pixels, tensor);
    const double pilDifference = maxDifference(out.pixels, pil);
    QVERIFY2(tensorDifference <= 1.0,
             qPrintable(QStringLiteral("tensor path: max difference %1").arg(tensorDifference)));
    QVERIFY2(
        pilDifference <= pilTolerance,
        qPrintable(
            QStringLiteral("PIL: max difference %1 > %2").arg(pilDifference).arg(pilTolerance)));
}

void SampleTransformTest::augmentIsAFunctionOfTheKey()
{
    const SampleTransform transform(specOf({stepWithProbability("random_resized_crop", 1.0),
                                            stepWithProbability("horizontal_flip", 0.5)}),
                                    Preprocessing{}, 64);
    const cv::Mat rgb = noiseImage(120, 90, 5);
    const SampleKey key{42, 3, 17};
    const SampleImage a = transform.augment(rgb, key);
    const SampleImage b = transform.augment(rgb, key);
    QCOMPARE(a.width(), 64);
    QCOMPARE(a.height(), 64);
    QVERIFY(identical(a.pixels, b.pixels));
    // A second transform built from the same settings draws the same (no hidden state).
    const SampleTransform twin(transform.augmentation(), transform.preprocessing(), 64);
    QVERIFY(identical(twin.augment(rgb, key).pixels, a.pixels));
}

void SampleTransformTest::epochsDrawDifferently()
{
    const SampleTransform transform(specOf({stepWithProbability("random_resized_crop", 1.0)}),
                                    Preprocessing{}, 64);
    const cv::Mat rgb = noiseImage(120, 90, 5);
    const SampleImage first = transform.augment(rgb, SampleKey{42, 0, 17});
    int different = 0;
    for (std::int64_t epoch = 1; epoch <= 4; ++epoch) {
        const SampleImage other = transform.augment(rgb, SampleKey{42, epoch, 17});
        different += identical(other.pixels, first.pixels) ? 0 : 1;
    }
    QCOMPARE(different, 4);
    // Another sample index or seed draws differently too.
    QVERIFY(!identical(transform.augment(rgb, SampleKey{42, 0, 18}).pixels, first.pixels));
    QVERIFY(!identical(transform.augment(rgb, SampleKey{43, 0, 17}).pixels, first.pixels));
}

void SampleTransformTest::probabilityZeroSkipsTheStep()
{
    const Preprocessing p;
    const SampleTransform never(specOf({stepWithProbability("horizontal_flip", 0.0),
                                        stepWithProbability("random_resized_crop", 0.0)}),
                                p, 32);
    const SampleTransform plain({}, p, 32);
    const cv::Mat rgb = noiseImage(50, 40, 9);
    for (std::int64_t epoch = 0; epoch < 5; ++epoch)
        QVERIFY(identical(never.augment(rgb, SampleKey{1, epoch, 0}).pixels,
                          plain.resizeForInput(rgb).pixels));

    // Probability 1 always flips: the flip of the evaluation crop of a square picture.
    const SampleTransform always(specOf({stepWithProbability("horizontal_flip", 1.0)}), p, 32);
    const cv::Mat square = noiseImage(32, 32, 9);
    cv::Mat flipped;
    cv::flip(square, flipped, 1);
    for (std::int64_t epoch = 0; epoch < 5; ++epoch)
        QVERIFY(identical(always.augment(square, SampleKey{1, epoch, 0}).pixels, flipped));
}

void SampleTransformTest::augmentLeavesTheCallersPictureAlone()
{
    // Kinds that write in place (erasing, colour shifts) must not reach the caller's pixels,
    // even when the picture is already input-sized and no resize copies it.
    AugmentationStep erase = stepWithProbability("random_erasing", 1.0);
    const SampleTransform transform(specOf({stepWithProbability("horizontal_flip", 1.0),
                                            stepWithProbability("rgb_shift", 1.0), erase}),
                                    Preprocessing{}, 48);
    const cv::Mat rgb = noiseImage(48, 48, 13);
    const cv::Mat original = rgb.clone();
    for (std::int64_t epoch = 0; epoch < 4; ++epoch)
        transform.augment(rgb, SampleKey{5, epoch, 0});
    QVERIFY(identical(rgb, original));
}

void SampleTransformTest::applyIsAugmentThenNormalise()
{
    const SampleTransform transform(specOf({stepWithProbability("random_resized_crop", 1.0),
                                            stepWithProbability("horizontal_flip", 0.5)}),
                                    Preprocessing{}, 40);
    const cv::Mat rgb = noiseImage(70, 50, 21);
    const SampleKey key{9, 2, 4};
    std::vector<float> applied(3 * 40 * 40);
    std::vector<float> stepwise(3 * 40 * 40);
    transform.apply(rgb, key, applied.data());
    transform.normalise(transform.augment(rgb, key), stepwise.data());
    QVERIFY(applied == stepwise);
}

QTEST_GUILESS_MAIN(SampleTransformTest)
#include "SampleTransformTest.moc"
