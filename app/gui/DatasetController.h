#pragma once

#include "fovea_widgets/DatasetView.h"

#include <QImage>
#include <QObject>

#include <atomic>
#include <memory>

class QThread;

namespace fovea::app {

class ThumbnailQueue;

/// Opens datasets for the Data page off the GUI thread: IDX files are read, folders and list
/// files scanned (the engine's scanDataset: headers only, progress, cancel), and thumbnails of
/// the rows a view shows are decoded by the engine on a second worker as they are asked for.
class DatasetController : public QObject {
    Q_OBJECT

public:
    explicit DatasetController(QObject* parent = nullptr);
    ~DatasetController() override;

    /// Starts reading `path` with `validationFraction` held out when it has no validation part;
    /// false while a scan runs.
    bool open(const QString& path, double validationFraction);
    bool isScanning() const { return m_scan != nullptr; }
    QString source() const { return m_source; }

public Q_SLOTS:
    void cancel();
    /// Decodes the thumbnail of row `row` of the last dataset opened. The newest requests are
    /// served first; the oldest are dropped beyond a few screens' worth (thumbnailDropped).
    void requestThumbnail(int row);

Q_SIGNALS:
    void busyChanged(bool busy);
    void progress(const QString& phase, int done, int total);
    /// The dataset: its summary, and one caption and class per picture (the grid's rows).
    void opened(const fovea::widgets::DatasetSummary& summary, const QStringList& names,
                const QList<int>& labels);
    void failed(const QString& reason);
    void thumbnailReady(int row, const QImage& thumbnail);
    /// The request for `row` was dropped unserved: ask again if it is painted again.
    void thumbnailDropped(int row);

private:
    struct Pictures;
    /// Row `row` of `pictures` as a thumbnail; null when it cannot be decoded.
    static QImage thumbnailOfRow(const Pictures& pictures, int row);
    QThread* m_scan = nullptr;
    std::shared_ptr<std::atomic<bool>> m_stop;
    QThread* m_thumbnailThread;
    QObject* m_thumbnailWorker;
    std::shared_ptr<const Pictures> m_pictures;       ///< what thumbnails are made from
    std::shared_ptr<ThumbnailQueue> m_thumbnailQueue; ///< m_pictures' rows waiting
    QString m_source;
};

} // namespace fovea::app
