#pragma once

#include <QImage>
#include <QList>
#include <QMetaType>
#include <QRectF>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QScrollArea;

namespace fovea::widgets {

/// One test-time crop as the Crops page shows it.
struct CropTile {
    QImage image; ///< the crop the network sees (before normalisation)
    QRectF box;   ///< where it comes from, in the original picture's pixels
    bool flipped = false;
    QString label;       ///< e.g. "top-left, 256 px, mirrored"
    QStringList classes; ///< its own most probable classes, best first
    QList<double> probabilities;
};

/// What multi-crop evaluation does to one picture: the picture with every crop's box drawn on
/// it, each crop as a tile with its own top classes, and the averaged prediction. Shows data it
/// is given; asks for a picture or another scheme by signals.
class TestTimeCropsView : public QWidget {
    Q_OBJECT

public:
    explicit TestTimeCropsView(QWidget* parent = nullptr);

    /// The schemes offered, as (id, shown name); the first is selected.
    void setSchemes(const QList<QPair<QString, QString>>& schemes);
    QString scheme() const;
    void setScheme(const QString& id);

    void showCrops(const QString& source, const QImage& picture, const QList<CropTile>& tiles,
                   const QStringList& averageClasses, const QList<double>& averageProbabilities);
    void showError(const QString& message);

    int tileCount() const { return int(m_tiles.size()); }
    const QList<CropTile>& tiles() const { return m_tiles; }
    /// The picture with the boxes drawn, as shown.
    QImage annotatedPicture() const { return m_annotated; }

Q_SIGNALS:
    void openImageRequested();
    void schemeChanged(const QString& id);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void rebuildTiles();

    QComboBox* m_schemeBox;
    QPushButton* m_openButton;
    QLabel* m_source;
    QLabel* m_picture;
    QLabel* m_average;
    QScrollArea* m_scroll;
    QWidget* m_grid;
    QGridLayout* m_gridLayout;
    QList<CropTile> m_tiles;
    QImage m_annotated;
};

/// A distinct colour for crop `index` (the tile's frame and its box on the picture).
QColor cropColor(int index);

} // namespace fovea::widgets

Q_DECLARE_METATYPE(fovea::widgets::CropTile)
