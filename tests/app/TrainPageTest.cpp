// The Train page's hyper-parameters and learning-rate plot: the settings reach the run's config,
// and before a run the plot previews the schedule they give (the engine's curve: cosine with
// warm-up rises then falls to the minimum, step holds then drops); Pause follows the run.
#include "MainWindow.h"
#include "RunSettingsPanel.h"
#include "SyntheticIdx.h"
#include "TrainingController.h"
#include "fovea/Error.h"
#include "fovea/LearningRateSchedule.h"
#include "fovea_widgets/LiveCurvePlot.h"
#include "fovea_widgets/QCustomPlotInclude.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using fovea::app::MainWindow;

namespace {

/// The plot's learning-rate points, (epoch, rate).
QList<QPointF> ratePoints(MainWindow& window)
{
    const std::vector<QPointF>& all = window.learningRatePlot()->points(0);
    return QList<QPointF>(all.begin(), all.end());
}

} // namespace

class TrainPageTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void settingsReachTheConfig();
    void metricBoxesFollowTheirSettings();
    void thePlotPreviewsTheSchedule();
    void pauseIsOnlyOfferedDuringARun();
    void theRangeTestSuggestsARate();
    void aFailedRangeTestIsNamedAsSuch();
};

void TrainPageTest::settingsReachTheConfig()
{
    MainWindow window;
    fovea::app::RunSettingsPanel* panel = window.settingsPanel();
    panel->optimizerBox()->setCurrentText("adamw");
    panel->scheduleBox()->setCurrentText("onecycle");
    const fovea::TrainingConfig config = panel->config();
    QCOMPARE(config.optimizer, std::string("adamw"));
    QCOMPARE(config.schedule, std::string("onecycle"));
    // And back: a config shown in the panel is the config read from it.
    fovea::TrainingConfig other = config;
    other.optimizer = "rmsprop";
    other.labelSmoothing = 0.1;
    other.accumulateSteps = 4;
    other.earlyStoppingPatience = 3;
    other.device = "cpu";
    panel->setConfig(other);
    const fovea::TrainingConfig read = panel->config();
    QCOMPARE(read.optimizer, other.optimizer);
    QCOMPARE(read.labelSmoothing, other.labelSmoothing);
    QCOMPARE(read.accumulateSteps, other.accumulateSteps);
    QCOMPARE(read.earlyStoppingPatience, other.earlyStoppingPatience);
    QCOMPARE(read.device, other.device);

    // The switches: a click reaches the config, and a config's setting the box.
    const std::pair<const char*, bool fovea::TrainingConfig::*> switches[] = {
        {"cpuBfloat16Box", &fovea::TrainingConfig::cpuBfloat16},
        {"testTimeFlipBox", &fovea::TrainingConfig::testTimeFlip}};
    for (const auto& [name, field] : switches) {
        auto* box = panel->findChild<QCheckBox*>(QString::fromLatin1(name));
        QVERIFY2(box, name);
        QVERIFY(!box->isChecked());
        QVERIFY(!(panel->config().*field));
        QSignalSpy edited(panel, &fovea::app::RunSettingsPanel::configEdited);
        box->click();
        QVERIFY2(panel->config().*field, name);
        QCOMPARE(edited.count(), 1);
        other.*field = false;
        panel->setConfig(other);
        QVERIFY(!box->isChecked());
        other.*field = true;
        panel->setConfig(other);
        QVERIFY2(box->isChecked(), name);
        other.*field = false;
        panel->setConfig(other);
    }

    auto* validateEvery = panel->findChild<QSpinBox*>(QStringLiteral("validateEveryBox"));
    QVERIFY(validateEvery);
    QCOMPARE(validateEvery->value(), 1);
    other.validateEveryEpochs = 5;
    panel->setConfig(other);
    QCOMPARE(validateEvery->value(), 5);
    validateEvery->setValue(3);
    QCOMPARE(panel->config().validateEveryEpochs, 3);
}

