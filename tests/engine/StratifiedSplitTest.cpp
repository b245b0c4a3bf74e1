// stratifiedSplit: per-class proportions, at least one training sample per class, a partition of
// the indices, the same draw for the same seed (on every platform: no std::shuffle inside).
#include "EngineTestHelpers.h"

#include "fovea/Error.h"
#include "fovea/FolderDataset.h"

#include <QObject>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

using fovea::ErrorCode;
using fovea::testing::captureError;

namespace {

/// Interleaved labels: class c has counts[c] samples, spread through the list.
std::vector<int> makeLabels(const std::vector<int>& counts)
{
    std::vector<int> labels;
    std::vector<int> left = counts;
    for (bool added = true; added;) {
        added = false;
        for (std::size_t c = 0; c < left.size(); ++c)
            if (left[c] > 0) {
                labels.push_back(int(c) * 3 + 1); // labels need not be 0..n-1
                --left[c];
                added = true;
            }
    }
    return labels;
}

} // namespace

class StratifiedSplitTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void proportions_data();
    void proportions();
    void deterministicForASeed();
    void zeroFraction();
    void badFraction_data();
    void badFraction();
};

void StratifiedSplitTest::proportions_data()
{
    QTest::addColumn<std::vector<int>>("counts");
    QTest::addColumn<double>("fraction");
    QTest::addColumn<std::vector<int>>("validation");
    QTest::newRow("20% of 10/20/5")
        << std::vector<int>{10, 20, 5} << 0.2 << std::vector<int>{2, 4, 1};
    QTest::newRow("half of 7/1/2") << std::vector<int>{7, 1, 2} << 0.5 << std::vector<int>{4, 0, 1};
    QTest::newRow("90% keeps one for training")
        << std::vector<int>{3, 10} << 0.9 << std::vector<int>{2, 9};
    QTest::newRow("one class of 1000") << std::vector<int>{1000} << 0.1 << std::vector<int>{100};
}

void StratifiedSplitTest::proportions()
{
    QFETCH(std::vector<int>, counts);
    QFETCH(double, fraction);
    QFETCH(std::vector<int>, validation);
    const std::vector<int> labels = makeLabels(counts);
    const fovea::SplitIndices split = fovea::stratifiedSplit(labels, fraction, 42);

    std::map<int, int> perClass;
    for (std::size_t index : split.validation)
        ++perClass[labels[index]];
    for (std::size_t c = 0; c < counts.size(); ++c)
        QCOMPARE(perClass[int(c) * 3 + 1], validation[c]);

    // A partition of 0..n-1, each part ascending.
    QVERIFY(std::is_sorted(split.train.begin(), split.train.end()));
    QVERIFY(std::is_sorted(split.validation.begin(), split.validation.end()));
    std::vector<std::size_t> all = split.train;
    all.insert(all.end(), split.validation.begin(), split.validation.end());
    std::sort(all.begin(), all.end());
    std::vector<std::size_t> expected(labels.size());
    std::iota(expected.begin(), expected.end(), std::size_t(0));
    QVERIFY(all == expected);
}

void StratifiedSplitTest::deterministicForASeed()
{
    const std::vector<int> labels = makeLabels({50, 30, 20});
    const auto first = fovea::stratifiedSplit(labels, 0.3, 1234);
    const auto again = fovea::stratifiedSplit(labels, 0.3, 1234);
    const auto other = fovea::stratifiedSplit(labels, 0.3, 1235);
    QVERIFY(first.validation == again.validation);
    QVERIFY(first.train == again.train);
    QCOMPARE(other.validation.size(), first.validation.size());
    QVERIFY(other.validation != first.validation);
    // A pinned draw: any change to the generator or the shuffle shows up here (it would change
    // which images every existing project validates on).
    const auto pinned = fovea::stratifiedSplit(makeLabels({5, 5}), 0.4, 0);
    QCOMPARE(pinned.validation.size(), std::size_t(4));
    QCOMPARE(pinned.validation, (std::vector<std::size_t>{0, 2, 3, 9}));
}

void StratifiedSplitTest::zeroFraction()
{
    const auto split = fovea::stratifiedSplit(makeLabels({4, 4}), 0.0, 9);
    QVERIFY(split.validation.empty());
    QCOMPARE(split.train.size(), std::size_t(8));
    QVERIFY(fovea::stratifiedSplit({}, 0.5, 1).train.empty());
}

void StratifiedSplitTest::badFraction_data()
{
    QTest::addColumn<double>("fraction");
    QTest::newRow("negative") << -0.1;
    QTest::newRow("one") << 1.0;
    QTest::newRow("NaN") << std::nan("");
}

void StratifiedSplitTest::badFraction()
{
    QFETCH(double, fraction);
    const auto error = captureError([&] { fovea::stratifiedSplit({0, 1}, fraction, 0); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
}

QTEST_GUILESS_MAIN(StratifiedSplitTest)
#include "StratifiedSplitTest.moc"
