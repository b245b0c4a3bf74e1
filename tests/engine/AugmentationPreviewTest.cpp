// The augmentation preview: item i is what training draws for the sample in epoch first + i
// (checked against SampleTransform::augment with that key), sizes and epochs, the "none" spec
// gives the evaluation crop, the network input round-trips, batch-level steps are left out, and
// the caller's picture is never written.
#include "EngineTestHelpers.h"
#include "PictureTestHelpers.h"

#include "data/SampleTransform.h"

#include "fovea/AugmentationPreview.h"
#include "fovea/Error.h"

#include <QObject>
#include <QTest>

#include <opencv2/core.hpp>

#include <cmath>
#include <vector>

using fovea::AugmentationPreviewItem;
using fovea::AugmentationSpec;
using fovea::AugmentationStep;
using fovea::ErrorCode;
using fovea::Image;
using fovea::Preprocessing;
using fovea::data::SampleKey;
using fovea::data::SampleTransform;
using namespace fovea::testing;

namespace {

/// Random pixels from a fixed seed, as a fovea::Image.
Image picture(int width, int height)
{
    return imageOf(noiseImage(width, height, 2024));
}

/// The typical training spec: Inception crop, flip, colour jitter.
AugmentationSpec typicalSpec()
{
    AugmentationSpec spec;
    spec.steps = {AugmentationStep::make("random_resized_crop"),
                  AugmentationStep::make("horizontal_flip"),
                  AugmentationStep::make("color_jitter")};
    spec.steps[2].parameters.at("brightness") = 0.4;
    spec.steps[2].parameters.at("contrast") = 0.4;
    spec.steps[2].parameters.at("saturation") = 0.4;
    return spec;
}

} // namespace

class AugmentationPreviewTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void itemsAndSizes();
    void itemIsTrainingsDrawForItsEpoch_data();
    void itemIsTrainingsDrawForItsEpoch();
    void noneGivesTheEvaluationCrop();
    void networkInputRoundTrips_data();
    void networkInputRoundTrips();
    void batchLevelStepsAreNotShown();
    void callersPictureIsUntouched();
    void rejectsBadInput();
};

void AugmentationPreviewTest::itemsAndSizes()
{
    const Image image = picture(160, 120);
    const auto items =
        fovea::previewAugmentations(image, typicalSpec(), Preprocessing{}, 96, 7, 1, 0, 10);
    QCOMPARE(items.size(), std::size_t(7));
    for (std::size_t i = 0; i < items.size(); ++i) {
        QCOMPARE(items[i].epoch, std::int64_t(10 + i));
        for (const Image* out : {&items[i].augmented, &items[i].networkInput}) {
            QCOMPARE(out->width, 96);
            QCOMPARE(out->height, 96);
            QCOMPARE(out->rgb.size(), std::size_t(96 * 96 * 3));
        }
    }
    // The draws differ from epoch to epoch.
    QVERIFY(maxDifference(view(items[0].augmented), view(items[1].augmented)) > 0.0);
    QVERIFY(fovea::previewAugmentations(image, typicalSpec(), Preprocessing{}, 96, 0, 1).empty());
}

void AugmentationPreviewTest::itemIsTrainingsDrawForItsEpoch_data()
{
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<qint64>("sampleIndex");
    QTest::addColumn<qint64>("firstEpoch");
    QTest::newRow("first epochs") << quint64(7) << qint64(0) << qint64(0);
    QTest::newRow("sample 1234, epoch 30") << quint64(99) << qint64(1234) << qint64(30);
}

void AugmentationPreviewTest::itemIsTrainingsDrawForItsEpoch()
{
    QFETCH(quint64, seed);
    QFETCH(qint64, sampleIndex);
    QFETCH(qint64, firstEpoch);
    const Image image = picture(200, 150);
    const AugmentationSpec spec = typicalSpec();
    Preprocessing p;
    p.mode = "caffe";
    const int count = 6;
    const auto items =
        fovea::previewAugmentations(image, spec, p, 64, count, seed, sampleIndex, firstEpoch);
    const SampleTransform training(spec, p, 64);
    for (int i = 0; i < count; ++i) {
        const SampleKey key{seed, firstEpoch + i, sampleIndex};
        const cv::Mat expected = training.augment(view(image), key).pixels;
        QCOMPARE(expected.type(), CV_8UC3);
        QCOMPARE(maxDifference(view(items[std::size_t(i)].augmented), expected), 0.0);
        // The network input is the normalised draw: denormalised, the same picture.
        std::vector<float> planes(3 * 64 * 64);
        training.apply(view(image), key, planes.data());
        QCOMPARE(maxDifference(view(items[std::size_t(i)].networkInput),
                               training.denormalise(planes.data())),
                 0.0);
    }
}

