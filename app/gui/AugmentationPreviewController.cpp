#include "AugmentationPreviewController.h"

#include "ImageConversions.h"
#include "fovea/AugmentationPreview.h"
#include "fovea/Error.h"
#include "fovea/IdxDataset.h"
#include "fovea/ImageDecoder.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

#include <QMetaObject>
#include <QThread>

namespace fovea::app {

AugmentationPreviewController::AugmentationPreviewController(QObject* parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new QObject)
{
    qRegisterMetaType<QList<fovea::widgets::AugmentationStepData>>();
    m_thread->setObjectName(QStringLiteral("fovea-preview"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
}

AugmentationPreviewController::~AugmentationPreviewController()
{
    m_thread->quit();
    m_thread->wait();
}

QList<fovea::widgets::AugmentationKindInfo> AugmentationPreviewController::kinds()
{
    QList<fovea::widgets::AugmentationKindInfo> result;
    for (const fovea::AugmentationKind& kind : fovea::augmentationKinds()) {
        fovea::widgets::AugmentationKindInfo info;
        info.name = QString::fromStdString(kind.name);
        info.summary = QString::fromStdString(kind.summary);
        info.batchLevel = kind.batchLevel;
        info.defaultProbability = kind.defaultProbability;
        for (const fovea::AugmentationParameter& parameter : kind.parameters) {
            fovea::widgets::AugmentationParameterInfo p;
            p.name = QString::fromStdString(parameter.name);
            p.summary = QString::fromStdString(parameter.summary);
            p.defaultValue = parameter.defaultValue;
            p.minimum = parameter.minimum;
            p.maximum = parameter.maximum;
            p.integer = parameter.integer;
            for (const std::string& choice : parameter.choices)
                p.choices << QString::fromStdString(choice);
            info.parameters << p;
        }
        result << info;
    }
    return result;
}

QStringList AugmentationPreviewController::presetNames()
{
    QStringList names;
    for (const std::string& name : fovea::AugmentationSpec::presetNames())
        names << QString::fromStdString(name);
    return names;
}

QList<fovea::widgets::AugmentationStepData>
AugmentationPreviewController::stepsOf(const fovea::AugmentationSpec& spec)
{
    QList<fovea::widgets::AugmentationStepData> steps;
    for (const fovea::AugmentationStep& step : spec.steps) {
        fovea::widgets::AugmentationStepData data;
        data.kind = QString::fromStdString(step.kind);
        data.probability = step.probability;
        for (const auto& [name, value] : step.parameters)
            data.parameters[QString::fromStdString(name)] = value;
        steps << data;
    }
    return steps;
}

QList<fovea::widgets::AugmentationStepData>
AugmentationPreviewController::presetSteps(const QString& name)
{
    return stepsOf(fovea::AugmentationSpec::preset(name.toStdString()));
}

void AugmentationPreviewController::setPicture(const QImage& picture, const QString& description)
{
    m_picture = std::make_shared<const fovea::Image>(imageFrom(picture));
    Q_EMIT pictureChanged(description);
    schedule();
}

void AugmentationPreviewController::loadPicture(const QString& path)
{
    QMetaObject::invokeMethod(m_worker, [this, path] {
        try {
            fovea::Image image;
            QString description = path;
            const std::string folder = path.toStdString();
            if (fovea::looksLikeIdxDataset(folder)) {
                const fovea::IdxImageSet test = fovea::readIdxImages(
                    (QDir(path).filePath(QStringLiteral("t10k-images-idx3-ubyte")) +
                     (QFileInfo::exists(QDir(path).filePath("t10k-images-idx3-ubyte.gz"))
                          ? QStringLiteral(".gz")
                          : QString()))
                        .toStdString());
                image.width = test.cols;
                image.height = test.rows;
                for (int i = 0; i < test.rows * test.cols; ++i)
                    image.rgb.insert(image.rgb.end(), 3, test.pixels.at(std::size_t(i)));
                description = tr("%1, first test picture").arg(path);
            } else {
                QString file = path;
                if (QFileInfo(path).isDir()) {
                    QDirIterator it(path, {"*.jpg", "*.jpeg", "*.png", "*.bmp"}, QDir::Files,
                                    QDirIterator::Subdirectories);
                    file = it.hasNext() ? it.next() : QString();
                    if (file.isEmpty())
                        throw fovea::Error(fovea::ErrorCode::NotFound,
                                           tr("no picture in %1").arg(path).toStdString());
                }
                image = fovea::decodeImage(file.toStdString());
                description = file;
            }
            QMetaObject::invokeMethod(
                this,
                [this, picture = std::make_shared<const fovea::Image>(std::move(image)),
                 description] {
                    m_picture = picture;
                    Q_EMIT pictureChanged(description);
                    schedule();
                },
                Qt::QueuedConnection);
        } catch (const std::exception& error) {
            QMetaObject::invokeMethod(
                this,
                [this, message = QString::fromUtf8(error.what())] {
                    Q_EMIT previewFailed(message);
                },
                Qt::QueuedConnection);
        }
    });
}

void AugmentationPreviewController::setNetworkInput(const fovea::Preprocessing& preprocessing,
                                                    int inputSize)
{
    m_preprocessing = preprocessing;
    m_inputSize = inputSize;
    schedule();
}

void AugmentationPreviewController::setSteps(
    const QList<fovea::widgets::AugmentationStepData>& steps)
{
    fovea::AugmentationSpec spec;
    for (const auto& data : steps) {
        fovea::AugmentationStep step;
        step.kind = data.kind.toStdString();
        step.probability = data.probability;
        for (auto it = data.parameters.begin(); it != data.parameters.end(); ++it)
            step.parameters[it.key().toStdString()] = it.value();
        spec.steps.push_back(step);
    }
    try {
        spec.validate();
    } catch (const fovea::Error& error) {
        m_stepsProblem = QString::fromUtf8(error.what());
        Q_EMIT previewFailed(m_stepsProblem);
        return;
    }
    m_stepsProblem.clear();
    m_spec = spec;
    Q_EMIT stepsApplied();
    schedule();
}

void AugmentationPreviewController::setCount(int count)
{
    m_count = count;
    schedule();
}

void AugmentationPreviewController::setShowNetworkInput(bool on)
{
    m_showNetworkInput = on;
    schedule();
}

void AugmentationPreviewController::reseed()
{
    ++m_seed;
    schedule();
}

void AugmentationPreviewController::schedule()
{
    if (!m_picture)
        return;
    if (m_busy) {
        m_dirty = true; // the newest settings run when the current preview is done
        return;
    }
    startJob();
}

void AugmentationPreviewController::startJob()
{
    m_busy = true;
    m_dirty = false;
    // A snapshot of the settings: the worker never reads members the GUI thread changes.
    QMetaObject::invokeMethod(m_worker, [this, picture = m_picture, spec = m_spec,
                                         preprocessing = m_preprocessing, size = m_inputSize,
                                         count = m_count, network = m_showNetworkInput,
                                         seed = m_seed] {
        QList<QImage> previews;
        QString error;
        try {
            for (const fovea::AugmentationPreviewItem& item :
                 fovea::previewAugmentations(*picture, spec, preprocessing, size, count, seed))
                previews << qImageOf(network ? item.networkInput : item.augmented);
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        QMetaObject::invokeMethod(
            this,
            [this, previews, error] {
                m_busy = false;
                if (error.isEmpty())
                    Q_EMIT previewReady(previews);
                else
                    Q_EMIT previewFailed(error);
                if (m_dirty)
                    startJob();
            },
            Qt::QueuedConnection);
    });
}

} // namespace fovea::app