void TrainPageTest::metricBoxesFollowTheirSettings()
{
    MainWindow window;
    fovea::app::RunSettingsPanel* panel = window.settingsPanel();
    QComboBox* plateau = panel->plateauMetricBox();
    QComboBox* earlyStopping = panel->earlyStoppingMetricBox();
    QCOMPARE(plateau->count(), int(fovea::TrainingConfig::monitorMetricNames().size()));

    // The plateau metric is greyed out unless the schedule is plateau; the early-stopping one
    // also picks the best checkpoint, so it is open even with early stopping off.
    fovea::TrainingConfig config = panel->config();
    config.schedule = "cosine";
    config.earlyStoppingPatience = 0;
    panel->setConfig(config);
    QVERIFY(!plateau->isEnabled());
    QVERIFY(earlyStopping->isEnabled());
    panel->setEditable(false); // a run locks them like every other field
    QVERIFY(!earlyStopping->isEnabled());
    panel->scheduleBox()->setCurrentText("plateau"); // as a loaded config would while locked
    QVERIFY(!plateau->isEnabled());
    panel->setEditable(true);
    QVERIFY(plateau->isEnabled());
    QVERIFY(earlyStopping->isEnabled());
    panel->scheduleBox()->setCurrentText("cosine");
    QVERIFY(!plateau->isEnabled());
    panel->setEditable(false);
    panel->setEditable(true); // unlocking leaves it greyed out: still not plateau
    QVERIFY(!plateau->isEnabled());

    // A choice reaches the config, and a config's metric selects its item.
    QSignalSpy edited(panel, &fovea::app::RunSettingsPanel::configEdited);
    earlyStopping->setCurrentIndex(earlyStopping->findData(QStringLiteral("train_loss")));
    plateau->setCurrentIndex(plateau->findData(QStringLiteral("val_accuracy")));
    QCOMPARE(edited.count(), 2);
    config = panel->config();
    QCOMPARE(config.earlyStoppingMetric, std::string("train_loss"));
    QCOMPARE(config.plateauMetric, std::string("val_accuracy"));
    QCOMPARE(earlyStopping->currentText(), QStringLiteral("training loss"));
    config.earlyStoppingMetric = "train_accuracy";
    config.plateauMetric = "train_loss";
    panel->setConfig(config);
    QCOMPARE(earlyStopping->currentData().toString(), QStringLiteral("train_accuracy"));
    QCOMPARE(plateau->currentData().toString(), QStringLiteral("train_loss"));
    // A metric the boxes do not list (an unchecked project file) is kept, not turned into "",
    // so validation names it.
    config.earlyStoppingMetric = "val_top9";
    panel->setConfig(config);
    QCOMPARE(earlyStopping->currentIndex(), -1);
    QCOMPARE(panel->config().earlyStoppingMetric, std::string("val_top9"));
    config.earlyStoppingMetric = "train_accuracy";
    panel->setConfig(config);

    // With a train_ metric watched, validating every 5 epochs is a valid config (the reason the
    // boxes exist: val_ metrics need validation every epoch).
    const auto validates = [](const fovea::TrainingConfig& candidate) {
        try {
            candidate.validate();
            return true;
        } catch (const fovea::Error& e) {
            qInfo("%s", e.what());
            return false;
        }
    };
    config = panel->config();
    config.dataset = "unused";
    config.validateEveryEpochs = 5;
    config.earlyStoppingPatience = 2;
    panel->setConfig(config);
    QVERIFY(validates(panel->config()));
    earlyStopping->setCurrentIndex(earlyStopping->findData(QStringLiteral("val_loss")));
    QVERIFY(!validates(panel->config()));
}

void TrainPageTest::thePlotPreviewsTheSchedule()
{
    MainWindow window;
    fovea::app::RunSettingsPanel* panel = window.settingsPanel();
    panel->epochsBox()->setValue(4);
    panel->scheduleBox()->setCurrentText("cosine");
    panel->warmupBox()->setValue(1.0);
    QList<QPointF> points = ratePoints(window);
    QVERIFY(points.size() > 10);
    const fovea::TrainingConfig config = panel->config();
    // Warm-up rises to the base rate around epoch 1, then cosine falls to the minimum.
    double peak = 0.0;
    double peakEpoch = 0.0;
    for (const QPointF& p : points)
        if (p.y() > peak) {
            peak = p.y();
            peakEpoch = p.x();
        }
    QVERIFY(std::abs(peak - config.learningRate) < 1e-3 * config.learningRate);
    QVERIFY(peakEpoch > 0.8 && peakEpoch < 1.2);
    QVERIFY(points.front().y() < 0.1 * peak);
    QVERIFY(std::abs(points.back().y() - config.minLearningRate) < 1e-3 * peak);
    QCOMPARE(points.back().x(), 4.0);

    // Step (every 30 epochs by default): the base rate, then gamma times it after epoch 30.
    panel->epochsBox()->setValue(40);
    panel->scheduleBox()->setCurrentText("step");
    points = ratePoints(window);
    const fovea::TrainingConfig stepConfig = panel->config();
    QCOMPARE(points.front().y(), stepConfig.learningRate);
    for (const QPointF& p : points)
        QVERIFY(std::abs(p.y() - (p.x() < stepConfig.stepEpochs - 1e-9
                                      ? stepConfig.learningRate
                                      : stepConfig.learningRate * stepConfig.gamma)) < 1e-12);
    QCOMPARE(points.back().y(), stepConfig.learningRate * stepConfig.gamma);
    const QString folder = qEnvironmentVariable("FOVEA_SCREENSHOT_DIR");
    if (!folder.isEmpty() && QDir().mkpath(folder)) {
        panel->epochsBox()->setValue(4);
        panel->scheduleBox()->setCurrentText("cosine");
        window.show();
        window.learningRatePlot()->replotIfDirty(); // the plot's own timer would, shortly
        QApplication::processEvents();
        window.grab().save(QDir(folder).filePath("train-page.png"));
    }
}

