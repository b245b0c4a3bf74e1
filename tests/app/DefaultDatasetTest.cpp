#include "DefaultDataset.h"

#include "fovea/IdxDataset.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

class DefaultDatasetTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void systemDatasetIsPreferredWhenPresent()
    {
        QTemporaryDir dir;
        // Any folder holding train-images-idx3-ubyte counts as an installed dataset.
        QFile marker(dir.filePath(QStringLiteral("train-images-idx3-ubyte.gz")));
        QVERIFY(marker.open(QIODevice::WriteOnly));
        marker.close();
        QCOMPARE(fovea::app::defaultDatasetFolder(dir.path()), dir.path());
    }

    void embeddedSampleIsExtractedWhenTheSystemHasNone()
    {
        QTemporaryDir dir;
        const QString folder =
            fovea::app::defaultDatasetFolder(dir.filePath(QStringLiteral("absent")));
        QVERIFY(!folder.isEmpty());
        const fovea::IdxDataset sample = fovea::loadIdxDataset(folder.toStdString());
        QCOMPARE(sample.train.count, 1000);
        QCOMPARE(sample.test.count, 200);
        QCOMPARE(sample.train.rows, 28);
        QCOMPARE(sample.classNames.size(), std::size_t(10));
        QCOMPARE(QString::fromStdString(sample.classNames.at(9)), QStringLiteral("Ankle boot"));
    }
};

QTEST_GUILESS_MAIN(DefaultDatasetTest)
#include "DefaultDatasetTest.moc"
