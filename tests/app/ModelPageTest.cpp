// The Model page: the registry in a filterable table; choosing an architecture, a head and a
// frozen stage describes what training will build (parameter counts equal to the engine's own
// model, stage summary, training-state memory) and sets the run's config; importing a state
// dict for another class count reports the loaded tensors and the fresh head.
#include "MainWindow.h"
#include "ModelController.h"
#include "RunSettingsPanel.h"
#include "fovea/ArchitectureRegistry.h"
#include "fovea/Model.h"
#include "fovea_widgets/ModelView.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using fovea::app::MainWindow;
using fovea::app::ModelController;

class ModelPageTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tableListsTheRegistryAndFilters();
    void choicesDescribeWhatTrainingBuilds();
    void importReportsLoadedAndFreshTensors();
    void theTrainPagesNetworkIsTheModelPages();

private:
    /// Waits for the page's next description; its details.
    static fovea::widgets::ModelDetails nextDetails(MainWindow& window);
};

fovea::widgets::ModelDetails ModelPageTest::nextDetails(MainWindow& window)
{
    // The description of what the page shows now (an earlier request may still be answered
    // first: the newest one comes after it).
    const fovea::widgets::ModelChoice wanted = window.modelView()->choice();
    auto matches = [&wanted](const fovea::widgets::ModelChoice& c) {
        return c.architecture == wanted.architecture && c.head == wanted.head &&
               c.dropout == wanted.dropout && c.compactStem == wanted.compactStem &&
               c.freezeUpTo == wanted.freezeUpTo && c.inputSize == wanted.inputSize;
    };
    QSignalSpy ready(window.modelController(), &ModelController::detailsReady);
    const bool arrived = QTest::qWaitFor(
        [&] {
            return !ready.isEmpty() &&
                   matches(ready.last().at(0).value<fovea::widgets::ModelChoice>());
        },
        60'000);
    if (!arrived)
        return {};
    return ready.last().at(1).value<fovea::widgets::ModelDetails>();
}

void ModelPageTest::tableListsTheRegistryAndFilters()
{
    MainWindow window;
    QTableWidget* table = window.modelView()->table();
    QCOMPARE(table->rowCount(), int(fovea::architectures().size()));
    window.modelView()->filter()->setText("resnet");
    int shown = 0;
    for (int r = 0; r < table->rowCount(); ++r) {
        if (table->isRowHidden(r))
            continue;
        ++shown;
        QVERIFY(table->item(r, 0)->text().contains("resnet", Qt::CaseInsensitive) ||
                table->item(r, 1)->text().contains("resnet", Qt::CaseInsensitive));
    }
    QVERIFY(shown >= 5 && shown < table->rowCount());
}

void ModelPageTest::choicesDescribeWhatTrainingBuilds()
{
    MainWindow window;
    window.show();
    fovea::widgets::ModelView* view = window.modelView();
    view->selectArchitecture("resnet18");
    fovea::widgets::ModelDetails details = nextDetails(window);
    fovea::ModelOptions options;
    options.numClasses = 10;
    QCOMPARE(details.parameters, qint64(fovea::Model("resnet18", options).parameterCount(false)));
    QCOMPARE(details.trainable, details.parameters);
    QCOMPARE(details.stages.size(),
             qsizetype(fovea::Model("resnet18", options).stageNames().size()));
    QCOMPARE(view->stageTable()->rowCount(), int(details.stages.size()));
    QVERIFY(view->parameterLabel()->text().contains("MiB"));
    QCOMPARE(window.settingsPanel()->config().architecture, std::string("resnet18"));
    // The layer summary's output shapes, measured at the input training will use (the
    // architecture's 224 px when the settings leave it to the dataset and it is not IDX).
    QCOMPARE(details.inputSize, 224);
    QCOMPARE(details.stageShapes.value(int(details.stages.indexOf("layer4"))),
             QStringLiteral("512 × 7 × 7"));
    QCOMPARE(view->stageTable()->item(int(details.stages.indexOf("fc")), 3)->text(),
             QStringLiteral("10"));
    QVERIFY(details.activationBytesPerImage > 10 * 1024 * 1024); // ~21 MiB for resnet18
    // The training memory counts a batch's activations: doubling the batch adds one more.
    fovea::TrainingConfig config = window.settingsPanel()->config();
    config.batchSize = 64;
    window.settingsPanel()->setConfig(config);
    const qint64 at64 = view->trainingMemoryBytes();
    QVERIFY(view->parameterLabel()->text().contains("batch 64"));
    config.batchSize = 128;
    window.settingsPanel()->setConfig(config);
    QCOMPARE(view->trainingMemoryBytes() - at64, 64 * details.activationBytesPerImage);
    // Another input size is measured again: a quarter of the pixels.
    config.inputSize = 112;
    window.settingsPanel()->setConfig(config);
    const fovea::widgets::ModelDetails smaller = nextDetails(window);
    QCOMPARE(smaller.inputSize, 112);
    QCOMPARE(smaller.stageShapes.value(int(smaller.stages.indexOf("layer4"))),
             QStringLiteral("512 × 4 × 4"));
    QVERIFY(smaller.activationBytesPerImage < details.activationBytesPerImage / 3);
    QCOMPARE(view->inputSizeBox()->value(), 112); // the Model page shows the Train page's size
    // ... and sets it: the run's config follows and the description is measured there.
    view->inputSizeBox()->setValue(160);
    QCOMPARE(window.settingsPanel()->config().inputSize, 160);
    QCOMPARE(nextDetails(window).inputSize, 160);
    config = window.settingsPanel()->config();
    config.inputSize = 0;
    window.settingsPanel()->setConfig(config);
    details = nextDetails(window);

    // A VGG-style head: many more parameters, the same count as the engine's.
    view->headBox()->setCurrentIndex(1);
    details = nextDetails(window);
    options.head.kind = fovea::HeadOptions::Kind::FullyConnected;
    QCOMPARE(details.parameters, qint64(fovea::Model("resnet18", options).parameterCount(false)));
    QCOMPARE(window.settingsPanel()->config().head, std::string("fc"));

    // Frozen up to layer2: those stages stop training.
    const int layer2 = view->freezeBox()->findText("layer2");
    QVERIFY(layer2 > 0);
    view->freezeBox()->setCurrentIndex(layer2);
    details = nextDetails(window);
    QVERIFY(details.trainable < details.parameters);
    const int index = int(details.stages.indexOf("layer2"));
    QCOMPARE(details.stageTrainable.value(index), 0);
    QCOMPARE(details.stageTrainable.value(int(details.stages.indexOf("layer3"))),
             details.stageParameters.value(int(details.stages.indexOf("layer3"))));
    QCOMPARE(window.settingsPanel()->config().freezeUpTo, std::string("layer2"));
    const QString folder = qEnvironmentVariable("FOVEA_SCREENSHOT_DIR");
    if (!folder.isEmpty() && QDir().mkpath(folder)) {
        window.pages()->setCurrentWidget(view);
        QApplication::processEvents();
        window.grab().save(QDir(folder).filePath("model-page.png"));
    }
}

void ModelPageTest::importReportsLoadedAndFreshTensors()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // ImageNet-shaped weights (1000 classes), as torchvision's would be.
    const QString weights = dir.filePath("resnet18-imagenet.pt");
    fovea::Model("resnet18").exportWeights(weights.toStdString());
    MainWindow window;
    fovea::widgets::ModelView* view = window.modelView();
    view->selectArchitecture("resnet18");
    nextDetails(window);
    QSignalSpy imported(window.modelController(), &ModelController::importReady);
    window.modelController()->importWeights(view->choice(), 10, 224, weights);
    QVERIFY(imported.wait(60'000));
    const QStringList loaded = imported.first().at(1).toStringList();
    const QStringList fresh = imported.first().at(3).toStringList();
    QVERIFY(loaded.size() > 50);
    QVERIFY(fresh.contains("fc.weight") && fresh.contains("fc.bias"));
    QVERIFY(!loaded.contains("fc.weight"));
    QVERIFY(view->importReport()->count() >= 3); // the summary line and the two fresh tensors
    QCOMPARE(QString::fromStdString(window.settingsPanel()->config().weights), weights);
    QVERIFY(view->weightsInUseLabel()->text().contains(weights));
    // And back to fresh weights: the run no longer starts from the file.
    QVERIFY(view->clearWeightsButton()->isEnabled());
    QTest::mouseClick(view->clearWeightsButton(), Qt::LeftButton);
    QVERIFY(window.settingsPanel()->config().weights.empty());
    QCOMPARE(view->importReport()->count(), 0);
    QVERIFY(!view->weightsInUseLabel()->text().contains(weights));
    QVERIFY(!view->clearWeightsButton()->isEnabled());
}

// A network chosen on the Train page is the one the Model page shows and describes; a change
// made there afterwards keeps it (it used to put the Model page's older choice back).
void ModelPageTest::theTrainPagesNetworkIsTheModelPages()
{
    MainWindow window;
    window.show();
    fovea::widgets::ModelView* view = window.modelView();
    view->selectArchitecture("resnet18");
    QVERIFY(nextDetails(window).parameters > 0);
    QComboBox* trainBox = window.settingsPanel()->architectureBox();
    trainBox->setCurrentIndex(trainBox->findText(QStringLiteral("resnet9-w16")));
    QCOMPARE(view->choice().architecture, QStringLiteral("resnet9-w16"));
    const fovea::widgets::ModelDetails details = nextDetails(window);
    QCOMPARE(details.stages.value(1), QStringLiteral("layer1")); // resnet9-w16's stages
    view->freezeBox()->setCurrentIndex(view->freezeBox()->findText(QStringLiteral("layer1")));
    QCOMPARE(window.settingsPanel()->config().architecture, std::string("resnet9-w16"));
    QCOMPARE(window.settingsPanel()->config().freezeUpTo, std::string("layer1"));
}

QTEST_MAIN(ModelPageTest)
#include "ModelPageTest.moc"
