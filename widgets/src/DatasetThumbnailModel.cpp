#include "fovea_widgets/DatasetThumbnailModel.h"

namespace fovea::widgets {
namespace {

const QImage& placeholder()
{
    static const QImage blank = [] {
        QImage image(64, 64, QImage::Format_RGB32);
        image.fill(QColor(235, 235, 235));
        return image;
    }();
    return blank;
}

} // namespace

DatasetThumbnailModel::DatasetThumbnailModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

void DatasetThumbnailModel::setSamples(const QStringList& classNames, const QStringList& names,
                                       const QList<int>& labels)
{
    beginResetModel();
    m_classes = classNames;
    m_names = names;
    m_labels = labels;
    m_thumbnails.clear();
    m_requested.clear();
    endResetModel();
}

void DatasetThumbnailModel::setThumbnail(int row, const QImage& thumbnail)
{
    if (row < 0 || row >= m_names.size())
        return;
    m_thumbnails.insert(row, new QImage(thumbnail));
    m_requested.remove(row);
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed, {Qt::DecorationRole});
}

void DatasetThumbnailModel::forgetRequest(int row)
{
    m_requested.remove(row);
}

int DatasetThumbnailModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_names.size());
}

QVariant DatasetThumbnailModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_names.size())
        return {};
    const int row = index.row();
    switch (role) {
    case Qt::DisplayRole:
        return m_classes.value(m_labels.value(row));
    case Qt::ToolTipRole:
        return QStringLiteral("%1\n%2").arg(m_names.value(row),
                                            m_classes.value(m_labels.value(row)));
    case Qt::DecorationRole:
        if (const QImage* thumbnail = m_thumbnails.object(row))
            return *thumbnail;
        // Painted but not loaded: ask once; the answer comes back through setThumbnail().
        // Meanwhile a blank tile of the same size keeps the grid's layout steady.
        if (!m_requested.contains(row)) {
            m_requested.insert(row);
            ++m_requestedTotal;
            Q_EMIT thumbnailWanted(row);
        }
        return placeholder();
    case LabelRole:
        return m_labels.value(row);
    default:
        return {};
    }
}

void ClassFilter::setLabel(int label)
{
    m_label = label;
    invalidateFilter();
}

bool ClassFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_label < 0)
        return true;
    return sourceModel()
               ->index(sourceRow, 0, sourceParent)
               .data(DatasetThumbnailModel::LabelRole)
               .toInt() == m_label;
}

} // namespace fovea::widgets
