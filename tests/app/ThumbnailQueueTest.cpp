// The Data page's thumbnail requests: newest first, bounded, the oldest dropped and named, and
// one worker at a time.
#include "ThumbnailQueue.h"

#include <QObject>
#include <QTest>

using fovea::app::ThumbnailQueue;

class ThumbnailQueueTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void newestRowsComeFirst();
    void theOldestAreDroppedBeyondTheCapacity();
    void aRowAskedAgainMovesUp();
    void oneWorkerAtATime();
    void anAbandonedQueueGivesNothingMore();
};

void ThumbnailQueueTest::newestRowsComeFirst()
{
    ThumbnailQueue queue(10);
    for (int row : {5, 6, 7})
        queue.add(row);
    QCOMPARE(queue.takeNewest(), std::optional<int>(7));
    queue.add(100); // scrolled on: the new row goes before those still waiting
    QCOMPARE(queue.takeNewest(), std::optional<int>(100));
    QCOMPARE(queue.takeNewest(), std::optional<int>(6));
    QCOMPARE(queue.takeNewest(), std::optional<int>(5));
    QCOMPARE(queue.takeNewest(), std::nullopt);
}

void ThumbnailQueueTest::theOldestAreDroppedBeyondTheCapacity()
{
    ThumbnailQueue queue(3);
    for (int row = 0; row < 3; ++row)
        QVERIFY(queue.add(row).dropped.empty());
    QCOMPARE(queue.add(3).dropped, std::vector<int>{0});
    QCOMPARE(queue.add(4).dropped, std::vector<int>{1});
    QCOMPARE(queue.takeNewest(), std::optional<int>(4));
    QCOMPARE(queue.takeNewest(), std::optional<int>(3));
    QCOMPARE(queue.takeNewest(), std::optional<int>(2));
    QCOMPARE(queue.takeNewest(), std::nullopt);
}

void ThumbnailQueueTest::aRowAskedAgainMovesUp()
{
    ThumbnailQueue queue(3);
    for (int row : {1, 2, 3})
        queue.add(row);
    QVERIFY(queue.add(1).dropped.empty()); // waits once, now as the newest
    QCOMPARE(queue.takeNewest(), std::optional<int>(1));
    QCOMPARE(queue.takeNewest(), std::optional<int>(3));
    QCOMPARE(queue.takeNewest(), std::optional<int>(2));
    QCOMPARE(queue.takeNewest(), std::nullopt);
}

void ThumbnailQueueTest::oneWorkerAtATime()
{
    ThumbnailQueue queue(10);
    QVERIFY(queue.add(1).startWorker);
    QVERIFY(!queue.add(2).startWorker); // the worker started for row 1 takes this one too
    QVERIFY(queue.takeNewest());
    QVERIFY(!queue.add(3).startWorker);
    QVERIFY(queue.takeNewest());
    QVERIFY(queue.takeNewest());
    QCOMPARE(queue.takeNewest(), std::nullopt); // the worker's turn ends here
    QVERIFY(queue.add(4).startWorker);
}

void ThumbnailQueueTest::anAbandonedQueueGivesNothingMore()
{
    ThumbnailQueue queue(10);
    for (int row : {1, 2, 3})
        queue.add(row);
    queue.abandon();
    QCOMPARE(queue.takeNewest(), std::nullopt); // the worker stops at its next row
    const ThumbnailQueue::Added late = queue.add(4);
    QVERIFY(!late.startWorker);
    QVERIFY(late.dropped.empty());
    QCOMPARE(queue.takeNewest(), std::nullopt);
}

QTEST_APPLESS_MAIN(ThumbnailQueueTest)
#include "ThumbnailQueueTest.moc"
