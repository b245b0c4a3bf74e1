#include "DatasetController.h"

#include "ImageConversions.h"
#include "ThumbnailQueue.h"
#include "fovea/FolderDataset.h"
#include "fovea/IdxDataset.h"
#include "fovea/ImageDecoder.h"

#include <QFileInfo>
#include <QMetaObject>
#include <QThread>

#include <optional>

namespace fovea::app {

/// The pictures behind the grid's rows: IDX pixels, or image files.
struct DatasetController::Pictures {
    std::shared_ptr<const fovea::IdxImageSet> idx; ///< rows are its images, or
    std::vector<std::string> files;                ///< rows are these files
    int generation = 0;                            ///< which open() they belong to
};

namespace {

/// Thumbnail requests kept waiting: a few screens of 64-px tiles (a full-HD grid shows ~300).
constexpr std::size_t kWaitingThumbnails = 1024;

QList<qint64> countLabels(const std::vector<std::uint8_t>& labels, int classes)
{
    QList<qint64> counts(classes, 0);
    for (const std::uint8_t label : labels)
        if (label < classes)
            ++counts[label];
    return counts;
}

QString sizeRange(const fovea::ImageSizeStats& sizes)
{
    if (sizes.count == 0)
        return {};
    if (sizes.minWidth == sizes.maxWidth && sizes.minHeight == sizes.maxHeight)
        return QStringLiteral("%1 × %2 px").arg(sizes.minWidth).arg(sizes.minHeight);
    return QStringLiteral("%1–%2 × %3–%4 px")
        .arg(sizes.minWidth)
        .arg(sizes.maxWidth)
        .arg(sizes.minHeight)
        .arg(sizes.maxHeight);
}

} // namespace

DatasetController::DatasetController(QObject* parent)
    : QObject(parent)
    , m_thumbnailThread(new QThread(this))
    , m_thumbnailWorker(new QObject)
{
    qRegisterMetaType<fovea::widgets::DatasetSummary>();
    qRegisterMetaType<QList<int>>();
    m_thumbnailThread->setObjectName(QStringLiteral("fovea-thumbnails"));
    m_thumbnailWorker->moveToThread(m_thumbnailThread);
    connect(m_thumbnailThread, &QThread::finished, m_thumbnailWorker, &QObject::deleteLater);
    m_thumbnailThread->start();
}

DatasetController::~DatasetController()
{
    if (m_scan) {
        m_stop->store(true);
        m_scan->wait();
        delete m_scan;
    }
    if (m_thumbnailQueue) // closing waits for the picture being decoded, not for the queue
        m_thumbnailQueue->abandon();
    m_thumbnailThread->quit();
    m_thumbnailThread->wait();
}

void DatasetController::cancel()
{
    if (m_stop)
        m_stop->store(true);
}

bool DatasetController::open(const QString& path, double validationFraction)
{
    if (m_scan)
        return false;
    m_stop = std::make_shared<std::atomic<bool>>(false);
    m_source = path;
    const int generation = (m_pictures ? m_pictures->generation : 0) + 1;
    auto post = [this](auto function) {
        QMetaObject::invokeMethod(this, std::move(function), Qt::QueuedConnection);
    };
    m_scan = QThread::create([this, post, stop = m_stop, path, validationFraction, generation] {
        try {
            fovea::widgets::DatasetSummary summary;
            summary.source = path;
            QStringList names;
            QList<int> labels;
            auto pictures = std::make_shared<Pictures>();
            pictures->generation = generation;
            const std::string source = path.toStdString();
            if (fovea::looksLikeIdxDataset(source)) {
                fovea::IdxDataset idx = fovea::loadIdxDataset(source);
                summary.layout = QStringLiteral("IDX");
                for (const std::string& name : idx.classNames)
                    summary.classNames << QString::fromStdString(name);
                const int classes = int(idx.classNames.size());
                summary.trainCounts = countLabels(idx.train.labels, classes);
                summary.validationCounts = countLabels(idx.test.labels, classes);
                summary.sizes =
                    QStringLiteral("%1 × %2 px").arg(idx.train.cols).arg(idx.train.rows);
                for (std::int64_t i = 0; i < idx.train.count; ++i) {
                    names << QStringLiteral("train #%1").arg(i);
                    labels << int(idx.train.labels[std::size_t(i)]);
                }
                pictures->idx = std::make_shared<const fovea::IdxImageSet>(std::move(idx.train));
            } else {
                fovea::DatasetScanOptions options;
                options.validationFraction = validationFraction;
                const fovea::FolderDataset scanned = fovea::scanDataset(
                    source, options,
                    [&post, this](const fovea::ScanProgress& p) {
                        const bool listing = p.phase == fovea::ScanProgress::Phase::Listing;
                        post([this, listing, found = int(p.filesFound), read = int(p.headersRead)] {
                            Q_EMIT progress(listing ? tr("listing") : tr("reading headers"),
                                            listing ? found : read, found);
                        });
                    },
                    stop.get());
                if (scanned.cancelled)
                    return;
                summary.layout = QString::fromLatin1(fovea::datasetLayoutName(scanned.layout));
                for (const std::string& name : scanned.classNames)
                    summary.classNames << QString::fromStdString(name);
                for (const std::size_t n : scanned.trainCounts)
                    summary.trainCounts << qint64(n);
                for (const std::size_t n : scanned.validationCounts)
                    summary.validationCounts << qint64(n);
                summary.sizes = sizeRange(scanned.sizes);
                for (const fovea::RejectedFile& rejected : scanned.rejected)
                    summary.rejected.append({QString::fromStdString(rejected.path),
                                             QString::fromStdString(rejected.reason)});
                for (const auto* part : {&scanned.train, &scanned.validation})
                    for (const fovea::DatasetSample& sample : *part) {
                        names << QFileInfo(QString::fromStdString(sample.path)).fileName();
                        labels << sample.label;
                        pictures->files.push_back(sample.path);
                    }
            }
            post([this, summary, names, labels, pictures] {
                m_pictures = pictures;
                // The old dataset's worker finds its queue empty and ends.
                if (m_thumbnailQueue)
                    m_thumbnailQueue->abandon();
                m_thumbnailQueue = std::make_shared<ThumbnailQueue>(kWaitingThumbnails);
                Q_EMIT opened(summary, names, labels);
            });
        } catch (const std::exception& error) {
            post([this, reason = QString::fromUtf8(error.what())] { Q_EMIT failed(reason); });
        }
    });
    m_scan->setObjectName(QStringLiteral("fovea-scan"));
    connect(m_scan, &QThread::finished, this, [this] {
        m_scan->deleteLater();
        m_scan = nullptr;
        Q_EMIT busyChanged(false);
    });
    Q_EMIT busyChanged(true);
    m_scan->start();
    return true;
}

QImage DatasetController::thumbnailOfRow(const Pictures& pictures, int row)
{
    try {
        if (pictures.idx) {
            const fovea::IdxImageSet& set = *pictures.idx;
            if (row < 0 || row >= set.count)
                return {};
            const auto* pixels =
                set.pixels.data() + std::size_t(row) * std::size_t(set.rows * set.cols);
            // copy(): scaled() gives a 64-px picture back as itself, over the set's memory.
            return QImage(pixels, set.cols, set.rows, set.cols, QImage::Format_Grayscale8)
                .scaled(64, 64, Qt::KeepAspectRatio, Qt::FastTransformation)
                .copy();
        }
        if (row < 0 || std::size_t(row) >= pictures.files.size())
            return {};
        return thumbnailOf(fovea::decodeImage(pictures.files[std::size_t(row)]));
    } catch (const std::exception&) {
        return {};
    }
}

void DatasetController::requestThumbnail(int row)
{
    if (!m_pictures || !m_thumbnailQueue)
        return;
    const ThumbnailQueue::Added added = m_thumbnailQueue->add(row);
    for (const int dropped : added.dropped)
        Q_EMIT thumbnailDropped(dropped);
    if (!added.startWorker)
        return;
    QMetaObject::invokeMethod(
        m_thumbnailWorker, [this, pictures = m_pictures, queue = m_thumbnailQueue] {
            while (const std::optional<int> row = queue->takeNewest()) {
                const QImage thumbnail = thumbnailOfRow(*pictures, *row);
                if (thumbnail.isNull())
                    continue; // a file the scan accepted but that does not decode: caption only
                QMetaObject::invokeMethod(
                    this,
                    [this, generation = pictures->generation, row = *row, thumbnail] {
                        if (m_pictures && m_pictures->generation == generation)
                            Q_EMIT thumbnailReady(row, thumbnail);
                    },
                    Qt::QueuedConnection);
            }
        });
}

} // namespace fovea::app
