#include "fovea_widgets/ConfusionMatrixView.h"

#include <QColor>
#include <QHeaderView>

namespace fovea::widgets {

void ConfusionMatrixModel::setMatrix(const QStringList& classNames,
                                     const QList<QList<qint64>>& counts)
{
    beginResetModel();
    m_classes = classNames;
    m_counts = counts;
    endResetModel();
}

void ConfusionMatrixModel::setNormalised(bool normalised)
{
    m_normalised = normalised;
    if (!m_classes.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

qint64 ConfusionMatrixModel::count(int trueClass, int predictedClass) const
{
    return m_counts.value(trueClass).value(predictedClass);
}

double ConfusionMatrixModel::rowShare(int trueClass, int predictedClass) const
{
    qint64 total = 0;
    for (const qint64 value : m_counts.value(trueClass))
        total += value;
    return total > 0 ? double(count(trueClass, predictedClass)) / double(total) : 0.0;
}

int ConfusionMatrixModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_classes.size());
}

int ConfusionMatrixModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_classes.size());
}

QVariant ConfusionMatrixModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const double share = rowShare(index.row(), index.column());
    switch (role) {
    case Qt::DisplayRole:
        return m_normalised ? QString::number(share, 'f', 2)
                            : QString::number(count(index.row(), index.column()));
    case Qt::BackgroundRole: {
        // The diagonal in green, confusions in red, both stronger with their share.
        const int strength = int(40 + 215 * share);
        return index.row() == index.column() ? QColor(255 - strength, 255, 255 - strength)
                                             : QColor(255, 255 - strength, 255 - strength);
    }
    case Qt::ForegroundRole:
        return QColor(share > 0.6 ? Qt::white : Qt::black);
    case Qt::TextAlignmentRole:
        return int(Qt::AlignCenter);
    case Qt::ToolTipRole:
        return tr("%1 pictures of %2 predicted as %3 (%4 % of %2)")
            .arg(count(index.row(), index.column()))
            .arg(m_classes.value(index.row()), m_classes.value(index.column()))
            .arg(100.0 * share, 0, 'f', 1);
    default:
        return {};
    }
}

QVariant ConfusionMatrixModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role == Qt::DisplayRole)
        return m_classes.value(section);
    if (role == Qt::ToolTipRole)
        return orientation == Qt::Vertical ? tr("true class: %1").arg(m_classes.value(section))
                                           : tr("predicted: %1").arg(m_classes.value(section));
    return {};
}

ConfusionMatrixView::ConfusionMatrixView(QWidget* parent)
    : QTableView(parent)
    , m_matrix(new ConfusionMatrixModel(this))
{
    setModel(m_matrix);
    setEditTriggers(NoEditTriggers);
    setSelectionMode(SingleSelection);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    connect(this, &QTableView::clicked, this,
            [this](const QModelIndex& index) { Q_EMIT cellChosen(index.row(), index.column()); });
}

} // namespace fovea::widgets