void TrainPageTest::pauseIsOnlyOfferedDuringARun()
{
    MainWindow window;
    QVERIFY(!window.pauseButton()->isEnabled());
    QVERIFY(window.trainButton()->isEnabled());
}

void TrainPageTest::theRangeTestSuggestsARate()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    fovea::testing::SyntheticIdxOptions data;
    data.trainCount = 256;
    data.size = 16;
    const QString dataset = dir.filePath("data");
    fovea::testing::writeSyntheticIdxDataset(dataset.toStdString(), data);
    MainWindow window;
    fovea::TrainingConfig config = window.settingsPanel()->config();
    config.dataset = dataset.toStdString();
    config.architecture = "small-cnn";
    config.batchSize = 32;
    config.threads = 1;
    config.runsFolder = dir.filePath("runs").toStdString();
    window.settingsPanel()->setConfig(config);
    window.setLrFindSteps(12);
    QSignalSpy found(window.controller(), &fovea::app::TrainingController::lrFound);
    QTest::mouseClick(window.lrFindButton(), Qt::LeftButton);
    QVERIFY(!window.pauseButton()->isEnabled()); // a range test does not pause
    QVERIFY(found.wait(60'000));
    const QList<double> rates = found.first().at(0).value<QList<double>>();
    const double suggested = found.first().at(2).toDouble();
    QVERIFY(rates.size() >= 2 && rates.size() <= 12);
    QVERIFY(suggested >= rates.front() && suggested <= rates.back());
    // The curve drawn: one point per step, at log10 of its rate, on axes saying so.
    QCOMPARE(window.learningRatePlot()->pointCount(0), int(rates.size()));
    QCOMPARE(window.learningRatePlot()->plot()->xAxis->label(),
             QStringLiteral("log10(learning rate)"));
    QCOMPARE(window.learningRatePlot()->plot()->yAxis->label(), QStringLiteral("Smoothed loss"));
    QVERIFY(window.useLrButton()->isVisibleTo(&window));
    QTest::mouseClick(window.useLrButton(), Qt::LeftButton);
    // The spin box keeps 7 decimals.
    QVERIFY(std::abs(window.settingsPanel()->config().learningRate - suggested) <= 5e-8 + 1e-12);
    QVERIFY(!window.useLrButton()->isVisibleTo(&window));
}

void TrainPageTest::aFailedRangeTestIsNamedAsSuch()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    MainWindow window;
    fovea::TrainingConfig config = window.settingsPanel()->config();
    config.dataset = dir.filePath("no-such-dataset").toStdString();
    config.architecture = "small-cnn";
    config.threads = 1;
    window.settingsPanel()->setConfig(config);
    QSignalSpy failed(window.controller(), &fovea::app::TrainingController::failed);
    QTest::mouseClick(window.lrFindButton(), Qt::LeftButton);
    QVERIFY(failed.wait(60'000));
    auto* box = window.findChild<QMessageBox*>(QStringLiteral("trainingFailedBox"));
    QVERIFY(box);
    QCOMPARE(box->windowTitle(), QStringLiteral("Learning-rate search failed"));
    QVERIFY2(box->text().contains(QStringLiteral("could not be read")), qPrintable(box->text()));
    QVERIFY2(box->informativeText().contains(QStringLiteral("no-such-dataset")),
             qPrintable(box->informativeText()));
    QCOMPARE(window.statusBar()->currentMessage(),
             QStringLiteral("The learning-rate search failed."));
}

QTEST_MAIN(TrainPageTest)
#include "TrainPageTest.moc"
