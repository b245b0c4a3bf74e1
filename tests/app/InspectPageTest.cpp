// The Inspect page: a model trained on a generated IDX set (some test labels made wrong), evaluated
// on its test part on the worker; the confusion matrix, per-class table and gallery filled; a click
// on a confusion cell shows exactly that cell's pictures; "misclassified only", the confidence
// range and the top-losses order; a model file that is not one is reported; Grad-CAM peaks on the
// band that makes the class, and the page shows it for the selected picture.
#include "ClassificationController.h"
#include "InspectionController.h"
#include "MainWindow.h"
#include "RunSettingsPanel.h"
#include "SyntheticIdx.h"
#include "fovea/Classifier.h"
#include "fovea/Error.h"
#include "fovea/GradCam.h"
#include "fovea/Trainer.h"
#include "fovea_widgets/ConfusionMatrixView.h"
#include "fovea_widgets/InspectionView.h"

#include <QApplication>
#include <QCheckBox>
#include <QColor>
#include <QComboBox>
#include <QDir>
#include <QImage>
#include <QListView>
#include <QListWidget>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using fovea::app::ClassificationController;
using fovea::app::InspectionController;
using fovea::app::MainWindow;
using fovea::widgets::InspectionView;

class InspectPageTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pageNamesTheDatasetEvaluateUses();
    void evaluationFillsThePage();
    void aConfusionCellShowsExactlyItsPictures();
    void filtersAndOrder();
    void aBadModelFileIsReported();
    void aFailedEvaluationLeavesNoOldResults();
    void gradCamPeaksOnTheBand();
    void selectingAPictureShowsItsGradCam();
    void aRunsOwnSplitIsEvaluated();
    void choosingAnotherModelClearsTheResults();

private:
    /// A window with the Inspect page filled in.
    std::unique_ptr<MainWindow> inspectedWindow();

    QTemporaryDir m_dir;
    QString m_dataset;
    QString m_model;
    static constexpr int kTestCount = 48;
    static constexpr int kMislabelled = 5;
};

void InspectPageTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    fovea::testing::SyntheticIdxOptions options;
    options.trainCount = 256;
    options.testCount = kTestCount;
    options.size = 28;
    options.classes = 4;
    options.gzip = false; // plain files: the labels are patched below
    m_dataset = m_dir.filePath("synthetic");
    fovea::testing::writeSyntheticIdxDataset(m_dataset.toStdString(), options);
    // The bands are easy to learn: give the first kMislabelled test pictures the next class's
    // label, so the matrix holds known confusions off its diagonal.
    QFile labels(m_dataset + "/t10k-labels-idx1-ubyte");
    QVERIFY(labels.open(QIODevice::ReadWrite));
    QByteArray bytes = labels.readAll();
    QCOMPARE(bytes.size(), 8 + kTestCount); // IDX1 header, then one byte per label
    for (int i = 0; i < kMislabelled; ++i)
        bytes[8 + i] = char((bytes[8 + i] + 1) % 4);
    QVERIFY(labels.seek(0));
    QCOMPARE(labels.write(bytes), bytes.size());
    labels.close();
    // A short run: most pictures right, some wrong, so the matrix has both.
    fovea::TrainingConfig config;
    config.dataset = m_dataset.toStdString();
    config.architecture = "small-cnn";
    config.epochs = 2;
    config.batchSize = 16;
    config.learningRate = 0.05;
    config.threads = 1;
    config.loaderWorkers = 1;
    config.runsFolder = m_dir.filePath("runs").toStdString();
    std::atomic<bool> stop{false};
    fovea::TrainingObserver quiet;
    const fovea::RunResult result = fovea::Trainer(config).run(quiet, stop);
    m_model = QString::fromStdString(result.modelFile);
    QVERIFY(QFile::exists(m_model));
}

