// fovea-bench-curves: how long the live curve plot takes to redraw a long run's curve —
// 1 000 000 points (a noisy loss with rare spikes), offscreen, 1200 × 600 pixels. The plot
// draws a long curve from its minimum and maximum per pixel column of the shown range, so
// spikes stay visible. Prints the median of 20 replots. Target (issue 6): under 16 ms.
#include "BenchClock.h"
#include "fovea_widgets/LiveCurvePlot.h"
#include "fovea_widgets/QCustomPlotInclude.h"

#include <QApplication>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    const int points = argc > 1 ? std::atoi(argv[1]) : 1'000'000;
    fovea::widgets::LiveCurvePlot plot;
    plot.resize(1200, 600);
    const int loss = plot.addCurve(QStringLiteral("loss"), Qt::blue);
    for (int i = 0; i < points; ++i) {
        const double x = 100.0 * i / points;
        const double noise = std::sin(i * 12.9898) * 0.05;
        const double spike = i % 99991 == 0 ? 3.0 : 0.0;
        plot.appendPoint(loss, x, 2.0 * std::exp(-x / 30.0) + 0.1 + noise + spike);
    }
    plot.show();
    plot.replotIfDirty();
    std::vector<double> times;
    for (int i = 0; i < 22; ++i) {
        const auto start = fovea::bench::Clock::now();
        plot.plot()->replot(QCustomPlot::rpImmediateRefresh);
        if (i >= 2)
            times.push_back(fovea::bench::millisecondsSince(start));
    }
    std::nth_element(times.begin(), times.begin() + long(times.size() / 2), times.end());
    const double upper = plot.plot()->yAxis->range().upper;
    std::printf("%d points (%d drawn after the min/max reduction): replot %.2f ms median of 20; "
                "the value axis reaches %.2f, so the spikes (3 above the curve) are kept\n",
                points, plot.plot()->graph(loss)->data()->size(), times[times.size() / 2], upper);
    return 0;
}
