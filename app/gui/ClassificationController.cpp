#include "ClassificationController.h"

#include "ImageConversions.h"

#include "fovea/Classifier.h"
#include "fovea/Error.h"
#include "fovea/ImageDecoder.h"
#include "fovea/TestTimeCrops.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QMetaObject>
#include <QThread>

#include <algorithm>
#include <functional>
#include <limits>
#include <numeric>
#include <utility>

namespace fovea::app {
namespace {

constexpr int kTopK = 5;

const QStringList& imageSuffixes()
{
    static const QStringList suffixes{"png",  "jpg",  "jpeg", "jpe", "bmp", "dib", "tif",
                                      "tiff", "webp", "gif",  "ppm", "pgm", "pbm", "pnm"};
    return suffixes;
}

/// Files to classify: each file named, and the image files under each folder, sorted so the
/// order is the same every time.
QStringList expand(const QStringList& paths, const std::function<bool()>& cancelled)
{
    QStringList files;
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (!info.isDir()) {
            files << path;
            continue;
        }
        QStringList found;
        QDirIterator it(path, QDir::Files | QDir::Readable, QDirIterator::Subdirectories);
        while (it.hasNext() && !cancelled()) {
            const QString file = it.next();
            if (imageSuffixes().contains(QFileInfo(file).suffix().toLower()))
                found << file;
        }
        std::sort(found.begin(), found.end());
        files << found;
    }
    return files;
}

/// The most probable classes of `probabilities`, best first.
std::vector<int> topClasses(const std::vector<float>& probabilities, int count)
{
    std::vector<int> order(probabilities.size());
    std::iota(order.begin(), order.end(), 0);
    const auto k = std::min<std::size_t>(std::size_t(count), order.size());
    std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(k), order.end(),
                      [&](int a, int b) {
                          return probabilities[std::size_t(a)] > probabilities[std::size_t(b)];
                      });
    order.resize(k);
    return order;
}

} // namespace

/// What the GUI thread and the worker share.
struct ClassificationController::Shared {
    std::shared_ptr<const fovea::Classifier> classifier; ///< worker thread only
    /// Jobs numbered up to this are cancelled: a Cancel covers what was asked before it, not
    /// files dropped right after it.
    std::atomic<int> cancelledUpTo{0};
    bool cancelled(int job) const { return job <= cancelledUpTo.load(); }
    int done = 0; ///< worker thread only; reset when the queue runs dry
    int total = 0;
};

