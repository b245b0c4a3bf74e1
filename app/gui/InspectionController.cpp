#include "InspectionController.h"

#include "ImageConversions.h"

#include "fovea/AtomicFile.h"
#include "fovea/Classifier.h"
#include "fovea/DatasetEvaluation.h"
#include "fovea/GradCam.h"
#include "fovea/ModelFile.h"
#include "fovea/TrainingConfig.h"

#include <QMetaObject>
#include <QThread>

#include <filesystem>

namespace fovea::app {
namespace {

/// A blue → green → yellow → red ramp for t in [0, 1].
QRgb heatColour(float t)
{
    const float r = std::clamp(1.5f - std::abs(4.0f * t - 3.0f), 0.0f, 1.0f);
    const float g = std::clamp(1.5f - std::abs(4.0f * t - 2.0f), 0.0f, 1.0f);
    const float b = std::clamp(1.5f - std::abs(4.0f * t - 1.0f), 0.0f, 1.0f);
    return qRgb(int(255 * r), int(255 * g), int(255 * b));
}

/// The crop with the heat map blended over it, half and half.
QImage overlayOf(const fovea::GradCamMap& map)
{
    QImage image(map.size, map.size, QImage::Format_RGB32);
    for (int y = 0; y < map.size; ++y)
        for (int x = 0; x < map.size; ++x) {
            const std::uint8_t* rgb = map.input.pixel(x, y);
            const QRgb heat = heatColour(map.values[std::size_t(y) * map.size + x]);
            image.setPixel(x, y,
                           qRgb((rgb[0] + qRed(heat)) / 2, (rgb[1] + qGreen(heat)) / 2,
                                (rgb[2] + qBlue(heat)) / 2));
        }
    return image;
}

} // namespace

InspectionController::InspectionController(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<QList<fovea::widgets::ClassFigures>>();
    qRegisterMetaType<QList<fovea::widgets::GalleryItem>>();
    qRegisterMetaType<QList<QList<qint64>>>();
}

InspectionController::~InspectionController()
{
    if (m_thread) {
        m_stop->store(true);
        m_thread->wait();
        delete m_thread; // its finished() handler, queued to this object, never runs now
    }
    if (m_gradCamThread) {
        m_gradCamThread->wait();
        delete m_gradCamThread;
    }
}

void InspectionController::cancel()
{
    if (m_stop)
        m_stop->store(true);
}

namespace {

/// The split of `options.dataset` the run that wrote `modelFile` validated on, if its
/// config.json (beside the model, in its run directory) is readable and names that dataset.
void useTheRunsSplit(const std::string& modelFile, fovea::DatasetEvaluationOptions& options)
{
    const std::filesystem::path config =
        std::filesystem::path(modelFile).parent_path() / "config.json";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(config, ec))
        return;
    try {
        const fovea::TrainingConfig run =
            fovea::TrainingConfig::fromJson(fovea::readFile(config.string()), config.string());
        if (std::filesystem::equivalent(run.dataset, options.dataset, ec)) {
            options.validationFraction = run.validationFraction;
            options.seed = run.seed;
        }
    } catch (const std::exception&) {
        // A damaged config.json: the project's split stands.
    }
}

} // namespace

