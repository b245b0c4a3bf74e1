#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>
#include <QTableView>

namespace fovea::widgets {

/// A confusion matrix as a table: rows the true classes, columns the predicted ones, each cell
/// shaded by its share of the row. Shows counts, or each row normalised to 1.
class ConfusionMatrixModel : public QAbstractTableModel {
    Q_OBJECT

public:
    using QAbstractTableModel::QAbstractTableModel;

    /// `counts[t][p]`: pictures of true class t predicted as p.
    void setMatrix(const QStringList& classNames, const QList<QList<qint64>>& counts);
    void setNormalised(bool normalised);
    bool normalised() const { return m_normalised; }
    qint64 count(int trueClass, int predictedClass) const;
    /// The fraction of true class `trueClass` predicted as `predictedClass` (0 for an empty row).
    double rowShare(int trueClass, int predictedClass) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QStringList m_classes;
    QList<QList<qint64>> m_counts;
    bool m_normalised = false;
};

/// The table for a ConfusionMatrixModel; clicking a cell asks for exactly those pictures.
class ConfusionMatrixView : public QTableView {
    Q_OBJECT

public:
    explicit ConfusionMatrixView(QWidget* parent = nullptr);
    ConfusionMatrixModel* matrix() const { return m_matrix; }

Q_SIGNALS:
    void cellChosen(int trueClass, int predictedClass);

private:
    ConfusionMatrixModel* m_matrix;
};

} // namespace fovea::widgets
