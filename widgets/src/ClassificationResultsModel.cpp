#include "fovea_widgets/ClassificationResultsModel.h"

#include <QFileInfo>

namespace fovea::widgets {
namespace {

constexpr int kTopK = 5;

// The rule of the engine's fovea::csvField (which this layer may not link), so that the GUI's
// export and fovea-cli predict write the same fields.
QString csvField(const QString& text)
{
    const bool edgeSpace = text.startsWith(QLatin1Char(' ')) || text.endsWith(QLatin1Char(' '));
    if (!edgeSpace && !text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace

ClassificationResultsModel::ClassificationResultsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ClassificationResultsModel::addRow(const ClassificationRow& row)
{
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
    m_rows.push_back(row);
    endInsertRows();
}

bool ClassificationResultsModel::replaceRows(const ClassificationRow& row)
{
    bool replaced = false;
    for (int i = 0; i < int(m_rows.size()); ++i) {
        if (m_rows[i].path != row.path)
            continue;
        m_rows[i] = row;
        Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
        replaced = true;
    }
    return replaced;
}

void ClassificationResultsModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int ClassificationResultsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClassificationResultsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClassificationResultsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ClassificationRow& row = m_rows.at(index.row());
    const bool classified = !row.classes.isEmpty();
    switch (index.column()) {
    case File:
        if (role == Qt::DisplayRole || role == SortRole)
            return QFileInfo(row.path).fileName();
        if (role == Qt::ToolTipRole)
            return row.path;
        if (role == Qt::DecorationRole && !row.thumbnail.isNull())
            return row.thumbnail;
        break;
    case Prediction:
        if ((role == Qt::DisplayRole || role == SortRole) && classified)
            return row.classes.front();
        break;
    case Probability:
        if (role == Qt::DisplayRole && classified)
            return QStringLiteral("%1 %").arg(100.0 * row.probabilities.front(), 0, 'f', 1);
        if (role == SortRole && classified)
            return row.probabilities.front();
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case TopFive:
        if (role == TopFiveClassesRole)
            return row.classes;
        if (role == TopFiveProbabilitiesRole)
            return QVariant::fromValue(row.probabilities);
        if (role == Qt::ToolTipRole || role == SortRole) {
            QStringList parts;
            for (int i = 0; i < row.classes.size(); ++i)
                parts << QStringLiteral("%1 %2 %")
                             .arg(row.classes[i])
                             .arg(100.0 * row.probabilities.value(i), 0, 'f', 1);
            return parts.join(QStringLiteral(", "));
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant ClassificationResultsModel::headerData(int section, Qt::Orientation orientation,
                                                int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case File:
        return tr("Image");
    case Prediction:
        return tr("Prediction");
    case Probability:
        return tr("Probability");
    case TopFive:
        return tr("Top 5");
    default:
        return {};
    }
}

QString ClassificationResultsModel::toCsv(const QList<int>& order) const
{
    QStringList header{QStringLiteral("file")};
    for (int k = 1; k <= kTopK; ++k)
        header << QStringLiteral("class_%1").arg(k) << QStringLiteral("probability_%1").arg(k);
    QString csv = header.join(QLatin1Char(',')) + QLatin1Char('\n');
    QList<int> rows = order;
    if (rows.isEmpty())
        for (int i = 0; i < m_rows.size(); ++i)
            rows << i;
    for (const int index : rows) {
        const ClassificationRow& row = m_rows.at(index);
        QStringList fields{csvField(row.path)};
        for (int k = 0; k < kTopK; ++k) {
            if (k < row.classes.size())
                fields << csvField(row.classes[k])
                       << QString::number(row.probabilities.value(k), 'f', 6);
            else
                fields << QString() << QString();
        }
        csv += fields.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return csv;
}

} // namespace fovea::widgets
