#include "fovea_widgets/TopClassesDelegate.h"

#include "fovea_widgets/ClassificationResultsModel.h"

#include <QApplication>
#include <QPainter>

namespace fovea::widgets {

void TopClassesDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                               const QModelIndex& index) const
{
    // The selection / hover background first, as every other cell.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &background, painter,
                                       option.widget);

    const QStringList classes =
        index.data(ClassificationResultsModel::TopFiveClassesRole).toStringList();
    const QList<double> probabilities =
        index.data(ClassificationResultsModel::TopFiveProbabilitiesRole).value<QList<double>>();
    if (classes.isEmpty())
        return;
    painter->save();
    const QFontMetrics metrics(option.font);
    const int lineHeight = metrics.height();
    const QRect area = option.rect.adjusted(4, 2, -4, -2);
    const int nameWidth =
        std::min(area.width() / 3, metrics.horizontalAdvance(QLatin1Char('M')) * 10);
    const int percentWidth = metrics.horizontalAdvance(QStringLiteral("100.0 %"));
    const int barWidth = std::max(10, area.width() - nameWidth - percentWidth - 12);
    const QColor barColor = option.palette.color(QPalette::Highlight);
    for (int i = 0; i < classes.size(); ++i) {
        const int top = area.top() + i * lineHeight;
        if (top + lineHeight > area.bottom() + 1)
            break;
        const double p = std::clamp(probabilities.value(i), 0.0, 1.0);
        const QRect nameRect(area.left(), top, nameWidth, lineHeight);
        painter->setPen(option.palette.color(QPalette::Text));
        painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                          metrics.elidedText(classes[i], Qt::ElideRight, nameWidth));
        const QRect track(nameRect.right() + 6, top + 2, barWidth, lineHeight - 4);
        painter->fillRect(track, option.palette.color(QPalette::AlternateBase));
        painter->fillRect(
            QRect(track.left(), track.top(), int(std::lround(p * track.width())), track.height()),
            i == 0 ? barColor : barColor.lighter(140));
        painter->drawText(QRect(track.right() + 6, top, percentWidth, lineHeight),
                          Qt::AlignRight | Qt::AlignVCenter,
                          QStringLiteral("%1 %").arg(100.0 * p, 0, 'f', 1));
    }
    painter->restore();
}

QSize TopClassesDelegate::sizeHint(const QStyleOptionViewItem& option,
                                   const QModelIndex& index) const
{
    const int lines = std::max<qsizetype>(
        1, index.data(ClassificationResultsModel::TopFiveClassesRole).toStringList().size());
    return {260, int(lines) * QFontMetrics(option.font).height() + 4};
}

} // namespace fovea::widgets
