// The workbench from end to end, as a user goes through it: a generated dataset opened on
// the Data page, a model chosen on the Model page, the augmentation edited on the Augment page
// (its preview changes), one epoch trained with the Train button (the curves fill in), a
// longer run stopped with Stop (it ends within an epoch, saying so), the project saved and
// reopened identically in a new window. With FOVEA_SCREENSHOT_DIR set, every page is saved.
#include "AugmentationPreviewController.h"
#include "DatasetController.h"
#include "MainWindow.h"
#include "ModelController.h"
#include "RunSettingsPanel.h"
#include "SyntheticIdx.h"
#include "TrainingController.h"
#include "fovea_widgets/AugmentationEditor.h"
#include "fovea_widgets/DatasetView.h"
#include "fovea_widgets/LiveCurvePlot.h"
#include "fovea_widgets/ModelView.h"
#include "fovea_widgets/RunHistoryView.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using fovea::app::MainWindow;

namespace {

bool sameImages(const QList<QImage>& a, const QList<QImage>& b)
{
    if (a.size() != b.size())
        return false;
    for (int i = 0; i < a.size(); ++i)
        if (a[i] != b[i])
            return false;
    return true;
}

void saveEveryPage(MainWindow& window, const QString& prefix)
{
    const QString folder = qEnvironmentVariable("FOVEA_SCREENSHOT_DIR");
    if (folder.isEmpty() || !QDir().mkpath(folder))
        return;
    const int shown = window.pages()->currentIndex();
    for (int page = 0; page < window.pages()->count(); ++page) {
        window.pages()->setCurrentIndex(page);
        window.curvePlot()->replotIfDirty();
        window.learningRatePlot()->replotIfDirty();
        QApplication::processEvents();
        const QString name = window.pages()->tabText(page).toLower().remove(QLatin1Char('&'));
        window.grab().save(QDir(folder).filePath(QStringLiteral("%1-%2.png").arg(prefix, name)));
    }
    window.pages()->setCurrentIndex(shown);
}

} // namespace

class WorkbenchEndToEndTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void aProjectFromDataToTrainedModel();
};

