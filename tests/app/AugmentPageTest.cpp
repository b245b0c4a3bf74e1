// The Augment page: steps added, edited, reordered and removed in the editor reach the preview
// controller; previews (the engine's exact training draws) are computed off the GUI thread and
// change with a setting, a reseed and the network-input switch; a burst of edits (a dragged
// value) is coalesced instead of queued; presets load the engine's steps; a bad setting is
// reported. Prints how long a refresh takes after a change.
#include "AugmentationPreviewController.h"
#include "MainWindow.h"
#include "TrainingController.h"
#include "fovea/Augmentation.h"
#include "fovea_widgets/AugmentationEditor.h"

#include <QApplication>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QImage>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>

using fovea::app::AugmentationPreviewController;
using fovea::app::MainWindow;
using fovea::widgets::AugmentationEditor;
using fovea::widgets::AugmentationStepData;

namespace {

QImage picture()
{
    QImage image(96, 72, QImage::Format_RGB888);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            image.setPixelColor(x, y, QColor((x * 5) % 256, (y * 7) % 256, ((x + y) * 3) % 256));
    return image;
}

bool sameImages(const QList<QImage>& a, const QList<QImage>& b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

} // namespace

class AugmentPageTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void editsChangeThePreviews();
    void stepsReorderAndRemove();
    void aBurstOfEditsIsCoalesced();
    void presetsLoadTheEngineSteps();
    void aBadSettingIsReported();
    void manyDrawsScrollInsteadOfGrowingTheWindow();

private:
    /// Waits for the next preview; the images, or empty after a timeout.
    QList<QImage> nextPreview();

    std::unique_ptr<MainWindow> m_window;
    AugmentationEditor* m_editor = nullptr;
    AugmentationPreviewController* m_preview = nullptr;
};

