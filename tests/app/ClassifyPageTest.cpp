// The Classify page: a model file loaded on the worker; files and folders dropped on the main
// window (synthesised QDropEvents with file URLs: a mix of pictures, a folder with a
// sub-folder, a non-image file the folder scan passes over, and a broken file named directly)
// classified with thumbnails and top-5 probabilities; the broken file listed with its reason;
// sorting and the CSV export; cancel; the GUI thread keeps running while a folder is
// classified; a picture in memory (paste) classified; the Crops page: every crop of each scheme
// with its own prediction and their average, opened from a double-click on a result.
#include "ClassificationController.h"
#include "MainWindow.h"
#include "fovea/Model.h"
#include "fovea/ModelFile.h"
#include "fovea_widgets/ClassificationView.h"
#include "fovea_widgets/TestTimeCropsView.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QImage>
#include <QMimeData>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>

using fovea::app::ClassificationController;
using fovea::app::MainWindow;
using fovea::widgets::ClassificationView;

namespace {

QImage stripes(int width, int height, int seed)
{
    QImage image(width, height, QImage::Format_RGB888);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            image.setPixelColor(x, y,
                                QColor((x * 7 + seed * 40) % 256, (y * 5 + seed * 90) % 256,
                                       ((x + y) * 3 + seed * 20) % 256));
    return image;
}

void drop(QWidget& target, const QStringList& paths)
{
    QMimeData data;
    QList<QUrl> urls;
    for (const QString& path : paths)
        urls << QUrl::fromLocalFile(path);
    data.setUrls(urls);
    const QPointF centre = QRectF(target.rect()).center();
    QDragEnterEvent enter(centre.toPoint(), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&target, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent dropEvent(centre, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&target, &dropEvent);
    QVERIFY(dropEvent.isAccepted());
}

} // namespace

class ClassifyPageTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void droppedFilesAndFoldersAreClassified();
    void sortingOrdersTheExport();
    void cancelEndsAFolderEarlyAndTheWindowKeepsRunning();
    void aDropRightAfterCancelIsClassified();
    void aThousandFilesKeepTheWindowResponsive();
    void aPictureInMemoryIsClassified();
    void theTenCropSwitchClassifiesTheListedFilesAgain();
    void aCancelledSwitchIsRedoneByTheNext();
    void aBrokenModelFileIsReported();
    void cropsPageShowsEveryCropOfEachScheme_data();
    void cropsPageShowsEveryCropOfEachScheme();
    void doubleClickingAResultOpensItsCrops();

private:
    /// A window whose Classify page has the test model loaded.
    std::unique_ptr<MainWindow> windowWithModel();
    static void saveScreenshot(QWidget& widget, const QString& name);

    QTemporaryDir m_dir;
    QString m_model;
    QString m_folder;
    QString m_broken;
    QString m_loose;
    QString m_many;
};

void ClassifyPageTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // An untrained small CNN is enough: the page shows whatever the model says.
    fovea::ModelOptions options;
    options.numClasses = 5; // top 5 is every class: averages can be checked
    fovea::Model model("small-cnn", options);
    fovea::ModelFileInfo info;
    info.architecture = "small-cnn";
    info.classNames = {"circle", "square", "triangle", "star", "cross"};
    info.inputSize = 28;
    info.options = options;
    m_model = m_dir.filePath("model.pt");
    fovea::saveModelFile(m_model.toStdString(), model, info);

    m_folder = m_dir.filePath("pictures");
    QVERIFY(QDir().mkpath(m_folder + "/more"));
    QVERIFY(stripes(40, 30, 1).save(m_folder + "/a.png"));
    QVERIFY(stripes(64, 64, 2).save(m_folder + "/b.jpg"));
    QVERIFY(stripes(20, 50, 3).save(m_folder + "/more/c.bmp"));
    QFile notes(m_folder + "/notes.txt"); // not an image name: the folder scan passes over it
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write("not a picture");
    notes.close();
    m_loose = m_dir.filePath("loose.png");
    QVERIFY(stripes(33, 33, 4).save(m_loose));
    m_broken = m_dir.filePath("broken.png");
    QFile broken(m_broken);
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("\x89PNG\r\n\x1a\n this is not the rest of a PNG");
    broken.close();
    // A folder of 1 000 small pictures, as in "dropping 1 000 files".
    m_many = m_dir.filePath("many");
    QVERIFY(QDir().mkpath(m_many));
    for (int i = 0; i < 1000; ++i)
        QVERIFY(stripes(48, 48, i).save(
            QStringLiteral("%1/%2.png").arg(m_many).arg(i, 4, 10, QLatin1Char('0'))));
}

