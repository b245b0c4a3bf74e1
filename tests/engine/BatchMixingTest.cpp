// Batch-level augmentation (mixup, CutMix): soft targets that sum to one, images that are convex
// mixes (mixup) or exact pastes whose area is the target weight (CutMix), replay from the key,
// and nothing at all when no step fires.
#include "EngineTestHelpers.h"
#include "PictureTestHelpers.h"

#include "data/SampleTransform.h"
#include "data/augment/BatchMixing.h"
#include "data/augment/SampleRandom.h"
#include "fovea/Augmentation.h"
#include "fovea/Error.h"

#include <QObject>
#include <QTest>

#include <torch/types.h>

#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

using fovea::AugmentationSpec;
using fovea::AugmentationStep;
using fovea::ErrorCode;
using fovea::data::SampleKey;
using fovea::data::SampleRandom;
using fovea::testing::specOf;
using fovea::testing::stepWithProbability;

namespace {

constexpr int kBatch = 8;
constexpr int kClasses = 5;
constexpr int kHeight = 20;
constexpr int kWidth = 24; // not square: height and width must not be swapped anywhere

/// Random normalised-looking pictures: every value differs between any two of them, so a mix
/// or a paste can be traced back to its partner.
torch::Tensor batchImages(std::uint64_t seed = 3)
{
    torch::manual_seed(seed);
    return torch::randn({kBatch, 3, kHeight, kWidth});
}

torch::Tensor batchLabels()
{
    return torch::tensor(std::vector<std::int64_t>{0, 1, 2, 3, 4, 0, 1, 2}, torch::kLong);
}

torch::Tensor oneHot(const torch::Tensor& labels)
{
    return torch::one_hot(labels, kClasses).to(torch::kFloat);
}

/// Rows are non-negative and sum to one.
bool validTargets(const torch::Tensor& targets)
{
    return targets.sizes() == torch::IntArrayRef{kBatch, kClasses} &&
           targets.min().item<float>() >= 0.0f &&
           torch::allclose(targets.sum(1), torch::ones({kBatch}), 1e-6, 1e-6);
}

} // namespace

class BatchMixingTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nothingFiresNothingChanges_data();
    void nothingFiresNothingChanges();
    void mixupIsAConvexMixWithAPartner();
    void cutmixPastesABoxOfItsArea();
    void cutmixBoxFollowsLambda();
    void sameKeySameBatch();
    void bothStepsInOneSpec();
    void badInputIsAnError();
};

void BatchMixingTest::nothingFiresNothingChanges_data()
{
    QTest::addColumn<QString>("description");
    QTest::newRow("empty spec") << "";
    QTest::newRow("probability 0") << "p0";
    QTest::newRow("per-sample steps only") << "samples";
}

void BatchMixingTest::nothingFiresNothingChanges()
{
    QFETCH(QString, description);
    AugmentationSpec spec;
    if (description == QLatin1String("p0"))
        spec = specOf({stepWithProbability("mixup", 0.0), stepWithProbability("cutmix", 0.0)});
    else if (description == QLatin1String("samples"))
        spec = specOf(
            {AugmentationStep::make("horizontal_flip"), AugmentationStep::make("color_jitter")});
    const torch::Tensor original = batchImages();
    for (std::int64_t batch = 0; batch < 20; ++batch) {
        torch::Tensor images = original.clone();
        const torch::Tensor targets = fovea::data::applyBatchAugmentations(
            spec, images, batchLabels(), kClasses, SampleKey{11, 2, batch});
        QVERIFY(torch::equal(images, original));
        QVERIFY(torch::equal(targets, oneHot(batchLabels())));
        QCOMPARE(targets.scalar_type(), torch::kFloat);
    }
}

