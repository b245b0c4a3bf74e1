#include "fovea_widgets/LiveCurvePlot.h"

#include "fovea_widgets/QCustomPlotInclude.h"

#include <QFile>
#include <QFileInfo>
#include <QMouseEvent>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>
#include <cstdio>
#include <limits>

namespace fovea::widgets {

namespace {
constexpr int kReplotIntervalMs = 33;
constexpr int kMaxShadedEpochs = 200;
/// Curves up to this many points per pixel column of the plot are handed to QCustomPlot
/// whole; longer ones are reduced to a minimum and maximum per column.
constexpr int kPointsPerColumn = 2;
/// ... and never reduced below this length (a narrow plot).
constexpr std::size_t kMinDrawnPointsLimit = 1000;
} // namespace

LiveCurvePlot::LiveCurvePlot(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);

    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    // Grid lines, epoch bands and fills are axis-aligned: antialiasing them changes nothing
    // visible but costs a third of a replot (tests/bench/GuiStallBench.cpp).
    m_plot->setNotAntialiasedElements(QCP::aeGrid | QCP::aeSubGrid | QCP::aeZeroLine |
                                      QCP::aeItems | QCP::aeFills);
    m_plot->yAxis2->setVisible(true);
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignVCenter | Qt::AlignRight);
    // Appends only mark the plot dirty; the timer coalesces them into one redraw.
    m_replotTimer.setInterval(kReplotIntervalMs);
    connect(&m_replotTimer, &QTimer::timeout, this, &LiveCurvePlot::replotIfDirty);
    m_replotTimer.start();
    // A zoom or pan by the user shows another range: reduce the long curves for it.
    connect(m_plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] {
        if (!m_replotting) {
            m_userRange = true; // kept until the points are cleared
            m_dirty = m_dirty || m_reduced;
        }
    });
    // The hover read-out: the nearest point under the mouse, in a tooltip.
    m_plot->setMouseTracking(true);
    m_plot->installEventFilter(this);
}

bool LiveCurvePlot::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_plot && event->type() == QEvent::MouseMove) {
        const auto* move = static_cast<QMouseEvent*>(event);
        const QString text = readoutAt(move->position().toPoint());
        if (!text.isEmpty())
            QToolTip::showText(move->globalPosition().toPoint(), text, m_plot);
    }
    return QWidget::eventFilter(watched, event);
}

int LiveCurvePlot::addCurve(const QString& name, const QColor& color, Axis axis, bool dashed,
                            bool withMarkers)
{
    QCPGraph* graph =
        m_plot->addGraph(m_plot->xAxis, axis == Axis::Left ? m_plot->yAxis : m_plot->yAxis2);
    m_points.emplace_back();
    QPen pen(color, dashed ? 2.0 : 1.5);
    if (dashed)
        pen.setStyle(Qt::DashLine);
    graph->setPen(pen);
    graph->setName(name);
    if (withMarkers)
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, color, color, 6));
    return m_plot->graphCount() - 1;
}

void LiveCurvePlot::setCurveName(int curve, const QString& name)
{
    if (QCPGraph* graph = m_plot->graph(curve)) {
        graph->setName(name);
        m_dirty = true;
    }
}

void LiveCurvePlot::setCurvePen(int curve, const QPen& pen)
{
    if (QCPGraph* graph = m_plot->graph(curve)) {
        graph->setPen(pen);
        m_dirty = true;
    }
}

void LiveCurvePlot::appendPoint(int curve, double x, double y)
{
    if (curve < 0 || curve >= int(m_points.size()))
        return;
    appendRaw(curve, x, y);
    if (curve == m_smoothSource)
        appendSmoothed(x, y);
}

void LiveCurvePlot::appendRaw(int curve, double x, double y)
{
    std::vector<QPointF>& points = m_points[std::size_t(curve)];
    points.emplace_back(x, y);
    if (points.size() <= drawnPointsLimit())
        m_plot->graph(curve)->addData(x, y);
    else
        m_reduced = true; // redrawn from a reduction at the next replot
    m_dirty = true;
}

