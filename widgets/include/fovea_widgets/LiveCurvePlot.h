#pragma once

#include <QColor>
#include <QString>
#include <QTimer>
#include <QWidget>

class QCustomPlot;

namespace fovea::widgets {

/// A plot of curves that grow while something runs (losses, accuracies). Points are appended
/// cheaply; the plot redraws from a timer at most ~30 times a second, never once per point.
class LiveCurvePlot : public QWidget {
    Q_OBJECT

public:
    enum class Axis { Left, Right };

    explicit LiveCurvePlot(QWidget* parent = nullptr);

    /// Adds a curve and returns its id. `dashed` suits derived or validation curves.
    int addCurve(const QString& name, const QColor& color, Axis axis = Axis::Left,
                 bool dashed = false, bool withMarkers = false);
    void setCurveName(int curve, const QString& name);
    void appendPoint(int curve, double x, double y);
    /// Removes every point of every curve (the curves stay).
    void clearPoints();
    int pointCount(int curve) const;

    void setAxisLabels(const QString& xLabel, const QString& leftLabel, const QString& rightLabel);
    /// Fixes the right axis range (e.g. 0–1 for accuracies) instead of rescaling it.
    void setRightAxisRange(double lower, double upper);
    /// Fixes the horizontal range (e.g. 0 to the number of epochs, so progress reads at a
    /// glance); a negative `upper` returns to following the data.
    void setKeyAxisRange(double lower, double upper);

    QCustomPlot* plot() const { return m_plot; }

public Q_SLOTS:
    /// Rescales and redraws now when points arrived since the last redraw.
    void replotIfDirty();

private:
    QCustomPlot* m_plot;
    QTimer m_replotTimer;
    bool m_dirty = false;
    bool m_rightRangeFixed = false;
    bool m_keyRangeFixed = false;
};

} // namespace fovea::widgets