void BatchMixingTest::mixupIsAConvexMixWithAPartner()
{
    // Behind a per-sample step, so the step position (1) is part of the draw as documented.
    const AugmentationSpec spec = specOf({AugmentationStep::make("horizontal_flip"),
                                          stepWithProbability("mixup", 1.0, {{"alpha", 0.4}})});
    const torch::Tensor original = batchImages();
    const torch::Tensor labels = batchLabels();
    const torch::Tensor hot = oneHot(labels);
    for (std::int64_t batch = 0; batch < 10; ++batch) {
        const SampleKey key{5, 1, batch};
        torch::Tensor images = original.clone();
        const torch::Tensor targets =
            fovea::data::applyBatchAugmentations(spec, images, labels, kClasses, key);
        QVERIFY(validTargets(targets));

        // Replays the draws: the probability, then λ ~ Beta(α, α).
        SampleRandom random(key.seed, key.epoch, key.index, 1);
        QVERIFY(random.chance(1.0));
        const double lambda = random.beta(0.4, 0.4);
        QVERIFY(lambda >= 0.0 && lambda <= 1.0);

        std::set<std::int64_t> partners;
        for (std::int64_t i = 0; i < kBatch; ++i) {
            std::int64_t partner = -1;
            for (std::int64_t j = 0; j < kBatch; ++j) {
                const torch::Tensor mix = lambda * original[i] + (1.0 - lambda) * original[j];
                if (torch::allclose(images[i], mix, 1e-5, 1e-5)) {
                    partner = j;
                    break;
                }
            }
            QVERIFY2(partner >= 0,
                     qPrintable(QStringLiteral("image %1 is no mix of λ = %2").arg(i).arg(lambda)));
            partners.insert(partner);
            const torch::Tensor expected = lambda * hot[i] + (1.0 - lambda) * hot[partner];
            QVERIFY(torch::allclose(targets[i], expected, 1e-6, 1e-6));
        }
        // The partners are a permutation of the batch.
        QCOMPARE(int(partners.size()), kBatch);
    }
}

void BatchMixingTest::cutmixPastesABoxOfItsArea()
{
    const AugmentationSpec spec = specOf({stepWithProbability("cutmix", 1.0, {{"alpha", 1.0}})});
    const torch::Tensor original = batchImages();
    const torch::Tensor hot = oneHot(batchLabels());
    int pastes = 0;
    for (std::int64_t batch = 0; batch < 30; ++batch) {
        torch::Tensor images = original.clone();
        const torch::Tensor targets = fovea::data::applyBatchAugmentations(
            spec, images, batchLabels(), kClasses, SampleKey{9, 0, batch});
        QVERIFY(validTargets(targets));

        // One box, the same for every image: where any image changed.
        const torch::Tensor changed = (images != original).any(1).any(0); // H×W
        const auto changedCount = changed.sum().item<std::int64_t>();
        if (changedCount == 0) {
            // An empty box (or a permutation with no moves): the targets stay one-hot.
            QVERIFY(torch::equal(targets, hot));
            continue;
        }
        ++pastes;
        const torch::Tensor rows = changed.any(1).nonzero().flatten();
        const torch::Tensor columns = changed.any(0).nonzero().flatten();
        const auto y1 = rows.min().item<std::int64_t>();
        const auto y2 = rows.max().item<std::int64_t>() + 1;
        const auto x1 = columns.min().item<std::int64_t>();
        const auto x2 = columns.max().item<std::int64_t>() + 1;
        // Random pictures differ everywhere, so the changed set is a full rectangle.
        QCOMPARE(changedCount, (y2 - y1) * (x2 - x1));
        const double area = double((y2 - y1) * (x2 - x1)) / double(kHeight * kWidth);

        for (std::int64_t i = 0; i < kBatch; ++i) {
            const torch::Tensor box = images[i].slice(1, y1, y2).slice(2, x1, x2);
            // Outside the box: untouched.
            torch::Tensor outside = images[i].clone();
            outside.slice(1, y1, y2).slice(2, x1, x2).copy_(
                original[i].slice(1, y1, y2).slice(2, x1, x2));
            QVERIFY(torch::equal(outside, original[i]));
            // Inside: an exact copy of one partner's box.
            std::int64_t partner = -1;
            for (std::int64_t j = 0; j < kBatch && partner < 0; ++j)
                if (torch::equal(box, original[j].slice(1, y1, y2).slice(2, x1, x2)))
                    partner = j;
            QVERIFY2(partner >= 0, qPrintable(QStringLiteral("image %1's box is pasted from no "
                                                             "image of the batch")
                                                  .arg(i)));
            // The target weight of the partner is the pasted area.
            const torch::Tensor expected = (1.0 - area) * hot[i] + area * hot[partner];
            QVERIFY2(torch::allclose(targets[i], expected, 1e-6, 1e-6),
                     qPrintable(QStringLiteral("image %1: area %2").arg(i).arg(area)));
        }
    }
    QVERIFY2(pastes >= 20, qPrintable(QString::number(pastes)));
}

