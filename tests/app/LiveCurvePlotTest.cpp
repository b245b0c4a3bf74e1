#include "fovea_widgets/LiveCurvePlot.h"
#include "fovea_widgets/QCustomPlotInclude.h"

#include <QtTest>

using fovea::widgets::LiveCurvePlot;

class LiveCurvePlotTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void longCurvesAreDrawnFromTheirExtremes()
    {
        LiveCurvePlot plot;
        plot.resize(800, 400);
        const int loss = plot.addCurve(QStringLiteral("loss"), Qt::blue);
        const int count = 100000;
        for (int i = 0; i < count; ++i)
            plot.appendPoint(loss, i * 0.001, i == 54321 ? 9.0 : 1.0 + 0.01 * (i % 7));
        QCOMPARE(plot.pointCount(loss), count); // every point is kept
        plot.replotIfDirty();
        QCPGraph* graph = plot.plot()->graph(loss);
        const int drawn = graph->data()->size();
        QVERIFY2(drawn < 2 * 800 + 8, qPrintable(QString::number(drawn)));
        double highest = 0.0;
        for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
            highest = std::max(highest, it->value);
        QCOMPARE(highest, 9.0); // the one spike survives the reduction
        // A fixed range (as a zoom) is reduced on its own, at full detail for what is shown.
        plot.setKeyAxisRange(54.0, 55.0);
        plot.replotIfDirty();
        int inside = 0;
        for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
            inside += it->key >= 54.0 && it->key <= 55.0;
        QVERIFY(inside >= graph->data()->size() - 2); // one point beyond each edge at most
        QVERIFY(inside > 50); // over the whole range this span got a few points only
        // The export writes every point, not the drawn ones.
        QTemporaryDir dir;
        QVERIFY(plot.exportTo(dir.filePath("all.csv")));
        QFile csv(dir.filePath("all.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
        QCOMPARE(QString::fromUtf8(csv.readAll()).count(QLatin1Char('\n')), count + 1);
    }

    void curvesBetweenTheLimitsAreDrawnToTheirLastPoint()
    {
        // A curve of a few thousand points (a long run's loss) grows past the reduction limit
        // of a narrow plot, then the plot widens: whichever way it is drawn, it reaches its
        // last point, and the dense curve is drawn without antialiasing (a point per column).
        LiveCurvePlot plot;
        plot.resize(300, 300);
        const int loss = plot.addCurve(QStringLiteral("loss"), Qt::blue);
        const int count = 1800;
        for (int i = 0; i < count; ++i)
            plot.appendPoint(loss, i, 1.0 + (i % 10));
        plot.resize(1600, 400);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.appendPoint(loss, count, 0.5);
        plot.replotIfDirty();
        QCPGraph* graph = plot.plot()->graph(loss);
        QVERIFY(graph->data()->size() > 0);
        QCOMPARE((graph->data()->constEnd() - 1)->key, double(count));
        QCOMPARE(graph->data()->size(), count + 1); // 2 per column of ~1 500 allow them all
        QVERIFY(!graph->antialiased());
        plot.clearPoints();
        plot.appendPoint(loss, 0.0, 1.0);
        plot.appendPoint(loss, 1.0, 2.0);
        plot.replotIfDirty();
        QVERIFY(graph->antialiased()); // a sparse curve is drawn smoothly
    }

    void smoothingFollowsTheSourceWithBiasCorrection()
    {
        LiveCurvePlot plot;
        const int raw = plot.addCurve(QStringLiteral("loss"), Qt::blue);
        const int smooth = plot.addCurve(QStringLiteral("smoothed"), Qt::darkBlue);
        plot.setSmoothing(raw, smooth, 0.9);
        const QList<double> values{4.0, 2.0, 3.0, 1.0, 5.0, 0.5};
        for (int i = 0; i < values.size(); ++i)
            plot.appendPoint(raw, i, values[i]);
        QCOMPARE(plot.pointCount(smooth), int(values.size()));
        // The same numbers by hand: EMA divided by 1 - 0.9^n.
        double average = 0.0;
        QCPGraph* graph = plot.plot()->graph(smooth);
        int n = 0;
        for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it, ++n) {
            average = 0.9 * average + 0.1 * values[n];
            QVERIFY(std::abs(it->value - average / (1.0 - std::pow(0.9, n + 1))) < 1e-12);
        }
        QCOMPARE(graph->data()->constBegin()->value, values.front()); // no pull towards 0
        // A new factor recomputes the whole curve: 0 is the raw curve itself.
        plot.setSmoothing(raw, smooth, 0.0);
        n = 0;
        for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it, ++n)
            QCOMPARE(it->value, values[n]);
        // Cleared and drawn again (a followed run re-read): the average starts afresh.
        plot.setSmoothing(raw, smooth, 0.9);
        plot.clearPoints();
        for (int i = 0; i < values.size(); ++i)
            plot.appendPoint(raw, i, values[i]);
        QCOMPARE(plot.points(smooth).front().y(), values.front());
    }

    void logScaleAndReadout()
    {
        LiveCurvePlot plot;
        plot.resize(600, 400);
        const int loss = plot.addCurve(QStringLiteral("loss"), Qt::blue);
        plot.appendPoint(loss, 0.0, 10.0);
        plot.appendPoint(loss, 1.0, 0.1);
        plot.setLogScale(true);
        QVERIFY(plot.logScale());
        plot.replotIfDirty();
        plot.plot()->replot(); // lay out now, so pixel positions are final
        const QPointF second = plot.plot()->graph(loss)->coordsToPixels(1.0, 0.1);
        QCOMPARE(plot.readoutAt(second.toPoint() + QPoint(2, -1)), QStringLiteral("loss: 1, 0.1"));
        plot.setLogScale(false);
        QVERIFY(!plot.logScale());
        QCOMPARE(LiveCurvePlot().readoutAt(QPoint(10, 10)), QString());
    }

    void aNameWithoutExtensionTakesTheChosenFormats()
    {
        QCOMPARE(LiveCurvePlot::withFilterSuffix("/tmp/curves", "PDF document (*.pdf)"),
                 QStringLiteral("/tmp/curves.pdf"));
        QCOMPARE(LiveCurvePlot::withFilterSuffix("/tmp/curves.png", "PDF document (*.pdf)"),
                 QStringLiteral("/tmp/curves.png")); // a typed extension wins
        QCOMPARE(LiveCurvePlot::withFilterSuffix("", "CSV table (*.csv)"), QString());
        QCOMPARE(LiveCurvePlot::withFilterSuffix("/tmp/curves", "All files (*)"),
                 QStringLiteral("/tmp/curves"));
    }

    void exportWritesPngPdfAndCsv()
    {
        QTemporaryDir dir;
        LiveCurvePlot plot;
        plot.resize(400, 300);
        const int loss = plot.addCurve(QStringLiteral("loss \"train\""), Qt::blue);
        plot.appendPoint(loss, 0.5, 2.25);
        plot.appendPoint(loss, 1.0, 1.5);
        QVERIFY(plot.exportTo(dir.filePath("curves.csv")));
        QFile csv(dir.filePath("curves.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
        QCOMPARE(QString::fromUtf8(csv.readAll()),
                 QStringLiteral("curve,x,y\n\"loss \"\"train\"\"\",0.5,2.25\n"
                                "\"loss \"\"train\"\"\",1,1.5\n"));
        QVERIFY(plot.exportTo(dir.filePath("curves.png")));
        QCOMPARE(QImage(dir.filePath("curves.png")).size(), plot.plot()->size());
        QVERIFY(plot.exportTo(dir.filePath("curves.pdf")));
        QFile pdf(dir.filePath("curves.pdf"));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(4) == "%PDF");
        QVERIFY(!plot.exportTo(dir.filePath("curves.bmpx"))); // an unknown format
        QVERIFY(!QFile::exists(dir.filePath("curves.bmpx")));
        QVERIFY(!QFile::exists(dir.filePath("curves.png.part")));
    }

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
