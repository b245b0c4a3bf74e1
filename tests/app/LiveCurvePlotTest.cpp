#include "fovea_widgets/LiveCurvePlot.h"
#include "fovea_widgets/QCustomPlotInclude.h"

#include <QtTest>

using fovea::widgets::LiveCurvePlot;

class LiveCurvePlotTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void appendedPointsAreCountedPerCurve()
    {
        LiveCurvePlot plot;
        const int loss = plot.addCurve(QStringLiteral("loss"), Qt::blue);
        const int accuracy =
            plot.addCurve(QStringLiteral("acc"), Qt::green, LiveCurvePlot::Axis::Right);
        for (int i = 0; i < 5; ++i)
            plot.appendPoint(loss, i, 1.0 / (i + 1));
        plot.appendPoint(accuracy, 1, 0.5);
        QCOMPARE(plot.pointCount(loss), 5);
        QCOMPARE(plot.pointCount(accuracy), 1);
        QCOMPARE(plot.pointCount(42), 0); // unknown curve: no crash, nothing there
    }

    void replotRescalesToTheData()
    {
        LiveCurvePlot plot;
        const int loss = plot.addCurve(QStringLiteral("loss"), Qt::blue);
        plot.appendPoint(loss, 0.0, 2.0);
        plot.appendPoint(loss, 10.0, 7.0);
        plot.replotIfDirty();
        QVERIFY(plot.plot()->xAxis->range().contains(10.0));
        QVERIFY(plot.plot()->yAxis->range().contains(7.0));
        QVERIFY(plot.plot()->yAxis->range().contains(2.0));
    }

    void fixedRightAxisIsKept()
    {
        LiveCurvePlot plot;
        const int accuracy =
            plot.addCurve(QStringLiteral("acc"), Qt::green, LiveCurvePlot::Axis::Right);
        plot.setRightAxisRange(0.0, 1.0);
        plot.appendPoint(accuracy, 1.0, 0.5);
        plot.appendPoint(accuracy, 2.0, 0.6);
        plot.replotIfDirty();
        QCOMPARE(plot.plot()->yAxis2->range().lower, 0.0);
        QCOMPARE(plot.plot()->yAxis2->range().upper, 1.0);
    }

    void fixedKeyRangeIsKeptUntilReleased()
    {
        LiveCurvePlot plot;
        const int loss = plot.addCurve(QStringLiteral("loss"), Qt::blue);
        plot.setKeyAxisRange(0.0, 5.0);
        plot.appendPoint(loss, 0.5, 1.0);
        plot.appendPoint(loss, 1.0, 0.8);
        plot.replotIfDirty();
        QCOMPARE(plot.plot()->xAxis->range().upper, 5.0);
        plot.setKeyAxisRange(0.0, -1.0);
        plot.replotIfDirty();
        QCOMPARE(plot.plot()->xAxis->range().upper, 1.0);
    }

    void clearPointsKeepsCurves()
    {
        LiveCurvePlot plot;
        const int loss = plot.addCurve(QStringLiteral("loss"), Qt::blue);
        plot.appendPoint(loss, 1, 1);
        plot.clearPoints();
        QCOMPARE(plot.pointCount(loss), 0);
        plot.appendPoint(loss, 2, 2);
        QCOMPARE(plot.pointCount(loss), 1);
    }
};

QTEST_MAIN(LiveCurvePlotTest)
#include "LiveCurvePlotTest.moc"
