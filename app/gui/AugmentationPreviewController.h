#pragma once

#include "fovea/ArchitectureInfo.h"
#include "fovea/Augmentation.h"
#include "fovea/Image.h"
#include "fovea_widgets/AugmentationEditor.h"

#include <QImage>
#include <QObject>

#include <cstdint>
#include <memory>

class QThread;

namespace fovea::app {

/// Feeds the Augment page: turns its steps into an AugmentationSpec (errors name the step and
/// setting), and computes previews with the engine's previewAugmentations — exactly training's
/// draws — on a worker thread of its own. Requests coalesce: while one preview is computed only
/// the newest settings wait, so dragging a value never queues up work or blocks the GUI thread.
class AugmentationPreviewController : public QObject {
    Q_OBJECT

public:
    explicit AugmentationPreviewController(QObject* parent = nullptr);
    ~AugmentationPreviewController() override;

    /// The engine's catalogue and presets, as the editor shows them.
    static QList<fovea::widgets::AugmentationKindInfo> kinds();
    static QStringList presetNames();
    static QList<fovea::widgets::AugmentationStepData> presetSteps(const QString& name);
    static QList<fovea::widgets::AugmentationStepData> stepsOf(const fovea::AugmentationSpec& spec);

    /// The picture previewed; `description` names it on the page.
    void setPicture(const QImage& picture, const QString& description);
    /// Reads the picture on the worker: an image file, the first picture of an IDX dataset's
    /// test part, or the first image file in a folder. pictureChanged() or previewFailed()
    /// follows.
    void loadPicture(const QString& path);
    /// Preprocessing and input size of the network the previews are for.
    void setNetworkInput(const fovea::Preprocessing& preprocessing, int inputSize);
    void setSteps(const QList<fovea::widgets::AugmentationStepData>& steps);
    void setCount(int count);
    void setShowNetworkInput(bool on);
    void reseed();

    /// The last steps that formed a valid spec.
    const fovea::AugmentationSpec& spec() const { return m_spec; }
    /// Why the steps last set do not form a valid spec (naming the step and value); empty when
    /// they do, and spec() is what the page shows.
    const QString& stepsProblem() const { return m_stepsProblem; }
    std::uint64_t seed() const { return m_seed; }
    /// A preview is being computed (or waits to be).
    bool isBusy() const { return m_busy; }

Q_SIGNALS:
    void pictureChanged(const QString& description);
    void previewReady(const QList<QImage>& previews);
    void previewFailed(const QString& message);
    /// setSteps() formed a valid spec: spec() holds it now.
    void stepsApplied();

private:
    void schedule();
    void startJob();

    QThread* m_thread;
    QObject* m_worker;
    std::shared_ptr<const fovea::Image> m_picture;
    fovea::Preprocessing m_preprocessing;
    int m_inputSize = 28;
    fovea::AugmentationSpec m_spec;
    QString m_stepsProblem;
    int m_count = 16;
    bool m_showNetworkInput = false;
    std::uint64_t m_seed = 1;
    bool m_busy = false;
    bool m_dirty = false;
};

} // namespace fovea::app
