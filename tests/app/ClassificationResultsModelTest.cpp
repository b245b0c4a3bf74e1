// The Classify page's CSV export: RFC 4180 quoting, the same as fovea-cli predict's, and the
// order a sorted view gives.
#include "fovea_widgets/ClassificationResultsModel.h"

#include <QObject>
#include <QTest>

using fovea::widgets::ClassificationResultsModel;
using fovea::widgets::ClassificationRow;

class ClassificationResultsModelTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fieldsAreQuotedWhereNeeded();
    void rowsFollowTheGivenOrder();
};

namespace {

ClassificationRow row(const QString& path, const QString& top, double probability)
{
    ClassificationRow result;
    result.path = path;
    result.classes = {top};
    result.probabilities = {probability};
    return result;
}

} // namespace

void ClassificationResultsModelTest::fieldsAreQuotedWhereNeeded()
{
    ClassificationResultsModel model;
    model.addRow(row(QStringLiteral("/p/plain.png"), QStringLiteral("cat"), 0.5));
    model.addRow(row(QStringLiteral("/p/a, \"b\".png"), QStringLiteral(" dog"), 0.25));
    const QStringList lines = model.toCsv().split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines[0].startsWith(QStringLiteral("file,class_1,probability_1,")));
    QVERIFY2(lines[1].startsWith(QStringLiteral("/p/plain.png,cat,0.500000")),
             qPrintable(lines[1]));
    // A comma and quotes: quoted, quotes doubled; an edge space: quoted so no reader trims it.
    QVERIFY2(lines[2].startsWith(QStringLiteral("\"/p/a, \"\"b\"\".png\",\" dog\",0.250000")),
             qPrintable(lines[2]));
}

void ClassificationResultsModelTest::rowsFollowTheGivenOrder()
{
    ClassificationResultsModel model;
    model.addRow(row(QStringLiteral("first.png"), QStringLiteral("a"), 0.1));
    model.addRow(row(QStringLiteral("second.png"), QStringLiteral("b"), 0.9));
    const QStringList lines = model.toCsv({1, 0}).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines[1].startsWith(QStringLiteral("second.png,")));
    QVERIFY(lines[2].startsWith(QStringLiteral("first.png,")));
}

QTEST_MAIN(ClassificationResultsModelTest)
#include "ClassificationResultsModelTest.moc"