void WorkbenchEndToEndTest::aProjectFromDataToTrainedModel()
{
    QTemporaryDir dir;
    const QString data = dir.filePath(QStringLiteral("stripes"));
    fovea::testing::SyntheticIdxOptions options;
    options.trainCount = 512;
    options.testCount = 128;
    options.size = 28;
    options.classes = 4;
    fovea::testing::writeSyntheticIdxDataset(data.toStdString(), options);

    MainWindow window;
    window.resize(1400, 860);
    window.show();
    const QString project = dir.filePath(QStringLiteral("stripes.json"));
    QVERIFY(window.saveProjectTo(project)); // runs go beside it from here on

    // Data: the folder opened, its classes counted.
    QSignalSpy opened(window.datasetController(), &fovea::app::DatasetController::opened);
    window.openDataset(data);
    QVERIFY(QTest::qWaitFor([&] { return !opened.isEmpty(); }, 60000));
    QCOMPARE(window.dataView()->classTable()->rowCount(), 4);
    QCOMPARE(window.settingsPanel()->config().dataset, data.toStdString());

    // Model: resnet18 looked at, then small-cnn chosen; each description arrives.
    QSignalSpy described(window.modelController(), &fovea::app::ModelController::detailsReady);
    window.pages()->setCurrentWidget(window.modelView());
    for (const QString name : {QStringLiteral("resnet18"), QStringLiteral("small-cnn")}) {
        window.modelView()->selectArchitecture(name);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return !described.isEmpty() &&
                       described.last().at(0).value<fovea::widgets::ModelChoice>().architecture ==
                           name;
            },
            60000));
    }
    QCOMPARE(window.settingsPanel()->config().architecture, std::string("small-cnn"));

    // Augment: a padded random crop added; its preview changes when its padding changes.
    fovea::app::AugmentationPreviewController* preview = window.augmentationPreview();
    window.pages()->setCurrentWidget(window.augmentationEditor());
    QSignalSpy previews(preview, &fovea::app::AugmentationPreviewController::previewReady);
    window.augmentationEditor()->setSteps({});
    window.augmentationEditor()->addStep(QStringLiteral("random_crop"));
    QVERIFY(previews.wait(30000));
    const QList<QImage> before = previews.last().at(0).value<QList<QImage>>();
    QVERIFY(!before.isEmpty());
    auto* padding = qobject_cast<QSpinBox*>(
        window.augmentationEditor()->parameterEditor(QStringLiteral("padding")));
    QVERIFY(padding); // a whole number of pixels
    padding->setValue(padding->value() + 6);
    QVERIFY(previews.wait(30000));
    QVERIFY(!sameImages(before, previews.last().at(0).value<QList<QImage>>()));
    QCOMPARE(window.projectConfig().augmentation.steps.size(), std::size_t(1));
    QVERIFY(window.isProjectModified());

    // Train: one epoch with the Train button; the curves fill in and the run is listed.
    fovea::TrainingConfig config = window.settingsPanel()->config();
    config.epochs = 1;
    config.batchSize = 32;
    config.threads = 1;
    window.settingsPanel()->setConfig(config);
    window.pages()->setCurrentIndex(2);
    QSignalSpy finished(window.controller(), &fovea::app::TrainingController::finished);
    QTest::mouseClick(window.trainButton(), Qt::LeftButton);
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.last().at(0).toBool(), false); // not stopped
    QCOMPARE(finished.last().at(1).toInt(), 1);
    QVERIFY(window.curvePlot()->pointCount(MainWindow::TrainingLoss) > 0);
    QCOMPARE(window.curvePlot()->pointCount(MainWindow::ValidationAccuracy), 1);
    QVERIFY(window.learningRatePlot()->pointCount(0) > 0);
    QVERIFY(!window.timeLabel()->text().isEmpty());
    const QString firstRun = finished.last().at(3).toString();
    QVERIFY(firstRun.startsWith(dir.path())); // beside the project ("runs" is relative)
    QTRY_COMPARE_WITH_TIMEOUT(window.runHistory()->list()->topLevelItemCount(), 1, 10000);
    saveEveryPage(window, QStringLiteral("workbench"));

    // Stop: a 50-epoch run stopped after its first progress report ends early, saying so.
    config.epochs = 50;
    window.settingsPanel()->setConfig(config);
    window.pages()->setCurrentIndex(2);
    // The first run's worker is joined (the button enabled again) shortly after its end.
    QTRY_VERIFY_WITH_TIMEOUT(window.trainButton()->isEnabled(), 60000);
    QSignalSpy progress(window.controller(), &fovea::app::TrainingController::batchProgress);
    QTest::mouseClick(window.trainButton(), Qt::LeftButton);
    QVERIFY(progress.wait(60000));
    QVERIFY(window.stopButton()->isEnabled());
    QTest::mouseClick(window.stopButton(), Qt::LeftButton);
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.last().at(0).toBool(), true);
    QVERIFY(finished.last().at(1).toInt() < 50);
    QTRY_VERIFY(window.trainButton()->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(window.runHistory()->list()->topLevelItemCount(), 2, 10000);

    // Save; a new window opens the project with every page as it was.
    QVERIFY(window.saveProjectTo(project));
    const fovea::TrainingConfig saved = window.projectConfig();
    MainWindow reopened;
    QVERIFY(reopened.openProject(project));
    QVERIFY(reopened.projectConfig() == saved);
    QVERIFY(!reopened.isProjectModified());
    QCOMPARE(reopened.modelView()->choice().architecture, QStringLiteral("small-cnn"));
    QCOMPARE(reopened.augmentationEditor()->steps().size(), 1);
    QCOMPARE(reopened.augmentationEditor()->steps().front().kind, QStringLiteral("random_crop"));
    QCOMPARE(reopened.runsFolder(), window.runsFolder());
    QTRY_COMPARE_WITH_TIMEOUT(reopened.runHistory()->list()->topLevelItemCount(), 2, 10000);
}

QTEST_MAIN(WorkbenchEndToEndTest)
#include "WorkbenchEndToEndTest.moc"
