#pragma once

#include <QAbstractTableModel>
#include <QImage>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace fovea::widgets {

/// One classified picture, as the results table shows it.
struct ClassificationRow {
    QString path;
    QImage thumbnail;
    /// The most probable classes first (at most five), with their probabilities.
    QStringList classes;
    QList<double> probabilities;
    bool tenCrops = false; ///< classified with ten crops averaged, not the centre crop
    bool inMemory = false; ///< a pasted picture: no file to read it again from
};

/// The results of drag-and-drop classification: one row per picture, sortable by any column
/// (numbers sort as numbers), exported as CSV.
class ClassificationResultsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { File, Prediction, Probability, TopFive, ColumnCount };
    /// Under this role the Top 5 column gives its classes (QStringList) and TopFiveProbabilities
    /// their probabilities (QList<double>), for the bar delegate.
    static constexpr int TopFiveClassesRole = Qt::UserRole + 1;
    static constexpr int TopFiveProbabilitiesRole = Qt::UserRole + 2;
    /// The value a column sorts by (the probability as a number, the file's name).
    static constexpr int SortRole = Qt::UserRole + 3;

    explicit ClassificationResultsModel(QObject* parent = nullptr);

    void addRow(const ClassificationRow& row);
    /// Gives every row of `row.path` the new result in place (the same file dropped twice has
    /// two rows); false when there is none.
    bool replaceRows(const ClassificationRow& row);
    void clear();
    const ClassificationRow& row(int index) const { return m_rows.at(index); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// "file,class_1,probability_1,…,class_5,probability_5", one line per row in the order
    /// given (a sorted view passes its order), probabilities with six decimals; fields with
    /// commas, quotes, line breaks or edge spaces are quoted as RFC 4180 says (as fovea-cli
    /// predict writes them).
    QString toCsv(const QList<int>& order = {}) const;

private:
    QList<ClassificationRow> m_rows;
};

} // namespace fovea::widgets

Q_DECLARE_METATYPE(fovea::widgets::ClassificationRow)
