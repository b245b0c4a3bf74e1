// The Data page: a generated folder-per-class dataset (with a broken file and a text file)
// scanned off the GUI thread: the class table with training / validation counts, the files
// left out with their reasons, the Train page's dataset following; the thumbnail grid loads only
// what it shows (a 100 000-picture IDX set asks for a small fraction, also after a jump to its end)
// and filters by class; a folder dropped on the Data page opens as a dataset.
#include "DatasetController.h"
#include "MainWindow.h"
#include "RunSettingsPanel.h"
#include "SyntheticIdx.h"
#include "fovea_widgets/DatasetView.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QDropEvent>
#include <QFile>
#include <QImage>
#include <QListView>
#include <QMimeData>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUrl>

using fovea::app::DatasetController;
using fovea::app::MainWindow;

class DataPageTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void aFolderDatasetIsScannedAndShown();
    void aTypedValidationFractionSplitsOnce();
    void theGridLoadsOnlyWhatItShows();
    void aFolderDroppedOnTheDataPageOpens();
    void aProjectOpenedDuringAScanKeepsItsDataset();

private:
    /// Opens `path` in `window` and waits for the scan to end; true when it opened.
    static bool openAndWait(MainWindow& window, const QString& path);

    QTemporaryDir m_dir;
    QString m_folder;
    QString m_idx;
    static constexpr int kPerClass[3] = {12, 8, 20};
};

void DataPageTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_folder = m_dir.filePath("shapes");
    const QStringList classes{"circle", "square", "star"};
    for (int c = 0; c < 3; ++c) {
        QVERIFY(QDir().mkpath(m_folder + "/" + classes[c]));
        for (int i = 0; i < kPerClass[c]; ++i) {
            QImage image(40 + i, 30 + c, QImage::Format_RGB888);
            image.fill(QColor(60 * c, 5 * i, 100));
            QVERIFY(image.save(QStringLiteral("%1/%2/%3.png").arg(m_folder, classes[c]).arg(i)));
        }
    }
    QFile broken(m_folder + "/square/broken.png");
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("\x89PNG\r\n\x1a\n not really");
    broken.close();
    QFile notes(m_folder + "/circle/notes.txt");
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write("not a picture");
    notes.close();

    fovea::testing::SyntheticIdxOptions options;
    options.trainCount = 100000; // the issue's "stays smooth with 100 000 images"
    options.gzip = false;        // 78 MB written quickly
    options.testCount = 100;
    options.size = 28;
    options.classes = 4;
    m_idx = m_dir.filePath("big-idx");
    fovea::testing::writeSyntheticIdxDataset(m_idx.toStdString(), options);
}

bool DataPageTest::openAndWait(MainWindow& window, const QString& path)
{
    QSignalSpy opened(window.datasetController(), &DatasetController::opened);
    QSignalSpy busy(window.datasetController(), &DatasetController::busyChanged);
    window.openDataset(path);
    return QTest::qWaitFor([&] { return !window.datasetController()->isScanning(); }, 60'000) &&
           opened.size() == 1;
}

void DataPageTest::aFolderDatasetIsScannedAndShown()
{
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, m_folder));
    QCOMPARE(window.pages()->currentWidget(), window.dataView());
    QTableWidget* table = window.dataView()->classTable();
    QCOMPARE(table->rowCount(), 3);
    for (int c = 0; c < 3; ++c) {
        const int train = table->item(c, 1)->text().toInt();
        const int validation = table->item(c, 2)->text().toInt();
        QCOMPARE(train + validation, kPerClass[c]); // the broken file is not counted
        QVERIFY(validation >= 1);                   // the default 10 % split, at least one each
    }
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("circle"));
    // The broken PNG is left out with its reason (the text file is not an image at all).
    QTreeWidget* rejected = window.dataView()->rejectedList();
    bool brokenListed = false;
    for (int i = 0; i < rejected->topLevelItemCount(); ++i)
        brokenListed |= rejected->topLevelItem(i)->text(0).endsWith("broken.png") &&
                        !rejected->topLevelItem(i)->text(1).isEmpty() &&
                        rejected->topLevelItem(i)->toolTip(0) == // the whole path, on hover
                            rejected->topLevelItem(i)->text(0);
    QVERIFY(brokenListed);
    // Training reads the dataset the page shows.
    QCOMPARE(QString::fromStdString(window.settingsPanel()->config().dataset), m_folder);
    // The class filter shows one class's pictures.
    window.dataView()->classBox()->setCurrentIndex(3); // item 0 is "every class"
    QCOMPARE(window.dataView()->classFilter()->rowCount(), kPerClass[2]);
    const QString folder = qEnvironmentVariable("FOVEA_SCREENSHOT_DIR");
    if (!folder.isEmpty() && QDir().mkpath(folder)) {
        window.dataView()->classBox()->setCurrentIndex(0);
        (void)QTest::qWaitFor(
            [&] { return window.dataView()->thumbnails()->requestedCount() > 0; });
        QSignalSpy thumbnails(window.datasetController(), &DatasetController::thumbnailReady);
        (void)QTest::qWaitFor([&] { return thumbnails.size() >= 20; }, 10'000);
        QApplication::processEvents();
        window.grab().save(QDir(folder).filePath("data-page.png"));
    }
}