void LiveCurvePlot::reduce(int curve, double lower, double upper)
{
    const std::vector<QPointF>& points = m_points[std::size_t(curve)];
    // Points arrive in increasing x (steps, epochs, log rates): find the visible span, with one
    // point beyond each end so the line runs to the edges.
    auto byX = [](const QPointF& p, double x) { return p.x() < x; };
    auto first = std::lower_bound(points.begin(), points.end(), lower, byX);
    auto last = std::lower_bound(first, points.end(), upper, byX);
    if (first != points.begin())
        --first;
    if (last != points.end())
        ++last;
    const int columns = std::max(100, m_plot->axisRect()->width());
    const double width = (upper - lower) / columns;
    QVector<QCPGraphData> reduced;
    reduced.reserve(2 * columns + 4);
    auto it = first;
    while (it != last) {
        // One pixel column: its first point's column index decides the bucket.
        const double column = width > 0.0 ? std::floor((it->x() - lower) / width) : 0.0;
        auto low = it;
        auto high = it;
        auto next = it + 1;
        while (next != last &&
               (width <= 0.0 || std::floor((next->x() - lower) / width) == column)) {
            if (next->y() < low->y())
                low = next;
            if (next->y() > high->y())
                high = next;
            ++next;
        }
        // Minimum and maximum in the order they occur, so the line's shape is kept.
        const auto [earlier, later] =
            low->x() <= high->x() ? std::pair(low, high) : std::pair(high, low);
        reduced.append(QCPGraphData(earlier->x(), earlier->y()));
        if (later != earlier)
            reduced.append(QCPGraphData(later->x(), later->y()));
        it = next;
    }
    m_plot->graph(curve)->data()->set(reduced, /*alreadySorted=*/true);
}

std::size_t LiveCurvePlot::drawnPointsLimit() const
{
    return std::max(kMinDrawnPointsLimit,
                    std::size_t(kPointsPerColumn * std::max(0, m_plot->axisRect()->width())));
}

void LiveCurvePlot::setSmoothing(int source, int target, double factor)
{
    m_smoothSource = source;
    m_smoothTarget = target;
    m_smoothing = std::clamp(factor, 0.0, 0.999);
    rebuildSmoothed();
}

void LiveCurvePlot::rebuildSmoothed()
{
    if (!m_plot->graph(m_smoothSource) || !m_plot->graph(m_smoothTarget))
        return;
    m_plot->graph(m_smoothTarget)->data()->clear();
    m_points[std::size_t(m_smoothTarget)].clear();
    m_smoothAverage = 0.0;
    m_smoothCount = 0;
    const std::vector<QPointF> source = m_points[std::size_t(m_smoothSource)];
    for (const QPointF& point : source)
        appendSmoothed(point.x(), point.y());
    m_dirty = true;
}

void LiveCurvePlot::appendSmoothed(double x, double y)
{
    if (!m_plot->graph(m_smoothTarget) || !std::isfinite(y))
        return;
    // Exponential moving average, divided by (1 − factor^n) so the first points are not
    // pulled towards zero.
    m_smoothAverage = m_smoothing * m_smoothAverage + (1.0 - m_smoothing) * y;
    ++m_smoothCount;
    const double correction = 1.0 - std::pow(m_smoothing, m_smoothCount);
    appendRaw(m_smoothTarget, x, correction > 0.0 ? m_smoothAverage / correction : y);
}

void LiveCurvePlot::setLogScale(bool logarithmic)
{
    if (logarithmic) {
        m_plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    } else {
        m_plot->yAxis->setScaleType(QCPAxis::stLinear);
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    }
    m_dirty = true;
}

bool LiveCurvePlot::logScale() const
{
    return m_plot->yAxis->scaleType() == QCPAxis::stLogarithmic;
}

QString LiveCurvePlot::readoutAt(const QPoint& position) const
{
    double best = std::numeric_limits<double>::infinity();
    QString text;
    for (int i = 0; i < m_plot->graphCount(); ++i) {
        const QCPGraph* graph = m_plot->graph(i);
        for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
            const QPointF pixel = graph->coordsToPixels(it->key, it->value);
            const double distance = QLineF(pixel, QPointF(position)).length();
            if (distance < best) {
                best = distance;
                text = QStringLiteral("%1: %2, %3")
                           .arg(graph->name())
                           .arg(it->key, 0, 'g', 4)
                           .arg(it->value, 0, 'g', 4);
            }
        }
    }
    return text;
}