std::unique_ptr<MainWindow> InspectPageTest::inspectedWindow()
{
    auto window = std::make_unique<MainWindow>();
    window->show();
    QSignalSpy evaluated(window->inspection(), &InspectionController::evaluated);
    QSignalSpy finished(window->inspection(), &InspectionController::finished);
    window->inspectModel(m_model, m_dataset);
    if (!finished.wait(60'000) || evaluated.size() != 1)
        return nullptr;
    QApplication::processEvents();
    return window;
}

void InspectPageTest::pageNamesTheDatasetEvaluateUses()
{
    MainWindow window;
    window.show();
    fovea::TrainingConfig config = window.settingsPanel()->config();
    config.dataset = m_dataset.toStdString();
    window.settingsPanel()->setConfig(config);
    InspectionView* view = window.inspectionView();
    QVERIFY(view->datasetDescription().isEmpty());
    // Nothing chosen on the page: it names what Evaluate would use, the Train page's dataset.
    window.pages()->setCurrentWidget(view);
    QCOMPARE(view->datasetDescription(), m_dataset);
    QVERIFY(view->modelDescription().isEmpty()); // no model trained or chosen yet
    // Before any evaluation, every box shows something ("any true class", …), none is blank.
    for (const QComboBox* box : view->findChildren<QComboBox*>())
        QVERIFY2(!box->currentText().isEmpty(), qPrintable(box->objectName()));
    // It follows the Train page until a dataset is chosen here.
    config.dataset = "/somewhere/else";
    window.settingsPanel()->setConfig(config);
    window.pages()->setCurrentIndex(0);
    window.pages()->setCurrentWidget(view);
    QCOMPARE(view->datasetDescription(), QString("/somewhere/else"));
    // A model loaded for the Classify page (as a finished run's is) while this page is shown.
    QSignalSpy ready(window.classification(), &ClassificationController::modelReady);
    window.classification()->setModelFile(m_model);
    QVERIFY(ready.wait(30'000));
    QCOMPARE(view->modelDescription(), m_model);
}

void InspectPageTest::evaluationFillsThePage()
{
    const auto window = inspectedWindow();
    QVERIFY(window);
    InspectionView* view = window->inspectionView();
    QCOMPARE(window->pages()->currentWidget(), view);
    QCOMPARE(view->gallery()->rowCount(), kTestCount);
    QCOMPARE(view->galleryFilter()->rowCount(), kTestCount);
    auto* matrix = view->confusionMatrix()->matrix();
    QCOMPARE(matrix->rowCount(), 4);
    qint64 total = 0;
    for (int t = 0; t < 4; ++t)
        for (int p = 0; p < 4; ++p)
            total += matrix->count(t, p);
    QCOMPARE(total, qint64(kTestCount));
    // Every gallery item agrees with the matrix: it is counted in its (true, predicted) cell.
    QMap<QPair<int, int>, qint64> cells;
    for (int row = 0; row < view->gallery()->rowCount(); ++row) {
        const auto& item = view->gallery()->item(row);
        ++cells[{item.label, item.predicted}];
        QVERIFY(item.confidence > 0.0 && item.confidence <= 1.0);
        QVERIFY(item.loss >= 0.0);
        QVERIFY(!item.thumbnail.isNull());
    }
    for (auto it = cells.begin(); it != cells.end(); ++it)
        QCOMPARE(it.value(), matrix->count(it.key().first, it.key().second));
    const QString folder = qEnvironmentVariable("FOVEA_SCREENSHOT_DIR");
    if (!folder.isEmpty() && QDir().mkpath(folder))
        window->grab().save(QDir(folder).filePath("inspect-page.png"));
}

void InspectPageTest::aConfusionCellShowsExactlyItsPictures()
{
    const auto window = inspectedWindow();
    QVERIFY(window);
    InspectionView* view = window->inspectionView();
    fovea::widgets::ConfusionMatrixView* table = view->confusionMatrix();
    auto* matrix = table->matrix();
    // Each non-empty cell, clicked as a user would.
    int clicked = 0;
    for (int t = 0; t < 4; ++t)
        for (int p = 0; p < 4; ++p) {
            if (matrix->count(t, p) == 0)
                continue;
            const QRect cell = table->visualRect(matrix->index(t, p));
            QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
            const QList<int> shown = view->galleryFilter()->shownRows();
            QCOMPARE(qint64(shown.size()), matrix->count(t, p));
            for (const int row : shown) {
                QCOMPARE(view->gallery()->item(row).label, t);
                QCOMPARE(view->gallery()->item(row).predicted, p);
            }
            ++clicked;
        }
    QVERIFY(clicked >= 2);
    // The most-confused pairs list leads to the same pictures.
    QVERIFY(view->confusedPairs()->count() > 0);
    {
        QListWidgetItem* first = view->confusedPairs()->item(0);
        const QRect rect = view->confusedPairs()->visualItemRect(first);
        QTest::mouseClick(view->confusedPairs()->viewport(), Qt::LeftButton, {}, rect.center());
        const int t = view->galleryFilter()->trueClass();
        const int p = view->galleryFilter()->predictedClass();
        QVERIFY(t != p && t >= 0 && p >= 0);
        QCOMPARE(qint64(view->galleryFilter()->rowCount()), matrix->count(t, p));
    }
}

void InspectPageTest::filtersAndOrder()
{
    const auto window = inspectedWindow();
    QVERIFY(window);
    InspectionView* view = window->inspectionView();
    auto* matrix = view->confusionMatrix()->matrix();
    qint64 right = 0;
    for (int c = 0; c < 4; ++c)
        right += matrix->count(c, c);
    QVERIFY(kTestCount - right >= kMislabelled); // the patched labels at least
    view->misclassifiedOnlyBox()->setChecked(true);
    QCOMPARE(qint64(view->galleryFilter()->rowCount()), kTestCount - right);
    for (const int row : view->galleryFilter()->shownRows())
        QVERIFY(view->gallery()->item(row).label != view->gallery()->item(row).predicted);
    view->misclassifiedOnlyBox()->setChecked(false);

    view->orderBox()->setCurrentIndex(1); // top losses first
    const QList<int> order = view->galleryFilter()->shownRows();
    QCOMPARE(order.size(), kTestCount);
    for (int i = 1; i < order.size(); ++i)
        QVERIFY(view->gallery()->item(order[i]).loss <= view->gallery()->item(order[i - 1]).loss);

    view->galleryFilter()->setConfidenceRange(0.0, 0.4);
    for (const int row : view->galleryFilter()->shownRows())
        QVERIFY(view->gallery()->item(row).confidence <= 0.4);
}

void InspectPageTest::aFailedEvaluationLeavesNoOldResults()
{
    const auto window = inspectedWindow(); // the good model's results shown
    QVERIFY(window);
    InspectionView* view = window->inspectionView();
    QVERIFY(view->gallery()->rowCount() > 0);
    const int narrowest = window->minimumSizeHint().width();
    QSignalSpy finished(window->inspection(), &InspectionController::finished);
    // In a deep folder: the error names the whole path.
    // ... and one name of 200 characters, without a slash to break at.
    const QString deep = m_dir.filePath(QString("a-folder-with-a-long-name/").repeated(6) +
                                        QString(200, QLatin1Char('x')) + "/");
    QVERIFY(QDir().mkpath(deep));
    const QString notAModel = deep + "not-a-model.pt";
    QFile bytes(notAModel);
    QVERIFY(bytes.open(QIODevice::WriteOnly));
    bytes.write("not a model");
    bytes.close();
    window->inspectModel(notAModel, m_dataset);
    QVERIFY(finished.wait(30'000));
    QApplication::processEvents();
    // Under "Model: <not a model>", none of the previous model's figures or pictures.
    QCOMPARE(view->modelDescription(), notAModel);
    QCOMPARE(view->gallery()->rowCount(), 0);
    QCOMPARE(view->confusionMatrix()->matrix()->rowCount(), 0);
    // The error (the file's whole path and why) wraps: the window needs no more width.
    QVERIFY2(window->minimumSizeHint().width() <= narrowest,
             qPrintable(
                 QStringLiteral("%1 > %2").arg(window->minimumSizeHint().width()).arg(narrowest)));
    const QString folder = qEnvironmentVariable("FOVEA_SCREENSHOT_DIR");
    if (!folder.isEmpty() && QDir().mkpath(folder)) {
        window->pages()->setCurrentWidget(view);
        QApplication::processEvents();
        window->grab().save(QDir(folder).filePath("inspect-long-error.png"));
    }
}

void InspectPageTest::aBadModelFileIsReported()
{
    InspectionController controller;
    QSignalSpy failed(&controller, &InspectionController::failed);
    QSignalSpy finished(&controller, &InspectionController::finished);
    const QString notAModel = m_dir.filePath("synthetic/train-labels-idx1-ubyte.gz");
    QVERIFY(controller.evaluate(notAModel, m_dataset, 0.1, 0));
    QVERIFY(finished.wait(30'000));
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.first().first().toString().contains("train-labels-idx1-ubyte.gz"),
             qPrintable(failed.first().first().toString()));
}

void InspectPageTest::gradCamPeaksOnTheBand()
{
    // SyntheticIdx's class k is a bright band over rows [7k, 7k + 7) of a dark 28 px picture.
    const fovea::Classifier classifier(m_model.toStdString());
    for (int k = 0; k < 4; ++k) {
        fovea::Image picture;
        picture.width = picture.height = 28;
        picture.rgb.assign(28 * 28 * 3, 20);
        for (int y = 7 * k; y < 7 * k + 7; ++y)
            std::fill_n(picture.rgb.begin() + y * 28 * 3, 28 * 3, std::uint8_t(230));
        const fovea::GradCamMap map = fovea::gradCam(classifier, picture, k);
        QCOMPARE(map.size, 28);
        QCOMPARE(map.values.size(), std::size_t(28 * 28));
        QCOMPARE(map.classIndex, k);
        QCOMPARE(map.input.width, 28);
        double inside = 0.0;
        double outside = 0.0;
        double peak = 0.0;
        int peakRow = -1;
        for (int y = 0; y < 28; ++y) {
            double row = 0.0;
            for (int x = 0; x < 28; ++x)
                row += map.values[std::size_t(y * 28 + x)] / 28.0;
            (y >= 7 * k && y < 7 * k + 7 ? inside : outside) += row;
            if (row > peak) {
                peak = row;
                peakRow = y;
            }
        }
        inside /= 7.0;
        outside /= 21.0;
        qInfo("class %d: Grad-CAM mean %.3f on its band, %.3f elsewhere, peak row %d", k, inside,
              outside, peakRow);
        QCOMPARE(*std::max_element(map.values.begin(), map.values.end()), 1.0f);
        QVERIFY(inside > outside);
        // The brightest row lies on the band (one row of slack: the map is upsampled from a
        // coarser feature map).
        QVERIFY2(peakRow >= 7 * k - 1 && peakRow <= 7 * k + 7,
                 qPrintable(QString::number(peakRow)));
    }
    // The predicted class when none is named; a class outside the model's is an error.
    fovea::Image blank;
    blank.width = blank.height = 28;
    blank.rgb.assign(28 * 28 * 3, 20);
    const fovea::GradCamMap predicted = fovea::gradCam(classifier, blank);
    const std::vector<float> probabilities = classifier.classify(blank);
    QCOMPARE(
        predicted.classIndex,
        int(std::max_element(probabilities.begin(), probabilities.end()) - probabilities.begin()));
    QVERIFY_THROWS_EXCEPTION(fovea::Error, fovea::gradCam(classifier, blank, 4));
}

void InspectPageTest::selectingAPictureShowsItsGradCam()
{
    const auto window = inspectedWindow();
    QVERIFY(window);
    InspectionView* view = window->inspectionView();
    QSignalSpy ready(window->inspection(), &InspectionController::gradCamReady);
    QListView* gallery = view->galleryView();
    gallery->setCurrentIndex(gallery->model()->index(2, 0));
    QVERIFY(ready.wait(30'000));
    QCOMPARE(ready.first().at(0).toInt(), 2); // the gallery row asked for
    QCOMPARE(ready.first().at(1).value<QImage>().size(), QSize(28, 28));
    const auto& item = view->gallery()->item(2);
    const QStringList& names = view->gallery()->classNames();
    QVERIFY(ready.first().at(2).toString().contains(names.value(item.predicted)));
    // Another class chosen: a second map, for that class.
    const int other = (item.predicted + 1) % 4;
    view->gradCamClassBox()->setCurrentIndex(1 + other); // item 0 is "predicted"
    QVERIFY(ready.wait(30'000));
    QVERIFY2(ready.last().at(2).toString().contains(names.value(other)),
             qPrintable(ready.last().at(2).toString()));
    const QString folder = qEnvironmentVariable("FOVEA_SCREENSHOT_DIR");
    if (!folder.isEmpty() && QDir().mkpath(folder)) {
        QApplication::processEvents();
        window->grab().save(QDir(folder).filePath("inspect-gradcam.png"));
    }
}

// A folder without a val/ part is split by a fraction: Inspect evaluates a run's model on the
// pictures that run held out (its config.json's fraction), not on the project's default split.
void InspectPageTest::aRunsOwnSplitIsEvaluated()
{
    const QString folder = m_dir.filePath("colours");
    for (const QString& colour : {QStringLiteral("red"), QStringLiteral("blue")}) {
        QVERIFY(QDir(folder).mkpath(colour));
        for (int i = 0; i < 20; ++i) {
            QImage picture(16, 16, QImage::Format_RGB888);
            picture.fill(QColor(colour).darker(100 + 5 * i));
            QVERIFY(picture.save(QStringLiteral("%1/%2/%3.png").arg(folder, colour).arg(i)));
        }
    }
    fovea::TrainingConfig config;
    config.dataset = folder.toStdString();
    config.architecture = "small-cnn";
    config.inputSize = 16;
    config.epochs = 1;
    config.batchSize = 8;
    config.threads = 1;
    config.validationFraction = 0.3; // 6 of each class's 20
    config.runsFolder = m_dir.filePath("colour-runs").toStdString();
    std::atomic<bool> stop{false};
    fovea::TrainingObserver quiet;
    const fovea::RunResult run = fovea::Trainer(config).run(quiet, stop);

    MainWindow window; // its project keeps the default fraction, 0.1
    window.show();
    QVERIFY(window.projectConfig().validationFraction != config.validationFraction);
    QSignalSpy finished(window.inspection(), &InspectionController::finished);
    window.inspectModel(QString::fromStdString(run.modelFile), folder);
    QVERIFY(finished.wait(60'000));
    QCOMPARE(window.inspectionView()->gallery()->rowCount(), 12);
}

// Results belong to the model and dataset named with them: naming another model clears them
// (they used to stay, under the new model's name).
void InspectPageTest::choosingAnotherModelClearsTheResults()
{
    const auto window = inspectedWindow();
    QVERIFY(window);
    InspectionView* view = window->inspectionView();
    QCOMPARE(view->gallery()->rowCount(), kTestCount);
    window->chooseInspection(m_model, m_dataset); // the same: the results stay
    QCOMPARE(view->gallery()->rowCount(), kTestCount);
    const QString other = m_dir.filePath("other-model.pt");
    QVERIFY(QFile::copy(m_model, other) || QFile::exists(other));
    window->chooseInspection(other, m_dataset);
    QCOMPARE(view->modelDescription(), other);
    QCOMPARE(view->gallery()->rowCount(), 0);
    QCOMPARE(view->confusionMatrix()->matrix()->rowCount(), 0);
}

QTEST_MAIN(InspectPageTest)
#include "InspectPageTest.moc"
