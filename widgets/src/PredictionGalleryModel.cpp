#include "fovea_widgets/PredictionGalleryModel.h"

#include <QColor>
#include <QFileInfo>

namespace fovea::widgets {

void PredictionGalleryModel::setItems(const QStringList& classNames,
                                      const QList<GalleryItem>& items)
{
    beginResetModel();
    m_classes = classNames;
    m_items = items;
    endResetModel();
}

int PredictionGalleryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant PredictionGalleryModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_items.size())
        return {};
    const GalleryItem& item = m_items.at(index.row());
    const bool right = item.label == item.predicted;
    switch (role) {
    case Qt::DisplayRole:
        // Predicted (probability), then the truth when it differs.
        return right ? QStringLiteral("%1 %2 %")
                           .arg(m_classes.value(item.predicted))
                           .arg(100.0 * item.confidence, 0, 'f', 0)
                     : tr("%1 %2 %\n(is %3)")
                           .arg(m_classes.value(item.predicted))
                           .arg(100.0 * item.confidence, 0, 'f', 0)
                           .arg(m_classes.value(item.label));
    case Qt::DecorationRole:
        return item.thumbnail;
    case Qt::ForegroundRole:
        return right ? QVariant() : QVariant(QColor(200, 30, 30));
    case Qt::ToolTipRole:
        return tr("%1\ntrue: %2, predicted: %3 (%4 %), loss %5")
            .arg(item.source, m_classes.value(item.label), m_classes.value(item.predicted))
            .arg(100.0 * item.confidence, 0, 'f', 1)
            .arg(item.loss, 0, 'f', 3);
    case LossRole:
        return item.loss;
    case ConfidenceRole:
        return item.confidence;
    case LabelRole:
        return item.label;
    case PredictedRole:
        return item.predicted;
    default:
        return {};
    }
}

PredictionFilter::PredictionFilter(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
}

void PredictionFilter::setMisclassifiedOnly(bool on)
{
    m_misclassifiedOnly = on;
    invalidateFilter();
}

void PredictionFilter::setTrueClass(int trueClass)
{
    m_trueClass = trueClass;
    invalidateFilter();
}

void PredictionFilter::setPredictedClass(int predictedClass)
{
    m_predictedClass = predictedClass;
    invalidateFilter();
}

void PredictionFilter::setConfidenceRange(double low, double high)
{
    m_low = low;
    m_high = high;
    invalidateFilter();
}

void PredictionFilter::setOrder(Order order)
{
    m_order = order;
    invalidate();
    sort(order == Order::Dataset ? -1 : 0);
}

QList<int> PredictionFilter::shownRows() const
{
    QList<int> rows;
    for (int row = 0; row < rowCount(); ++row)
        rows << mapToSource(index(row, 0)).row();
    return rows;
}

bool PredictionFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex item = sourceModel()->index(sourceRow, 0, sourceParent);
    const int label = item.data(PredictionGalleryModel::LabelRole).toInt();
    const int predicted = item.data(PredictionGalleryModel::PredictedRole).toInt();
    const double confidence = item.data(PredictionGalleryModel::ConfidenceRole).toDouble();
    if (m_misclassifiedOnly && label == predicted)
        return false;
    if (m_trueClass >= 0 && label != m_trueClass)
        return false;
    if (m_predictedClass >= 0 && predicted != m_predictedClass)
        return false;
    return confidence >= m_low && confidence <= m_high;
}

bool PredictionFilter::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    switch (m_order) {
    case Order::LossDescending: // the top losses first
        return left.data(PredictionGalleryModel::LossRole).toDouble() >
               right.data(PredictionGalleryModel::LossRole).toDouble();
    case Order::ConfidenceAscending:
        return left.data(PredictionGalleryModel::ConfidenceRole).toDouble() <
               right.data(PredictionGalleryModel::ConfidenceRole).toDouble();
    case Order::ConfidenceDescending:
        return left.data(PredictionGalleryModel::ConfidenceRole).toDouble() >
               right.data(PredictionGalleryModel::ConfidenceRole).toDouble();
    case Order::Dataset:
        break;
    }
    return left.row() < right.row();
}

} // namespace fovea::widgets