std::unique_ptr<MainWindow> ClassifyPageTest::windowWithModel()
{
    auto window = std::make_unique<MainWindow>();
    window->show();
    QSignalSpy ready(window->classification(), &ClassificationController::modelReady);
    window->classification()->setModelFile(m_model);
    if (!ready.wait(30'000))
        return nullptr;
    return window;
}

void ClassifyPageTest::saveScreenshot(QWidget& widget, const QString& name)
{
    const QString folder = qEnvironmentVariable("FOVEA_SCREENSHOT_DIR");
    if (folder.isEmpty() || !QDir().mkpath(folder))
        return;
    QApplication::processEvents(); // layouts show widgets added to them by a queued call
    widget.grab().save(QDir(folder).filePath(name));
}

void ClassifyPageTest::droppedFilesAndFoldersAreClassified()
{
    const auto window = windowWithModel();
    QVERIFY(window);
    QSignalSpy finished(window->classification(), &ClassificationController::finished);
    drop(*window, {m_folder, m_loose, m_broken});
    QVERIFY(finished.wait(60'000));
    QCOMPARE(finished.first().first().toBool(), false);
    QCOMPARE(window->pages()->currentWidget(), window->classificationView());

    ClassificationView* view = window->classificationView();
    auto* results = view->results();
    QCOMPARE(results->rowCount(), 4); // a.png, b.jpg, more/c.bmp, loose.png
    QStringList files;
    for (int i = 0; i < results->rowCount(); ++i) {
        const auto& row = results->row(i);
        files << QDir(m_dir.path()).relativeFilePath(row.path);
        QCOMPARE(row.classes.size(), 5);
        QCOMPARE(row.probabilities.size(), 5);
        QVERIFY(!row.thumbnail.isNull());
        QVERIFY(row.thumbnail.width() <= 64 && row.thumbnail.height() <= 64);
        double sum = 0.0;
        for (int k = 0; k < 5; ++k) {
            sum += row.probabilities[k];
            if (k > 0)
                QVERIFY(row.probabilities[k] <= row.probabilities[k - 1]);
        }
        QVERIFY(std::abs(sum - 1.0) < 1e-5);
    }
    QCOMPARE(files,
             (QStringList{"pictures/a.png", "pictures/b.jpg", "pictures/more/c.bmp", "loose.png"}));
    QCOMPARE(view->failureCount(), 1);
    const QString reason = view->failureReason(m_broken);
    QVERIFY2(reason.contains("broken.png"), qPrintable(reason));
    saveScreenshot(*window, "classify-page.png");
}

void ClassifyPageTest::sortingOrdersTheExport()
{
    const auto window = windowWithModel();
    QVERIFY(window);
    QSignalSpy finished(window->classification(), &ClassificationController::finished);
    drop(*window, {m_folder, m_loose});
    QVERIFY(finished.wait(60'000));
    ClassificationView* view = window->classificationView();
    // Click the Probability header: highest first on the second click (Qt starts ascending).
    QHeaderView* header = view->table()->horizontalHeader();
    const int x =
        header->sectionViewportPosition(fovea::widgets::ClassificationResultsModel::Probability) +
        5;
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    const QList<int> ascending = view->displayedOrder();
    QCOMPARE(ascending.size(), 4);
    for (int i = 1; i < ascending.size(); ++i)
        QVERIFY(view->results()->row(ascending[i]).probabilities.front() >=
                view->results()->row(ascending[i - 1]).probabilities.front());

    const QString csvPath = m_dir.filePath("export.csv");
    QVERIFY(view->exportCsv(csvPath));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    QCOMPARE(lines.front(),
             QStringLiteral("file,class_1,probability_1,class_2,probability_2,class_3,"
                            "probability_3,class_4,probability_4,class_5,probability_5"));
    for (int i = 0; i < ascending.size(); ++i) {
        const auto& row = view->results()->row(ascending[i]);
        const QStringList fields = lines[i + 1].split(',');
        QCOMPARE(fields.size(), 11);
        QCOMPARE(fields[0], row.path);
        QCOMPARE(fields[1], row.classes.front());
        QVERIFY(std::abs(fields[2].toDouble() - row.probabilities.front()) < 1e-6);
    }
}

void ClassifyPageTest::cancelEndsAFolderEarlyAndTheWindowKeepsRunning()
{
    const QString many = m_many;
    const int count = 1000;
    const auto window = windowWithModel();
    QVERIFY(window);
    ClassificationController* controller = window->classification();
    // A timer on the GUI thread: it keeps firing while the worker classifies.
    int ticks = 0;
    QTimer probe;
    QElapsedTimer sinceTick;
    qint64 longestGap = 0; // the GUI thread's longest wait between two ticks (a figure, not a test)
    sinceTick.start();
    connect(&probe, &QTimer::timeout, [&] {
        ++ticks;
        longestGap = std::max(longestGap, sinceTick.restart());
    });
    probe.start(5);
    QSignalSpy progress(controller, &ClassificationController::progress);
    QSignalSpy finished(controller, &ClassificationController::finished);
    drop(*window, {many});
    QVERIFY(controller->isBusy());
    // Cancel once a few pictures are done.
    QVERIFY(QTest::qWaitFor([&] { return progress.size() >= 20; }, 60'000));
    const int ticksWhileBusy = ticks;
    controller->cancel();
    QVERIFY(finished.wait(60'000));
    QCOMPARE(finished.first().first().toBool(), true);
    const int classified = window->classificationView()->results()->rowCount();
    qInfo("cancelled after %d of %d pictures; the GUI timer fired %d times meanwhile, longest "
          "gap %lld ms",
          classified, count, ticksWhileBusy, longestGap);
    QVERIFY(classified >= 19 && classified < count);
    QVERIFY(ticksWhileBusy >= 3);
    QVERIFY(!controller->isBusy());
    // The next drop works again.
    QSignalSpy again(controller, &ClassificationController::finished);
    drop(*window, {m_loose});
    QVERIFY(again.wait(60'000));
    QCOMPARE(again.first().first().toBool(), false);
    QCOMPARE(window->classificationView()->results()->rowCount(), classified + 1);
}

void ClassifyPageTest::aDropRightAfterCancelIsClassified()
{
    const auto window = windowWithModel();
    QVERIFY(window);
    ClassificationController* controller = window->classification();
    QSignalSpy progress(controller, &ClassificationController::progress);
    QSignalSpy finished(controller, &ClassificationController::finished);
    drop(*window, {m_many});
    QVERIFY(QTest::qWaitFor([&] { return progress.size() >= 5; }, 60'000));
    // Cancel, and drop another picture while the worker is still on the folder's current one:
    // the Cancel is for the folder, not for what comes after it.
    controller->cancel();
    drop(*window, {m_loose});
    QVERIFY(finished.wait(60'000));
    QApplication::processEvents();
    bool looseClassified = false;
    const auto* results = window->classificationView()->results();
    for (int row = 0; row < results->rowCount(); ++row)
        looseClassified =
            looseClassified || results->index(row, 0).data(Qt::ToolTipRole).toString() == m_loose;
    QVERIFY2(looseClassified, "the picture dropped after Cancel was skipped");
    QVERIFY(results->rowCount() < 1000 + 1);
}

void ClassifyPageTest::aThousandFilesKeepTheWindowResponsive()
{
    const QString many = m_many;
    const auto window = windowWithModel();
    QVERIFY(window);
    // A 5 ms timer on the GUI thread records its longest wait while all 1 000 are classified
    // and shown: were the work on the GUI thread, the wait would be the whole job.
    QElapsedTimer sinceTick;
    qint64 longestGap = 0;
    int ticks = 0;
    QTimer probe;
    connect(&probe, &QTimer::timeout, [&] {
        ++ticks;
        longestGap = std::max(longestGap, sinceTick.restart());
    });
    QSignalSpy finished(window->classification(), &ClassificationController::finished);
    QElapsedTimer job;
    job.start();
    sinceTick.start();
    probe.start(5);
    drop(*window, {many});
    QVERIFY(finished.wait(120'000));
    probe.stop();
    const qint64 jobMs = job.elapsed();
    QCOMPARE(window->classificationView()->results()->rowCount(), 1000);
    qInfo("1000 pictures classified in %lld ms; the GUI timer fired %d times, longest gap %lld ms",
          jobMs, ticks, longestGap);
    QVERIFY(ticks >= 10);
    QVERIFY(longestGap < std::max<qint64>(1000, jobMs / 4));
}

void ClassifyPageTest::aPictureInMemoryIsClassified()
{
    const auto window = windowWithModel();
    QVERIFY(window);
    QSignalSpy finished(window->classification(), &ClassificationController::finished);
    window->classification()->classifyImage(stripes(50, 40, 9), "pasted image");
    QVERIFY(finished.wait(60'000));
    QCOMPARE(window->classificationView()->results()->rowCount(), 1);
    const auto& row = window->classificationView()->results()->row(0);
    QCOMPARE(row.path, QStringLiteral("pasted image"));
    QCOMPARE(row.classes.size(), 5);
}

void ClassifyPageTest::theTenCropSwitchClassifiesTheListedFilesAgain()
{
    // The probabilities of each listed file, by path.
    auto probabilitiesOf = [](const MainWindow& window) {
        QMap<QString, QList<double>> byPath;
        const auto* results = window.classificationView()->results();
        for (int i = 0; i < results->rowCount(); ++i)
            byPath.insert(results->row(i).path, results->row(i).probabilities);
        return byPath;
    };
    // What ten crops give: a window that had the switch on before the drop.
    const auto reference = windowWithModel();
    QVERIFY(reference);
    auto* referenceCrops = reference->classificationView()->findChild<QCheckBox*>();
    QVERIFY(referenceCrops);
    referenceCrops->setChecked(true);
    QSignalSpy referenceDone(reference->classification(), &ClassificationController::finished);
    drop(*reference, {m_folder, m_loose});
    QVERIFY(referenceDone.wait(60'000));
    const QMap<QString, QList<double>> tenCrops = probabilitiesOf(*reference);
    QCOMPARE(tenCrops.size(), 4);

    const auto window = windowWithModel();
    QVERIFY(window);
    QSignalSpy finished(window->classification(), &ClassificationController::finished);
    drop(*window, {m_folder, m_loose});
    QVERIFY(finished.wait(60'000));
    window->classification()->classifyImage(stripes(50, 40, 9), "pasted image");
    QVERIFY(finished.wait(60'000));
    const QMap<QString, QList<double>> centre = probabilitiesOf(*window);
    QCOMPARE(centre.size(), 5);
    QVERIFY(centre.value(m_loose) != tenCrops.value(m_loose)); // the two ways differ here

    finished.clear();
    window->classificationView()->findChild<QCheckBox*>()->setChecked(true);
    QVERIFY2(
        window->statusBar()->currentMessage().startsWith(QStringLiteral("Classifying 4 listed")),
        qPrintable(window->statusBar()->currentMessage()));
    QVERIFY(finished.wait(60'000));
    // The same rows, the files' now as ten crops give them; the pasted picture as it was.
    QCOMPARE(window->classificationView()->results()->rowCount(), 5);
    const QMap<QString, QList<double>> after = probabilitiesOf(*window);
    for (auto file = tenCrops.begin(); file != tenCrops.end(); ++file)
        QVERIFY2(after.value(file.key()) == file.value(), qPrintable(file.key()));
    QCOMPARE(after.value(QStringLiteral("pasted image")), centre.value("pasted image"));
}

void ClassifyPageTest::aCancelledSwitchIsRedoneByTheNext()
{
    const auto window = windowWithModel();
    QVERIFY(window);
    QSignalSpy finished(window->classification(), &ClassificationController::finished);
    drop(*window, {m_many});
    QVERIFY(finished.wait(120'000));
    const auto* results = window->classificationView()->results();
    QCOMPARE(results->rowCount(), 1000);
    auto* crops = window->classificationView()->findChild<QCheckBox*>();
    // Switched, and cancelled at once: most rows keep their centre-crop results, and say so.
    finished.clear();
    crops->setChecked(true);
    window->classification()->cancel();
    QVERIFY(finished.wait(120'000));
    QVERIFY(finished.first().first().toBool()); // cancelled
    QVERIFY2(window->statusBar()->currentMessage().contains(QStringLiteral("keep the results")),
             qPrintable(window->statusBar()->currentMessage()));
    // Switched back: every listed file is classified again (none left out by the cancel), and
    // every row then says it was classified the way the switch says.
    finished.clear();
    crops->setChecked(false);
    QVERIFY2(
        window->statusBar()->currentMessage().startsWith(QStringLiteral("Classifying 1000 listed")),
        qPrintable(window->statusBar()->currentMessage()));
    QVERIFY(finished.wait(120'000));
    QCOMPARE(results->rowCount(), 1000);
    for (int i = 0; i < results->rowCount(); ++i)
        QVERIFY2(!results->row(i).tenCrops, qPrintable(results->row(i).path));
}

void ClassifyPageTest::aBrokenModelFileIsReported()
{
    ClassificationController controller;
    QSignalSpy failed(&controller, &ClassificationController::modelFailed);
    controller.setModelFile(m_broken);
    QVERIFY(failed.wait(30'000));
    QCOMPARE(failed.first().at(0).toString(), m_broken);
    QVERIFY2(failed.first().at(1).toString().contains("broken.png"),
             qPrintable(failed.first().at(1).toString()));
    QVERIFY(!controller.hasModel());
}

void ClassifyPageTest::cropsPageShowsEveryCropOfEachScheme_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<int>("count");
    QTest::newRow("centre") << "center" << 1;
    QTest::newRow("five") << "five" << 5;
    QTest::newRow("ten") << "ten" << 10;
    QTest::newRow("multi-scale") << "multi" << 30;
}

void ClassifyPageTest::cropsPageShowsEveryCropOfEachScheme()
{
    QFETCH(QString, scheme);
    QFETCH(int, count);
    const auto window = windowWithModel();
    QVERIFY(window);
    fovea::widgets::TestTimeCropsView* view = window->cropsView();
    view->setScheme(scheme);
    QCOMPARE(view->scheme(), scheme);
    QSignalSpy ready(window->classification(), &ClassificationController::cropsReady);
    const QString picture = m_folder + "/b.jpg"; // 64 × 64
    window->inspectCrops(picture);
    QVERIFY(ready.wait(30'000));
    QCOMPARE(window->pages()->currentWidget(), view);
    QCOMPARE(view->tileCount(), count);
    QVERIFY(!view->annotatedPicture().isNull());

    // Each tile: a crop of the network's input size, a box with area, its own five classes; the
    // mirrored ones are the second five of every ten, with the boxes of the first five.
    const QList<fovea::widgets::CropTile>& tiles = view->tiles();
    QMap<QString, double> mean;
    for (int i = 0; i < tiles.size(); ++i) {
        const auto& tile = tiles[i];
        QCOMPARE(tile.image.size(), QSize(28, 28));
        QVERIFY(tile.box.width() > 0 && tile.box.height() > 0);
        QCOMPARE(tile.flipped, count >= 10 && i % 10 >= 5);
        if (tile.flipped)
            QCOMPARE(tile.box, tiles[i - 5].box);
        QCOMPARE(tile.classes.size(), 5);
        for (int c = 0; c < 5; ++c)
            mean[tile.classes[c]] += tile.probabilities[c] / tiles.size();
    }
    if (count == 5 || count == 10) {
        const QStringList positions{"center", "top-left", "top-right", "bottom-left",
                                    "bottom-right"};
        for (int i = 0; i < 5; ++i)
            QVERIFY2(tiles[i].label.startsWith(positions[i]), qPrintable(tiles[i].label));
    }
    // The averaged prediction shown is the mean of the tiles'.
    const QStringList classes = ready.first().at(3).toStringList();
    const QList<double> probabilities = ready.first().at(4).value<QList<double>>();
    QCOMPARE(classes.size(), 5);
    for (int c = 0; c < 5; ++c)
        QVERIFY(std::abs(probabilities[c] - mean.value(classes[c])) < 1e-5);
    saveScreenshot(*window, QStringLiteral("crops-page-%1.png").arg(scheme));
}

void ClassifyPageTest::doubleClickingAResultOpensItsCrops()
{
    const auto window = windowWithModel();
    QVERIFY(window);
    QSignalSpy finished(window->classification(), &ClassificationController::finished);
    drop(*window, {m_loose});
    QVERIFY(finished.wait(60'000));
    QTableView* table = window->classificationView()->table();
    QSignalSpy ready(window->classification(), &ClassificationController::cropsReady);
    const QRect cell = table->visualRect(table->model()->index(0, 1));
    // A double-click as a mouse gives it: the press selects the row, the double-click opens it.
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QVERIFY(ready.wait(30'000));
    QCOMPARE(ready.first().first().toString(), m_loose);
    QCOMPARE(window->pages()->currentWidget(), window->cropsView());
}

QTEST_MAIN(ClassifyPageTest)
#include "ClassifyPageTest.moc"
