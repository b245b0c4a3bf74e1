#pragma once

#include <QAbstractListModel>
#include <QCache>
#include <QImage>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QStringList>

namespace fovea::widgets {

/// The pictures of a dataset for a thumbnail grid that stays smooth with 100 000 of them:
/// thumbnails are asked for (thumbnailWanted) only when a view paints their row, and kept in a
/// bounded cache; rows without one yet show their name.
class DatasetThumbnailModel : public QAbstractListModel {
    Q_OBJECT

public:
    static constexpr int LabelRole = Qt::UserRole + 1;

    explicit DatasetThumbnailModel(QObject* parent = nullptr);

    /// `names[i]` is row i's caption (a file name), `labels[i]` its class.
    void setSamples(const QStringList& classNames, const QStringList& names,
                    const QList<int>& labels);
    void setThumbnail(int row, const QImage& thumbnail);
    /// Row `row`'s request went unanswered (dropped as stale): a later paint asks again.
    void forgetRequest(int row);
    int requestedCount() const { return m_requestedTotal; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// A view wants row `row`'s thumbnail (asked once per row until it arrives or is evicted).
    void thumbnailWanted(int row) const;

private:
    QStringList m_classes;
    QStringList m_names;
    QList<int> m_labels;
    mutable QCache<int, QImage> m_thumbnails{4000}; ///< about 4000 × 64² × 4 bytes = 64 MB
    mutable QSet<int> m_requested;
    mutable int m_requestedTotal = 0;
};

/// Shows the rows of one class (or all, −1).
class ClassFilter : public QSortFilterProxyModel {
    Q_OBJECT

public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setLabel(int label);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    int m_label = -1;
};

} // namespace fovea::widgets