void AugmentPageTest::init()
{
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    m_editor = m_window->augmentationEditor();
    m_preview = m_window->augmentationPreview();
    m_preview->setNetworkInput(fovea::Preprocessing{}, 64);
    QSignalSpy ready(m_preview, &AugmentationPreviewController::previewReady);
    m_preview->setPicture(picture(), QStringLiteral("test picture"));
    QVERIFY(ready.wait(30'000));
}

void AugmentPageTest::cleanup()
{
    m_window.reset();
}

QList<QImage> AugmentPageTest::nextPreview()
{
    QSignalSpy ready(m_preview, &AugmentationPreviewController::previewReady);
    if (!ready.wait(30'000))
        return {};
    return ready.last().first().value<QList<QImage>>();
}

void AugmentPageTest::editsChangeThePreviews()
{
    m_editor->addStep(QStringLiteral("random_resized_crop"));
    QElapsedTimer sinceChange;
    sinceChange.start();
    const QList<QImage> crops = nextPreview();
    const qint64 refreshMs = sinceChange.elapsed();
    QCOMPARE(crops.size(), 16);
    QCOMPARE(m_editor->previewsShown(), 16);
    QCOMPARE(crops.front().size(), QSize(64, 64));
    QVERIFY(!sameImages({crops[0]}, {crops[1]})); // epochs draw differently
    qInfo("preview of 16 draws shown %lld ms after the change", refreshMs);

    // A setting edited in the form: the scale range narrowed to the whole picture.
    auto* scaleMin = qobject_cast<QDoubleSpinBox*>(m_editor->parameterEditor("scale_min"));
    QVERIFY(scaleMin);
    scaleMin->setValue(1.0);
    const QList<QImage> wholeCrops = nextPreview();
    QVERIFY(!sameImages(crops, wholeCrops));
    QCOMPARE(m_preview->spec().steps.front().parameters.at("scale_min"), 1.0);

    // Reseed: other draws, same settings.
    QTest::mouseClick(m_editor->reseedButton(), Qt::LeftButton);
    const QList<QImage> reseeded = nextPreview();
    QVERIFY(!sameImages(wholeCrops, reseeded));

    // The network input (normalised as the network gets it, here Caffe-style BGR minus the
    // mean) turned back into colours: the same picture again, to rounding, which is what shows
    // that the channel order and normalisation are right.
    fovea::Preprocessing caffe;
    caffe.mode = "caffe";
    caffe.channelOrder = "BGR";
    m_preview->setNetworkInput(caffe, 64);
    const QList<QImage> augmented = nextPreview();
    m_preview->setShowNetworkInput(true);
    const QList<QImage> network = nextPreview();
    QCOMPARE(network.size(), 16);
    int largest = 0;
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x) {
            const QColor seen = augmented.front().pixelColor(x, y);
            const QColor fed = network.front().pixelColor(x, y);
            largest = std::max({largest, std::abs(seen.red() - fed.red()),
                                std::abs(seen.green() - fed.green()),
                                std::abs(seen.blue() - fed.blue())});
        }
    QVERIFY(largest <= 1);

    const QString folder = qEnvironmentVariable("FOVEA_SCREENSHOT_DIR");
    if (!folder.isEmpty() && QDir().mkpath(folder)) {
        m_window->pages()->setCurrentWidget(m_editor);
        m_editor->addStep(QStringLiteral("color_jitter"));
        nextPreview();
        QApplication::processEvents();
        m_window->grab().save(QDir(folder).filePath("augment-page.png"));
    }
}

void AugmentPageTest::stepsReorderAndRemove()
{
    m_editor->addStep(QStringLiteral("horizontal_flip"));
    m_editor->addStep(QStringLiteral("color_jitter"));
    m_editor->addStep(QStringLiteral("gaussian_blur"));
    nextPreview();
    auto kinds = [this] {
        QStringList names;
        for (const fovea::AugmentationStep& step : m_preview->spec().steps)
            names << QString::fromStdString(step.kind);
        return names.join(' ');
    };
    QCOMPARE(kinds(), QStringLiteral("horizontal_flip color_jitter gaussian_blur"));
    m_editor->stepList()->setCurrentRow(2);
    m_editor->moveSelectedStep(-1);
    QCOMPARE(kinds(), QStringLiteral("horizontal_flip gaussian_blur color_jitter"));
    m_editor->stepList()->setCurrentRow(0);
    m_editor->removeSelectedStep();
    QCOMPARE(kinds(), QStringLiteral("gaussian_blur color_jitter"));
    QCOMPARE(m_editor->stepList()->count(), 2);
}

void AugmentPageTest::aBurstOfEditsIsCoalesced()
{
    m_editor->addStep(QStringLiteral("random_resized_crop"));
    nextPreview();
    auto* scaleMin = qobject_cast<QDoubleSpinBox*>(m_editor->parameterEditor("scale_min"));
    QVERIFY(scaleMin);
    QSignalSpy ready(m_preview, &AugmentationPreviewController::previewReady);
    // 50 values in a row, as a dragged slider sends them, without the event loop running.
    for (int i = 1; i <= 50; ++i)
        scaleMin->setValue(0.08 + 0.9 * i / 50.0);
    // Idle again means nothing is left to compute (no request waits behind the last one).
    QVERIFY(QTest::qWaitFor([&] { return !m_preview->isBusy(); }, 30'000));
    qInfo("50 edits gave %lld previews", qlonglong(ready.size()));
    QVERIFY(ready.size() >= 1 && ready.size() <= 2); // the one running, then the newest
    QVERIFY(std::abs(m_preview->spec().steps.front().parameters.at("scale_min") - 0.98) < 1e-9);
}

void AugmentPageTest::presetsLoadTheEngineSteps()
{
    const QList<AugmentationStepData> steps =
        AugmentationPreviewController::presetSteps(QStringLiteral("inception"));
    m_editor->setSteps(steps);
    nextPreview();
    QCOMPARE(m_preview->spec(), fovea::AugmentationSpec::preset("inception"));
    QCOMPARE(m_editor->stepList()->count(),
             int(fovea::AugmentationSpec::preset("inception").steps.size()));
}

void AugmentPageTest::aBadSettingIsReported()
{
    QSignalSpy failed(m_preview, &AugmentationPreviewController::previewFailed);
    AugmentationStepData step;
    step.kind = QStringLiteral("random_crop");
    step.parameters[QStringLiteral("padding")] = -3;
    m_editor->setSteps({step});
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.first().first().toString().contains("padding"),
             qPrintable(failed.first().first().toString()));
    // Training would use the last valid steps, which the page no longer shows: it does not
    // start, and the Augment page says why.
    QSignalSpy running(m_window->controller(), &fovea::app::TrainingController::runningChanged);
    m_window->pages()->setCurrentIndex(0);
    QTest::mouseClick(m_window->trainButton(), Qt::LeftButton);
    QCOMPARE(running.size(), 0);
    QCOMPARE(m_window->pages()->currentWidget(), m_editor);
    QVERIFY2(m_window->statusBar()->currentMessage().contains("padding"),
             qPrintable(m_window->statusBar()->currentMessage()));
    QCOMPARE(m_preview->stepsProblem(), failed.first().first().toString());
}

void AugmentPageTest::manyDrawsScrollInsteadOfGrowingTheWindow()
{
    // 64 draws of 112 px in four columns are 16 rows, about 1 900 px: the page scrolls them.
    auto* count = m_editor->findChild<QSpinBox*>();
    QVERIFY(count);
    count->setValue(1);
    QCOMPARE(nextPreview().size(), 1);
    QCOMPARE(count->text(), QStringLiteral("1 draw"));
    count->setValue(64);
    QCOMPARE(nextPreview().size(), 64);
    QCOMPARE(count->text(), QStringLiteral("64 draws"));
    QCOMPARE(m_editor->previewsShown(), 64);
    m_window->pages()->setCurrentWidget(m_editor);
    QApplication::processEvents();
    QVERIFY2(m_window->minimumSizeHint().height() < 800,
             qPrintable(QString::number(m_window->minimumSizeHint().height())));
    const QString folder = qEnvironmentVariable("FOVEA_SCREENSHOT_DIR");
    if (!folder.isEmpty() && QDir().mkpath(folder)) {
        m_window->resize(1400, 860);
        QApplication::processEvents();
        m_window->grab().save(QDir(folder).filePath("augment-64-draws.png"));
    }
}

QTEST_MAIN(AugmentPageTest)
#include "AugmentPageTest.moc"