namespace {

/// QCustomPlot draws onto any QPainter; QSvgGenerator is one, so the SVG holds vector curves.
bool saveSvg(QCustomPlot* plot, const QString& path)
{
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(plot->size());
    svg.setViewBox(QRect(QPoint(0, 0), plot->size()));
    svg.setTitle(QStringLiteral("Fovea curves"));
    QCPPainter painter;
    if (!painter.begin(&svg))
        return false;
    plot->toPainter(&painter, plot->width(), plot->height());
    return painter.end() && QFileInfo(path).size() > 0;
}

} // namespace

void LiveCurvePlot::setRightAxisVisible(bool visible)
{
    m_plot->yAxis2->setVisible(visible);
    m_dirty = true;
}

void LiveCurvePlot::removeCurvesFrom(int first)
{
    first = std::max(0, first);
    while (m_plot->graphCount() > first)
        m_plot->removeGraph(m_plot->graphCount() - 1);
    if (int(m_points.size()) > first)
        m_points.resize(std::size_t(first));
    if (m_smoothSource >= first || m_smoothTarget >= first)
        m_smoothSource = m_smoothTarget = -1;
    m_dirty = true;
}

QString LiveCurvePlot::curveName(int curve) const
{
    const QCPGraph* graph = m_plot->graph(curve);
    return graph ? graph->name() : QString();
}

void LiveCurvePlot::setEpochBands(int epochs)
{
    for (QCPItemRect* band : m_bands)
        m_plot->removeItem(band);
    m_bands.clear();
    // Beyond ~200 epochs a band is a few pixels wide and hundreds of items slow every replot
    // (500 bands took a replot from 3 to 15 ms): no shading then.
    if (epochs > kMaxShadedEpochs)
        epochs = 0;
    for (int epoch = 1; epoch < epochs; epoch += 2) {
        auto* band = new QCPItemRect(m_plot);
        band->setLayer(QStringLiteral("background"));
        band->setPen(Qt::NoPen);
        band->setBrush(QColor(0, 0, 0, 14));
        band->setClipToAxisRect(true);
        // x in epochs, y over the whole axis rect whatever the value range.
        band->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
        band->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
        band->bottomRight->setTypeX(QCPItemPosition::ptPlotCoords);
        band->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
        band->topLeft->setCoords(epoch, 0.0);
        band->bottomRight->setCoords(std::min(epoch + 1, epochs), 1.0);
        m_bands.push_back(band);
    }
    m_dirty = true;
}

QString LiveCurvePlot::withFilterSuffix(const QString& path, const QString& filter)
{
    const qsizetype pattern = filter.indexOf(QStringLiteral("(*."));
    if (path.isEmpty() || !QFileInfo(path).suffix().isEmpty() || pattern < 0 ||
        !filter.endsWith(QLatin1Char(')')))
        return path;
    return path + filter.mid(pattern + 2).chopped(1);
}

bool LiveCurvePlot::exportTo(const QString& path) const
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv")) {
        QSaveFile file(path); // all or nothing
        if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
            return false;
        QByteArray csv = "curve,x,y\n";
        for (int i = 0; i < m_plot->graphCount(); ++i) { // every point, not what is drawn
            QString name = m_plot->graph(i)->name();
            name.replace(QLatin1Char('"'), QLatin1String("\"\""));
            for (const QPointF& point : m_points[std::size_t(i)])
                csv += QStringLiteral("\"%1\",%2,%3\n")
                           .arg(name)
                           .arg(point.x(), 0, 'g', 10)
                           .arg(point.y(), 0, 'g', 10)
                           .toUtf8();
        }
        return file.write(csv) == csv.size() && file.commit();
    }
    // QCustomPlot writes these itself, to a temporary name first so that a failure leaves
    // no half file behind.
    const QString partial = path + QStringLiteral(".part");
    bool written = false;
    if (suffix == QLatin1String("png"))
        written = m_plot->savePng(partial);
    else if (suffix == QLatin1String("pdf"))
        written = m_plot->savePdf(partial);
    else if (suffix == QLatin1String("svg"))
        written = saveSvg(m_plot, partial);
    if (!written) {
        QFile::remove(partial);
        return false;
    }
    // rename() replaces an existing file in one step (POSIX).
    return std::rename(QFile::encodeName(partial).constData(),
                       QFile::encodeName(path).constData()) == 0;
}

