#include "fovea_widgets/LiveCurvePlot.h"

#include "fovea_widgets/QCustomPlotInclude.h"
#include <QVBoxLayout>

namespace fovea::widgets {

namespace {
constexpr int kReplotIntervalMs = 33;
}

LiveCurvePlot::LiveCurvePlot(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);

    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->yAxis2->setVisible(true);
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignVCenter | Qt::AlignRight);
    // Appends only mark the plot dirty; the timer coalesces them into one redraw.
    m_replotTimer.setInterval(kReplotIntervalMs);
    connect(&m_replotTimer, &QTimer::timeout, this, &LiveCurvePlot::replotIfDirty);
    m_replotTimer.start();
}

int LiveCurvePlot::addCurve(const QString& name, const QColor& color, Axis axis, bool dashed,
                            bool withMarkers)
{
    QCPGraph* graph =
        m_plot->addGraph(m_plot->xAxis, axis == Axis::Left ? m_plot->yAxis : m_plot->yAxis2);
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

void LiveCurvePlot::appendPoint(int curve, double x, double y)
{
    if (QCPGraph* graph = m_plot->graph(curve)) {
        graph->addData(x, y);
        m_dirty = true;
    }
}

void LiveCurvePlot::clearPoints()
{
    for (int i = 0; i < m_plot->graphCount(); ++i)
        m_plot->graph(i)->data()->clear();
    m_dirty = true;
}

int LiveCurvePlot::pointCount(int curve) const
{
    const QCPGraph* graph = m_plot->graph(curve);
    return graph ? graph->data()->size() : 0;
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
    for (int i = 0; i < m_plot->graphCount(); ++i) {
        QCPGraph* graph = m_plot->graph(i);
        const bool onRight = graph->valueAxis() == m_plot->yAxis2;
        if (!m_keyRangeFixed)
            graph->rescaleKeyAxis(i > 0);
        if (!(onRight && m_rightRangeFixed))
            graph->rescaleValueAxis(i > 0 && !onRight, true);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace fovea::widgets