void BatchMixingTest::cutmixBoxFollowsLambda()
{
    // The box's half sides are int(½·√(1 − λ)·side), clipped at the border: it is never larger
    // than the drawn λ allows, and away from the border exactly that size.
    const AugmentationSpec spec = specOf({stepWithProbability("cutmix", 1.0, {{"alpha", 1.0}})});
    const torch::Tensor original = batchImages();
    int unclipped = 0;
    for (std::int64_t batch = 0; batch < 60; ++batch) {
        const SampleKey key{21, 4, batch};
        torch::Tensor images = original.clone();
        fovea::data::applyBatchAugmentations(spec, images, batchLabels(), kClasses, key);
        SampleRandom random(key.seed, key.epoch, key.index, 0);
        QVERIFY(random.chance(1.0));
        const double lambda = random.beta(1.0, 1.0);
        const auto halfWidth = std::int64_t(0.5 * std::sqrt(1.0 - lambda) * kWidth);
        const auto halfHeight = std::int64_t(0.5 * std::sqrt(1.0 - lambda) * kHeight);
        const torch::Tensor changed = (images != original).any(1).any(0);
        if (changed.sum().item<std::int64_t>() == 0)
            continue;
        const auto height = changed.any(1).sum().item<std::int64_t>();
        const auto width = changed.any(0).sum().item<std::int64_t>();
        QVERIFY(height <= 2 * halfHeight && width <= 2 * halfWidth);
        const torch::Tensor rows = changed.any(1).nonzero().flatten();
        const torch::Tensor columns = changed.any(0).nonzero().flatten();
        const bool touchesBorder = rows.min().item<std::int64_t>() == 0 ||
                                   rows.max().item<std::int64_t>() == kHeight - 1 ||
                                   columns.min().item<std::int64_t>() == 0 ||
                                   columns.max().item<std::int64_t>() == kWidth - 1;
        if (!touchesBorder) {
            ++unclipped;
            QCOMPARE(height, 2 * halfHeight);
            QCOMPARE(width, 2 * halfWidth);
        }
    }
    QVERIFY(unclipped >= 5);
}

void BatchMixingTest::sameKeySameBatch()
{
    const AugmentationSpec spec =
        specOf({stepWithProbability("mixup", 0.5), stepWithProbability("cutmix", 0.5)});
    const torch::Tensor original = batchImages();
    int differentBatches = 0;
    for (std::int64_t batch = 0; batch < 10; ++batch) {
        torch::Tensor first = original.clone();
        torch::Tensor again = original.clone();
        torch::Tensor next = original.clone();
        const torch::Tensor firstTargets = fovea::data::applyBatchAugmentations(
            spec, first, batchLabels(), kClasses, SampleKey{77, 3, batch});
        const torch::Tensor againTargets = fovea::data::applyBatchAugmentations(
            spec, again, batchLabels(), kClasses, SampleKey{77, 3, batch});
        fovea::data::applyBatchAugmentations(spec, next, batchLabels(), kClasses,
                                             SampleKey{77, 3, batch + 100});
        QVERIFY(torch::equal(first, again));
        QVERIFY(torch::equal(firstTargets, againTargets));
        if (!torch::equal(first, next))
            ++differentBatches;
    }
    QVERIFY(differentBatches >= 5);
}

void BatchMixingTest::bothStepsInOneSpec()
{
    const AugmentationSpec spec =
        specOf({stepWithProbability("mixup", 1.0), stepWithProbability("cutmix", 1.0)});
    for (std::int64_t batch = 0; batch < 10; ++batch) {
        torch::Tensor images = batchImages();
        const torch::Tensor targets = fovea::data::applyBatchAugmentations(
            spec, images, batchLabels(), kClasses, SampleKey{1, 0, batch});
        QVERIFY(validTargets(targets));
        QVERIFY(targets.max().item<float>() <= 1.0f);
        QVERIFY(torch::isfinite(images).all().item<bool>());
    }
}

void BatchMixingTest::badInputIsAnError()
{
    const AugmentationSpec spec = specOf({stepWithProbability("mixup", 1.0)});
    torch::Tensor images = batchImages();
    auto error = fovea::testing::captureError([&] {
        fovea::data::applyBatchAugmentations(
            spec, images,
            torch::tensor(std::vector<std::int64_t>{0, 1, 2, 3, 4, 5, 1, 2}, torch::kLong),
            kClasses, SampleKey{});
    });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("label 5"));

    error = fovea::testing::captureError([&] {
        fovea::data::applyBatchAugmentations(spec, images, batchLabels().slice(0, 0, 4), kClasses,
                                             SampleKey{});
    });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("batch of 8"));

    torch::Tensor flat = torch::zeros({kBatch, kHeight * kWidth});
    error = fovea::testing::captureError([&] {
        fovea::data::applyBatchAugmentations(spec, flat, batchLabels(), kClasses, SampleKey{});
    });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("N×3×H×W"));
}

QTEST_GUILESS_MAIN(BatchMixingTest)
#include "BatchMixingTest.moc"
