#pragma once

#include <QStyledItemDelegate>

namespace fovea::widgets {

/// Paints a cell's top classes as horizontal probability bars, one line each (class name, bar,
/// percentage), from ClassificationResultsModel's TopFiveClassesRole / ProbabilitiesRole.
class TopClassesDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace fovea::widgets
