// The padded random crop (random_crop) through SampleTransform on pictures smaller than the
// network input: with scale "input" (the default) every draw is a window of the padded
// validation view, as torchvision's Resize + RandomCrop(padding); with "none", of the picture
// at its own size.
#include "EngineTestHelpers.h"
#include "PictureTestHelpers.h"

#include "data/SampleTransform.h"

#include <QObject>
#include <QTest>

#include <opencv2/core.hpp>

#include <set>

using fovea::AugmentationStep;
using fovea::Preprocessing;
using fovea::data::SampleImage;
using fovea::data::SampleKey;
using fovea::data::SampleTransform;
using namespace fovea::testing;

namespace {

Preprocessing preprocessing(const char* resize)
{
    Preprocessing p;
    p.resize = resize;
    return p;
}

} // namespace

class PaddedCropTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void paddedCropShiftsTheValidationView_data();
    void paddedCropShiftsTheValidationView();
};

void PaddedCropTest::paddedCropShiftsTheValidationView_data()
{
    QTest::addColumn<QString>("scale");
    QTest::newRow("input: resized first, as torchvision's Resize + RandomCrop") << "input";
    QTest::newRow("none: cropped at its own size") << "none";
}

void PaddedCropTest::paddedCropShiftsTheValidationView()
{
    // Fashion-MNIST's case: 28 px pictures, a 32 px network, the CIFAR recipe's 4 px padding.
    QFETCH(QString, scale);
    AugmentationStep crop = stepWithProbability("random_crop", 1.0);
    crop.parameters["padding"] = 4;
    crop.parameters["scale"] = scale == "input" ? 0 : 1;
    const SampleTransform transform(specOf({crop}), preprocessing("squash"), 32);
    const cv::Mat rgb = noiseImage(28, 28, 3);
    // Each draw must be a window of the padded picture: the validation view (squashed to
    // 32 px) for "input", the 28 px picture itself for "none".
    const cv::Mat base = scale == "input" ? transform.resizeForInput(rgb).pixels : rgb;
    cv::Mat padded;
    cv::copyMakeBorder(base, padded, 4, 4, 4, 4, cv::BORDER_CONSTANT, cv::Scalar::all(0));
    std::set<std::pair<int, int>> offsets;
    for (std::int64_t index = 0; index < 40; ++index) {
        const SampleImage result = transform.augment(rgb, SampleKey{7, 1, index});
        QCOMPARE(result.pixels.size(), cv::Size(32, 32));
        bool found = false;
        for (int y = 0; y + 32 <= padded.rows && !found; ++y)
            for (int x = 0; x + 32 <= padded.cols && !found; ++x)
                if (identical(padded(cv::Rect(x, y, 32, 32)), result.pixels)) {
                    offsets.insert({x, y});
                    found = true;
                }
        QVERIFY2(found,
                 qPrintable(QString("draw %1 is not a window of the padded picture").arg(index)));
    }
    // The validation view shifts by up to ±4 px (81 offsets); the 28 px picture only by ±2.
    const int reach = scale == "input" ? 8 : 4;
    for (const auto& [x, y] : offsets)
        QVERIFY(x <= reach && y <= reach);
    QVERIFY(offsets.size() > (scale == "input" ? 20u : 8u));
}

QTEST_GUILESS_MAIN(PaddedCropTest)
#include "PaddedCropTest.moc"