void AugmentationPreviewTest::noneGivesTheEvaluationCrop()
{
    const Image image = picture(300, 200);
    const Preprocessing p;
    const auto items =
        fovea::previewAugmentations(image, AugmentationSpec::preset("none"), p, 128, 3, 5);
    const cv::Mat evaluation = SampleTransform({}, p, 128).resizeForInput(view(image)).pixels;
    QCOMPARE(items.size(), std::size_t(3));
    for (const AugmentationPreviewItem& item : items) {
        QCOMPARE(maxDifference(view(item.augmented), evaluation), 0.0);
        QCOMPARE(maxDifference(view(item.networkInput), evaluation), 0.0);
    }
}

void AugmentationPreviewTest::networkInputRoundTrips_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("channelOrder");
    QTest::newRow("torch") << "torch"
                           << "RGB";
    QTest::newRow("tf") << "tf"
                        << "RGB";
    QTest::newRow("caffe") << "caffe"
                           << "RGB";
    QTest::newRow("torch BGR") << "torch"
                               << "BGR";
}

void AugmentationPreviewTest::networkInputRoundTrips()
{
    // Crops, flips and 8-bit colour jitter keep the 0–255 range, so the network input,
    // denormalised, is the augmented picture again, whatever the normalisation and the plane
    // order (a plane order mix-up would swap red and blue here).
    QFETCH(QString, mode);
    QFETCH(QString, channelOrder);
    Preprocessing p;
    p.mode = mode.toStdString();
    p.channelOrder = channelOrder.toStdString();
    const auto items = fovea::previewAugmentations(picture(180, 140), typicalSpec(), p, 80, 5, 3);
    for (const AugmentationPreviewItem& item : items)
        QVERIFY(maxDifference(view(item.networkInput), view(item.augmented)) <= 1.0);
}

void AugmentationPreviewTest::batchLevelStepsAreNotShown()
{
    AugmentationSpec withMixup = typicalSpec();
    withMixup.steps.push_back(AugmentationStep::make("mixup"));
    const Image image = picture(120, 100);
    // The per-sample steps keep their positions, so their draws are unchanged.
    const auto mixed = fovea::previewAugmentations(image, withMixup, Preprocessing{}, 48, 4, 8);
    const auto plain = fovea::previewAugmentations(image, typicalSpec(), Preprocessing{}, 48, 4, 8);
    QCOMPARE(mixed.size(), plain.size());
    for (std::size_t i = 0; i < plain.size(); ++i)
        QCOMPARE(maxDifference(view(mixed[i].augmented), view(plain[i].augmented)), 0.0);
}

void AugmentationPreviewTest::callersPictureIsUntouched()
{
    // Erasing and colour shifts write in place; the preview wraps the caller's bytes without
    // copying them, so the transform must copy first.
    AugmentationSpec spec;
    spec.steps = {AugmentationStep::make("random_erasing"), AugmentationStep::make("rgb_shift")};
    spec.steps[0].probability = 1.0;
    spec.steps[1].probability = 1.0;
    const Image image = picture(64, 64);
    const Image copy = image;
    fovea::previewAugmentations(image, spec, Preprocessing{}, 64, 4, 1);
    QVERIFY(image.rgb == copy.rgb);
}

void AugmentationPreviewTest::rejectsBadInput()
{
    const Image image = picture(40, 30);
    auto error = captureError(
        [&] { fovea::previewAugmentations(image, typicalSpec(), Preprocessing{}, 32, -1, 0); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, "-1");
    Image truncated = image;
    truncated.rgb.pop_back();
    error = captureError(
        [&] { fovea::previewAugmentations(truncated, typicalSpec(), Preprocessing{}, 32, 2, 0); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, "40x30");
    error = captureError(
        [&] { fovea::previewAugmentations(image, typicalSpec(), Preprocessing{}, 5000, 2, 0); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, "5000");
}

QTEST_GUILESS_MAIN(AugmentationPreviewTest)
#include "AugmentationPreviewTest.moc"