const std::vector<QPointF>& LiveCurvePlot::points(int curve) const
{
    static const std::vector<QPointF> none;
    return curve >= 0 && curve < int(m_points.size()) ? m_points[std::size_t(curve)] : none;
}

void LiveCurvePlot::clearPoints()
{
    for (int i = 0; i < m_plot->graphCount(); ++i)
        m_plot->graph(i)->data()->clear();
    for (std::vector<QPointF>& points : m_points)
        points.clear();
    m_reduced = false;
    m_userRange = false;
    m_smoothAverage = 0.0; // the smoothed curve starts again with the next point
    m_smoothCount = 0;
    m_dirty = true;
}

int LiveCurvePlot::pointCount(int curve) const
{
    return curve >= 0 && curve < int(m_points.size()) ? int(m_points[std::size_t(curve)].size())
                                                      : 0;
}

void LiveCurvePlot::setAxisLabels(const QString& xLabel, const QString& leftLabel,
                                  const QString& rightLabel)
{
    m_plot->xAxis->setLabel(xLabel);
    m_plot->yAxis->setLabel(leftLabel);
    m_plot->yAxis2->setLabel(rightLabel);
    m_dirty = true;
}

void LiveCurvePlot::setRightAxisRange(double lower, double upper)
{
    m_plot->yAxis2->setRange(lower, upper);
    m_rightRangeFixed = true;
    m_dirty = true;
}

void LiveCurvePlot::setKeyAxisRange(double lower, double upper)
{
    m_keyRangeFixed = upper >= 0.0;
    if (m_keyRangeFixed)
        m_plot->xAxis->setRange(lower, upper);
    m_dirty = true;
}

void LiveCurvePlot::replotIfDirty()
{
    if (!m_dirty)
        return;
    m_dirty = false;
    m_replotting = true;
    if (m_reduced) {
        // The range to reduce for: the one shown when it is fixed (or zoomed), else all data.
        for (int i = 0; i < m_plot->graphCount(); ++i) {
            const std::vector<QPointF>& points = m_points[std::size_t(i)];
            if (points.size() <= drawnPointsLimit()) {
                // Below the limit now (the plot grew wider): drawn whole.
                if (std::size_t(m_plot->graph(i)->dataCount()) != points.size()) {
                    QVector<QCPGraphData> whole;
                    whole.reserve(qsizetype(points.size()));
                    for (const QPointF& p : points)
                        whole.append(QCPGraphData(p.x(), p.y()));
                    m_plot->graph(i)->data()->set(whole, /*alreadySorted=*/true);
                }
                continue;
            }
            const QCPRange shown = m_plot->xAxis->range();
            if (m_keyRangeFixed || m_userRange)
                reduce(i, shown.lower, shown.upper);
            else
                reduce(i, points.front().x(), points.back().x());
        }
    }
    // With a point or more per pixel column antialiasing changes nothing one can see but costs
    // most of the replot (a 5 000-point curve: 15 ms antialiased, 1 200 px wide).
    const int columns = m_plot->axisRect()->width();
    for (int i = 0; i < m_plot->graphCount(); ++i)
        m_plot->graph(i)->setAntialiased(m_plot->graph(i)->dataCount() < columns);
    for (int i = 0; i < m_plot->graphCount(); ++i) {
        QCPGraph* graph = m_plot->graph(i);
        const bool onRight = graph->valueAxis() == m_plot->yAxis2;
        if (!m_keyRangeFixed)
            graph->rescaleKeyAxis(i > 0);
        if (!(onRight && m_rightRangeFixed))
            graph->rescaleValueAxis(i > 0 && !onRight, true);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    m_replotting = false;
}

} // namespace fovea::widgets
