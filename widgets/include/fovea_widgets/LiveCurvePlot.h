#pragma once

#include <QColor>
#include <QPen>
#include <QPointF>
#include <QString>
#include <QTimer>
#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPItemRect;

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
    void setCurvePen(int curve, const QPen& pen);
    void appendPoint(int curve, double x, double y);
    /// Removes every point of every curve (the curves stay).
    void clearPoints();
    int pointCount(int curve) const;
    /// Every point of `curve` as appended (what is drawn may be a reduction of them).
    const std::vector<QPointF>& points(int curve) const;

    void setAxisLabels(const QString& xLabel, const QString& leftLabel, const QString& rightLabel);
    /// Shows the right value axis (the default) or not, for a plot with no curve on it.
    void setRightAxisVisible(bool visible);
    /// Fixes the right axis range (e.g. 0–1 for accuracies) instead of rescaling it.
    void setRightAxisRange(double lower, double upper);
    /// Fixes the horizontal range (e.g. 0 to the number of epochs, so progress reads at a
    /// glance); a negative `upper` returns to following the data.
    void setKeyAxisRange(double lower, double upper);

    /// Curve `target` follows curve `source` smoothed (exponential moving average with bias
    /// correction, as TensorBoard's slider: 0 = raw, towards 1 = smoother); recomputed whole
    /// when the factor changes, extended point by point as `source` grows.
    void setSmoothing(int source, int target, double factor);
    double smoothing() const { return m_smoothing; }
    /// A logarithmic left axis (losses spanning decades), or linear.
    void setLogScale(bool logarithmic);
    bool logScale() const;
    /// The nearest point of any curve to `position` (widget pixels), as "name: x, y"; empty
    /// when there are no points. What the hover read-out shows.
    QString readoutAt(const QPoint& position) const;
    /// Removes the curves from `first` on (overlays added after the fixed curves).
    void removeCurvesFrom(int first);
    int curveCount() const { return int(m_points.size()); }
    QString curveName(int curve) const;
    /// Shades every other epoch (1, 3, 5, … from the left) over the whole height, so the
    /// epochs read at a glance on a step axis. 0 removes the shading.
    void setEpochBands(int epochs);
    int epochBandCount() const { return int(m_bands.size()); }
    /// Writes the plot by the file's suffix: .png, .svg, .pdf, or .csv (curve,x,y rows of every
    /// point). False when the format is unknown or the file cannot be written.
    bool exportTo(const QString& path) const;
    /// `path` as exportTo() needs it: a name without an extension takes the one of the save
    /// dialog's chosen `filter` ("PDF document (*.pdf)" → "name.pdf").
    static QString withFilterSuffix(const QString& path, const QString& filter);

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
    int m_smoothSource = -1;
    int m_smoothTarget = -1;
    double m_smoothing = 0.0;
    double m_smoothAverage = 0.0; ///< the running average (before bias correction)
    int m_smoothCount = 0;
    /// Every point of every curve, as appended. A curve longer than drawnPointsLimit() is
    /// drawn from a min/max reduction of the visible range (one pair per pixel column), so a
    /// replot costs the same for 10 000 or 1 000 000 points and spikes stay visible.
    std::vector<std::vector<QPointF>> m_points;
    std::vector<QCPItemRect*> m_bands; ///< the shaded epochs
    bool m_reduced = false;            ///< some curve is drawn reduced
    bool m_replotting = false;         ///< our own axis changes are not the user's zoom
    bool m_userRange = false;          ///< the user zoomed or panned: reduce for what is shown

    void appendRaw(int curve, double x, double y);
    /// Longer curves are drawn reduced: two points per pixel column of the plot.
    std::size_t drawnPointsLimit() const;
    void reduce(int curve, double lower, double upper);

    void rebuildSmoothed();
    void appendSmoothed(double x, double y);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
};

} // namespace fovea::widgets
