#pragma once

#include "fovea_widgets/InspectionView.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>

class QThread;

namespace fovea {
class Classifier;
class DatasetPictures;
} // namespace fovea

namespace fovea::app {

/// Evaluates a model file on a labelled dataset on a worker thread it owns (the engine's
/// evaluateDataset: the validation part, preprocessed as training validates) and hands the
/// figures and every picture's prediction, with a thumbnail, to the GUI thread as queued
/// signals. One evaluation at a time; cancel() ends it between batches.
class InspectionController : public QObject {
    Q_OBJECT

public:
    explicit InspectionController(QObject* parent = nullptr);
    /// Cancels a running evaluation and joins it.
    ~InspectionController() override;

    /// Starts evaluating; false (and nothing happens) while one runs. A dataset without a
    /// validation part is split as the model's run split it, when the model sits in a run
    /// directory whose config.json names this dataset; else by `validationFraction` and `seed`
    /// (the project's).
    bool evaluate(const QString& modelFile, const QString& dataset, double validationFraction,
                  quint64 seed);
    bool isRunning() const { return m_thread != nullptr; }

    /// Grad-CAM of picture `pictureIndex` of the last evaluation for `classIndex` (−1: the
    /// predicted class), on a worker: gradCamReady(tag, …) follows. While one is computed, only
    /// the latest further request is kept.
    void gradCam(int tag, qint64 pictureIndex, int classIndex);

public Q_SLOTS:
    void cancel();

Q_SIGNALS:
    void busyChanged(bool busy);
    /// Batches evaluated, then thumbnails made (`total` changes between the two phases).
    void progress(int done, int total);
    void evaluated(const QStringList& classNames, const QList<QList<qint64>>& confusion,
                   const QList<fovea::widgets::ClassFigures>& classes, double top1, double top5,
                   int topK, const QList<fovea::widgets::GalleryItem>& items);
    void failed(const QString& reason);
    /// The worker is done (after evaluated(), failed(), or a cancel).
    void finished(bool cancelled);
    /// The crop the network saw with the heat map over it, and what it shows.
    void gradCamReady(int tag, const QImage& overlay, const QString& caption);
    void gradCamFailed(int tag, const QString& reason);

private:
    struct GradCamRequest {
        int tag = 0;
        qint64 pictureIndex = 0;
        int classIndex = -1;
    };
    void startGradCam(const GradCamRequest& request);

    QThread* m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_stop;
    /// What the last evaluation used, for Grad-CAM (GUI thread; shared with Grad-CAM workers).
    std::shared_ptr<const fovea::Classifier> m_classifier;
    std::shared_ptr<const fovea::DatasetPictures> m_pictures;
    QThread* m_gradCamThread = nullptr;
    std::optional<GradCamRequest> m_pendingGradCam;
};

} // namespace fovea::app

Q_DECLARE_METATYPE(fovea::widgets::ClassFigures)
Q_DECLARE_METATYPE(fovea::widgets::GalleryItem)
