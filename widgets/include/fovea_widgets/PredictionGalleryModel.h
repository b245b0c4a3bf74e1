#pragma once

#include <QAbstractListModel>
#include <QImage>
#include <QList>
#include <QSortFilterProxyModel>
#include <QStringList>

namespace fovea::widgets {

/// One evaluated picture in the gallery.
struct GalleryItem {
    qint64 index = 0; ///< the picture's place in the evaluated set
    QString source;   ///< file path (or IDX file and index)
    int label = 0;
    int predicted = 0;
    double confidence = 0.0; ///< probability of `predicted`
    double loss = 0.0;
    QImage thumbnail;
};

/// The validation pictures with their true and predicted classes, for a gallery view.
class PredictionGalleryModel : public QAbstractListModel {
    Q_OBJECT

public:
    static constexpr int LossRole = Qt::UserRole + 1;
    static constexpr int ConfidenceRole = Qt::UserRole + 2;
    static constexpr int LabelRole = Qt::UserRole + 3;
    static constexpr int PredictedRole = Qt::UserRole + 4;

    using QAbstractListModel::QAbstractListModel;

    void setItems(const QStringList& classNames, const QList<GalleryItem>& items);
    const GalleryItem& item(int row) const { return m_items.at(row); }
    const QStringList& classNames() const { return m_classes; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    QStringList m_classes;
    QList<GalleryItem> m_items;
};

/// Which gallery pictures are shown, and in what order.
class PredictionFilter : public QSortFilterProxyModel {
    Q_OBJECT

public:
    enum class Order { Dataset, LossDescending, ConfidenceAscending, ConfidenceDescending };

    explicit PredictionFilter(QObject* parent = nullptr);

    void setMisclassifiedOnly(bool on);
    /// Pictures of true class `trueClass` (−1: any).
    void setTrueClass(int trueClass);
    /// Pictures predicted as `predictedClass` (−1: any).
    void setPredictedClass(int predictedClass);
    /// Pictures whose confidence lies in [low, high].
    void setConfidenceRange(double low, double high);
    void setOrder(Order order);

    bool misclassifiedOnly() const { return m_misclassifiedOnly; }
    int trueClass() const { return m_trueClass; }
    int predictedClass() const { return m_predictedClass; }
    /// The gallery items shown, as rows of the source model, in display order.
    QList<int> shownRows() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    bool m_misclassifiedOnly = false;
    int m_trueClass = -1;
    int m_predictedClass = -1;
    double m_low = 0.0;
    double m_high = 1.0;
    Order m_order = Order::Dataset;
};

} // namespace fovea::widgets