// Typing "0.5" into the split box: one new split, at 0.5, once the value is typed out (it used
// to split at 0 on the first keystroke and then ignore the rest while that scan ran).
void DataPageTest::aTypedValidationFractionSplitsOnce()
{
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, m_folder));
    QDoubleSpinBox* box = window.dataView()->validationFractionBox();
    QSignalSpy opened(window.datasetController(), &DatasetController::opened);
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, QStringLiteral("0.5"));
    QCOMPARE(opened.size(), 0);
    QVERIFY(!window.datasetController()->isScanning()); // nothing split while typing
    QTest::keyClick(box, Qt::Key_Return);
    QVERIFY(QTest::qWaitFor([&] { return !window.datasetController()->isScanning(); }, 60'000));
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, 10'000);
    QTableWidget* table = window.dataView()->classTable();
    for (int c = 0; c < 3; ++c)
        QCOMPARE(table->item(c, 2)->text().toInt(), kPerClass[c] / 2);
    QCOMPARE(window.projectConfig().validationFraction, 0.5);
}

void DataPageTest::theGridLoadsOnlyWhatItShows()
{
    MainWindow window;
    window.resize(1200, 720);
    window.show();
    QVERIFY(openAndWait(window, m_idx));
    auto* model = window.dataView()->thumbnails();
    QCOMPARE(model->rowCount(), 100000);
    QSignalSpy ready(window.datasetController(), &DatasetController::thumbnailReady);
    // The grid paints its first screenful: those rows ask for thumbnails, and they arrive.
    QVERIFY(QTest::qWaitFor([&] { return ready.size() >= 10; }, 30'000));
    const int asked = model->requestedCount();
    qInfo("100000 rows: %d thumbnails asked for by the first paint", asked);
    QVERIFY(asked > 0 && asked < 1000);
    QVERIFY(!model->data(model->index(ready.first().first().toInt()), Qt::DecorationRole)
                 .value<QImage>()
                 .isNull());
    // Jumping to the end asks for the last screenful only, not the 99 000 rows in between.
    // (The grid lays out in batches: the last row can be scrolled to once it is laid out.)
    QListView* grid = window.dataView()->grid();
    const QModelIndex lastRow = grid->model()->index(grid->model()->rowCount() - 1, 0);
    QVERIFY(QTest::qWaitFor(
        [&] {
            grid->scrollTo(lastRow);
            return !ready.isEmpty() && ready.last().first().toInt() > 100000 - 1000;
        },
        30'000));
    const int afterScroll = model->requestedCount();
    qInfo("after scrolling to the end: %d thumbnails asked for in all", afterScroll);
    QVERIFY(afterScroll < 2 * asked + 200);
}

void DataPageTest::aFolderDroppedOnTheDataPageOpens()
{
    MainWindow window;
    window.show();
    window.pages()->setCurrentWidget(window.dataView());
    // The page opened itself on the Train page's dataset: wait for that first.
    QVERIFY(QTest::qWaitFor([&] { return !window.datasetController()->isScanning(); }, 60'000));
    QSignalSpy opened(window.datasetController(), &DatasetController::opened);
    QMimeData data;
    data.setUrls({QUrl::fromLocalFile(m_folder)});
    QDragEnterEvent enter(QPoint(100, 100), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(100, 100), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QVERIFY(drop.isAccepted());
    QVERIFY(QTest::qWaitFor([&] { return opened.size() == 1; }, 60'000));
    QCOMPARE(window.datasetController()->source(), m_folder);
    QCOMPARE(window.dataView()->classTable()->rowCount(), 3);
}

void DataPageTest::aProjectOpenedDuringAScanKeepsItsDataset()
{
    MainWindow window;
    window.show();
    const QString project = m_dir.filePath("folder-project.json");
    QFile file(project);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral(R"({"dataset": "%1", "epochs": 2})").arg(m_folder).toUtf8());
    file.close();
    // The Data page reads the big IDX set; the project, opened meanwhile, names the folder.
    window.openDataset(m_idx);
    QVERIFY(window.datasetController()->isScanning());
    QVERIFY(window.openProject(project));
    QVERIFY(QTest::qWaitFor(
        [&] {
            return !window.datasetController()->isScanning() &&
                   window.datasetController()->source() == m_folder &&
                   window.dataView()->classTable()->rowCount() == 3;
        },
        60'000));
    QCoreApplication::processEvents();
    // The old scan's end took nothing from the project.
    QCOMPARE(QString::fromStdString(window.settingsPanel()->config().dataset), m_folder);
    QVERIFY(!window.isProjectModified());
}

QTEST_MAIN(DataPageTest)
#include "DataPageTest.moc"