bool InspectionController::evaluate(const QString& modelFile, const QString& dataset,
                                    double validationFraction, quint64 seed)
{
    if (m_thread)
        return false;
    m_stop = std::make_shared<std::atomic<bool>>(false);
    auto post = [this](auto function) {
        QMetaObject::invokeMethod(this, std::move(function), Qt::QueuedConnection);
    };
    m_thread = QThread::create([this, post, stop = m_stop, modelFile, dataset, validationFraction,
                                seed] {
        try {
            fovea::LoadedModelFile loaded = fovea::loadModelFile(modelFile.toStdString());
            fovea::DatasetEvaluationOptions options;
            options.dataset = dataset.toStdString();
            options.validationFraction = validationFraction;
            options.seed = seed;
            useTheRunsSplit(modelFile.toStdString(), options);
            // The figures training reported for this model, reproduced the way it measured them.
            options.testTimeFlip = fovea::validatedWithTestTimeFlip(loaded.info);
            fovea::DatasetEvaluation result = fovea::evaluateDataset(
                loaded.model, loaded.info.classNames, loaded.info.preprocessing,
                loaded.info.inputSize, options,
                [&post, this](const fovea::DatasetEvaluationProgress& p) {
                    post([this, done = int(p.batchesDone), total = int(p.batchesTotal)] {
                        Q_EMIT progress(done, total);
                    });
                },
                stop.get());
            if (result.stopped)
                return;
            QStringList classNames;
            for (const std::string& name : loaded.info.classNames)
                classNames << QString::fromStdString(name);
            QList<QList<qint64>> confusion;
            for (const auto& row : result.report.confusion)
                confusion << QList<qint64>(row.begin(), row.end());
            QList<fovea::widgets::ClassFigures> classes;
            for (const fovea::ClassMetrics& metrics : result.report.classes)
                classes << fovea::widgets::ClassFigures{QString::fromStdString(metrics.name),
                                                        metrics.precision, metrics.recall,
                                                        metrics.f1, metrics.support};
            // Thumbnails of what the pictures are (not the network input): a second pass.
            QList<fovea::widgets::GalleryItem> items;
            items.reserve(qsizetype(result.predictions.size()));
            const int total = int(result.predictions.size());
            for (const fovea::SamplePrediction& prediction : result.predictions) {
                if (stop->load())
                    return;
                fovea::widgets::GalleryItem item;
                item.index = prediction.index;
                item.label = prediction.label;
                item.predicted = prediction.predicted;
                item.confidence = prediction.confidence;
                item.loss = prediction.loss;
                const auto index = std::size_t(prediction.index);
                item.source = QString::fromStdString(result.pictures.describe(index));
                try {
                    item.thumbnail = thumbnailOf(result.pictures.picture(index));
                } catch (const std::exception&) {
                    // Read once already: a file changed since is shown without a thumbnail.
                }
                items << item;
                if (items.size() % 500 == 0)
                    post([this, done = int(items.size()), total] { Q_EMIT progress(done, total); });
            }
            auto classifier = std::make_shared<const fovea::Classifier>(std::move(loaded));
            auto pictures = std::make_shared<const fovea::DatasetPictures>(result.pictures);
            post([this, classNames, confusion, classes, report = result.report, items, classifier,
                  pictures] {
                m_classifier = classifier;
                m_pictures = pictures;
                Q_EMIT evaluated(classNames, confusion, classes, report.top1, report.top5,
                                 report.topK, items);
            });
        } catch (const std::exception& error) {
            post([this, reason = QString::fromUtf8(error.what())] { Q_EMIT failed(reason); });
        }
    });
    m_thread->setObjectName(QStringLiteral("fovea-inspect"));
    connect(m_thread, &QThread::finished, this, [this] {
        m_thread->deleteLater();
        m_thread = nullptr;
        const bool cancelled = m_stop->load();
        Q_EMIT busyChanged(false);
        Q_EMIT finished(cancelled);
    });
    Q_EMIT busyChanged(true);
    m_thread->start();
    return true;
}

void InspectionController::gradCam(int tag, qint64 pictureIndex, int classIndex)
{
    const GradCamRequest request{tag, pictureIndex, classIndex};
    if (m_gradCamThread)
        m_pendingGradCam = request; // the latest wins: the user moved on
    else
        startGradCam(request);
}

void InspectionController::startGradCam(const GradCamRequest& request)
{
    if (!m_classifier || !m_pictures) {
        Q_EMIT gradCamFailed(request.tag, tr("evaluate a model first"));
        return;
    }
    m_gradCamThread =
        QThread::create([this, request, classifier = m_classifier, pictures = m_pictures] {
            try {
                const fovea::GradCamMap map = fovea::gradCam(
                    *classifier, pictures->picture(std::size_t(request.pictureIndex)),
                    request.classIndex);
                const QString caption =
                    tr("Evidence for %1 (probability %2 %)")
                        .arg(QString::fromStdString(
                            classifier->info().classNames.at(std::size_t(map.classIndex))))
                        .arg(100.0 * map.probability, 0, 'f', 1);
                QMetaObject::invokeMethod(
                    this,
                    [this, tag = request.tag, overlay = overlayOf(map), caption] {
                        Q_EMIT gradCamReady(tag, overlay, caption);
                    },
                    Qt::QueuedConnection);
            } catch (const std::exception& error) {
                QMetaObject::invokeMethod(
                    this,
                    [this, tag = request.tag, reason = QString::fromUtf8(error.what())] {
                        Q_EMIT gradCamFailed(tag, reason);
                    },
                    Qt::QueuedConnection);
            }
        });
    connect(m_gradCamThread, &QThread::finished, this, [this] {
        m_gradCamThread->deleteLater();
        m_gradCamThread = nullptr;
        if (m_pendingGradCam)
            startGradCam(*std::exchange(m_pendingGradCam, std::nullopt));
    });
    m_gradCamThread->start();
}

} // namespace fovea::app