ClassificationController::ClassificationController(QObject* parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new QObject)
    , m_shared(std::make_shared<Shared>())
{
    qRegisterMetaType<fovea::widgets::ClassificationRow>();
    qRegisterMetaType<QList<fovea::widgets::CropTile>>();
    qRegisterMetaType<QList<double>>();
    m_thread->setObjectName(QStringLiteral("fovea-classify"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
}

ClassificationController::~ClassificationController()
{
    m_shared->cancelledUpTo.store(std::numeric_limits<int>::max());
    m_thread->quit();
    m_thread->wait();
}

void ClassificationController::post(std::function<void(int)> job)
{
    if (m_pendingJobs++ == 0)
        Q_EMIT busyChanged(true);
    QMetaObject::invokeMethod(m_worker, [this, job = std::move(job), number = ++m_jobsPosted] {
        job(number);
        QMetaObject::invokeMethod(this, &ClassificationController::jobDone, Qt::QueuedConnection);
    });
}

void ClassificationController::jobDone()
{
    if (--m_pendingJobs > 0)
        return;
    const bool cancelled = std::exchange(m_cancelRequested, false);
    // Counters restart with the next batch of work; the worker is idle now.
    QMetaObject::invokeMethod(m_worker, [shared = m_shared] {
        shared->done = 0;
        shared->total = 0;
    });
    Q_EMIT busyChanged(false);
    Q_EMIT finished(cancelled);
}

void ClassificationController::cancel()
{
    if (m_pendingJobs > 0) {
        m_shared->cancelledUpTo.store(m_jobsPosted);
        m_cancelRequested = true;
    }
}

void ClassificationController::setModelFile(const QString& modelFile)
{
    post([this, shared = m_shared, modelFile](int) {
        try {
            auto classifier = std::make_shared<const fovea::Classifier>(modelFile.toStdString());
            const fovea::ModelFileInfo& info = classifier->info();
            QStringList classes;
            for (const std::string& name : info.classNames)
                classes << QString::fromStdString(name);
            const QString description = tr("%1, %2 classes, %3 px — %4")
                                            .arg(QString::fromStdString(info.architecture))
                                            .arg(classes.size())
                                            .arg(info.inputSize)
                                            .arg(modelFile);
            shared->classifier = std::move(classifier);
            QMetaObject::invokeMethod(this, [this, modelFile, description, classes] {
                m_hasModel = true;
                m_modelFile = modelFile;
                Q_EMIT modelReady(modelFile, description, classes);
            });
        } catch (const std::exception& error) {
            const QString reason = QString::fromUtf8(error.what());
            QMetaObject::invokeMethod(
                this, [this, modelFile, reason] { Q_EMIT modelFailed(modelFile, reason); });
        }
    });
}

void ClassificationController::classifyOne(Shared& shared, const QString& label, bool inMemory,
                                           const std::function<fovea::Image()>& load)
{
    if (!shared.classifier) {
        emitOnGuiThread(&ClassificationController::unreadable, label,
                        tr("no model is loaded; choose a model file first"));
    } else {
        try {
            const fovea::Image image = load();
            const bool tenCrops = m_testTimeCrops.load();
            const fovea::TestTimeCropSpec crops{tenCrops ? "ten" : "center", {}};
            const std::vector<float> probabilities = shared.classifier->classify(image, crops);
            fovea::widgets::ClassificationRow row;
            row.path = label;
            row.tenCrops = tenCrops;
            row.inMemory = inMemory;
            row.thumbnail = thumbnailOf(image);
            const auto& names = shared.classifier->info().classNames;
            for (const int c : topClasses(probabilities, kTopK)) {
                row.classes << QString::fromStdString(names.at(std::size_t(c)));
                row.probabilities << probabilities[std::size_t(c)];
            }
            emitOnGuiThread(&ClassificationController::classified, row);
        } catch (const std::exception& error) {
            emitOnGuiThread(&ClassificationController::unreadable, label,
                            QString::fromUtf8(error.what()));
        }
    }
    emitOnGuiThread(&ClassificationController::progress, ++shared.done, shared.total);
}

void ClassificationController::classifyPaths(const QStringList& paths)
{
    post([this, shared = m_shared, paths](int job) {
        if (shared->cancelled(job))
            return;
        const QStringList files = expand(paths, [&] { return shared->cancelled(job); });
        shared->total += int(files.size());
        emitOnGuiThread(&ClassificationController::progress, shared->done, shared->total);
        for (const QString& file : files) {
            if (shared->cancelled(job))
                return;
            classifyOne(*shared, file, false,
                        [&file] { return fovea::decodeImage(file.toStdString()); });
        }
    });
}

void ClassificationController::classifyImage(const QImage& picture, const QString& label)
{
    // Converted on the GUI thread: the worker then owns plain bytes.
    auto image = std::make_shared<const fovea::Image>(imageFrom(picture));
    post([this, shared = m_shared, image, label](int job) {
        if (shared->cancelled(job))
            return;
        ++shared->total;
        classifyOne(*shared, label, true, [&image] { return *image; });
    });
}

QList<QPair<QString, QString>> ClassificationController::cropSchemes()
{
    return {{QStringLiteral("center"), tr("Centre crop")},
            {QStringLiteral("five"), tr("Five crops")},
            {QStringLiteral("ten"), tr("Ten crops (five and their mirror images)")},
            {QStringLiteral("multi"), tr("Ten crops at three scales")}};
}

void ClassificationController::inspectCrops(const QString& path, const QString& scheme)
{
    post([this, shared = m_shared, path, scheme](int) {
        try {
            if (!shared->classifier)
                throw fovea::Error(
                    fovea::ErrorCode::InvalidArgument,
                    tr("no model is loaded; choose a model file first").toStdString());
            const fovea::ModelFileInfo& info = shared->classifier->info();
            fovea::TestTimeCropSpec spec;
            const bool multi = scheme == QLatin1String("multi");
            spec.crops = multi ? "ten" : scheme.toStdString();
            if (multi) {
                // The evaluation scale and two larger ones (objects seen closer up).
                const double base = info.inputSize / double(info.preprocessing.cropFraction);
                for (const double factor : {1.0, 1.15, 1.3})
                    spec.scales.push_back(int(std::lround(base * factor)));
            }
            const fovea::Image image = fovea::decodeImage(path.toStdString());
            const std::vector<fovea::CropBox> boxes = fovea::testTimeCropBoxes(
                image.width, image.height, spec, info.preprocessing, info.inputSize);
            const std::vector<fovea::Image> crops =
                fovea::testTimeCropImages(image, spec, info.preprocessing, info.inputSize);
            const std::vector<std::vector<float>> each =
                shared->classifier->classifyEachCrop(image, spec);
            QList<fovea::widgets::CropTile> tiles;
            std::vector<float> mean(each.empty() ? 0 : each.front().size(), 0.0F);
            for (std::size_t i = 0; i < boxes.size(); ++i) {
                fovea::widgets::CropTile tile;
                tile.image = qImageOf(crops.at(i));
                tile.box = QRectF(boxes[i].x, boxes[i].y, boxes[i].width, boxes[i].height);
                tile.flipped = boxes[i].flipped;
                tile.label = QString::fromStdString(boxes[i].position);
                if (boxes[i].scale > 0)
                    tile.label += tr(", %1 px").arg(boxes[i].scale);
                if (boxes[i].flipped)
                    tile.label += tr(", mirrored");
                for (const int c : topClasses(each.at(i), kTopK)) {
                    tile.classes << QString::fromStdString(info.classNames.at(std::size_t(c)));
                    tile.probabilities << each[i][std::size_t(c)];
                }
                for (std::size_t c = 0; c < mean.size(); ++c)
                    mean[c] += each[i][c] / float(each.size());
                tiles << tile;
            }
            QStringList averageClasses;
            QList<double> averageProbabilities;
            for (const int c : topClasses(mean, kTopK)) {
                averageClasses << QString::fromStdString(info.classNames.at(std::size_t(c)));
                averageProbabilities << mean[std::size_t(c)];
            }
            emitOnGuiThread(&ClassificationController::cropsReady, path, qImageOf(image), tiles,
                            averageClasses, averageProbabilities);
        } catch (const std::exception& error) {
            emitOnGuiThread(&ClassificationController::cropsFailed, path,
                            QString::fromUtf8(error.what()));
        }
    });
}

} // namespace fovea::app
