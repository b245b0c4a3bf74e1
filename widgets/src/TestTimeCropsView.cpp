#include "fovea_widgets/TestTimeCropsView.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace fovea::widgets {
namespace {

constexpr int kPictureSide = 360;
constexpr int kTileSide = 112;

QString topText(const QStringList& classes, const QList<double>& probabilities, int count)
{
    QStringList lines;
    for (int i = 0; i < std::min<int>(count, int(classes.size())); ++i)
        lines << QStringLiteral("%1  %2 %")
                     .arg(classes[i])
                     .arg(100.0 * probabilities.value(i), 0, 'f', 1);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

QColor cropColor(int index)
{
    // Evenly spread hues; mirrored crops (the second five of ten) repeat their originals' hue.
    return QColor::fromHsv((index % 5) * 72 + (index / 10) * 24, 220, 230);
}

TestTimeCropsView::TestTimeCropsView(QWidget* parent)
    : QWidget(parent)
    , m_schemeBox(new QComboBox(this))
    , m_openButton(new QPushButton(this))
    , m_source(new QLabel(this))
    , m_picture(new QLabel(this))
    , m_average(new QLabel(this))
    , m_scroll(new QScrollArea(this))
    , m_grid(new QWidget)
    , m_gridLayout(new QGridLayout(m_grid))
{
    m_picture->setMinimumSize(kPictureSide, kPictureSide);
    m_picture->setAlignment(Qt::AlignCenter);
    m_average->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_source->setWordWrap(true);
    m_scroll->setWidget(m_grid);
    m_scroll->setWidgetResizable(true);

    auto* top = new QHBoxLayout;
    top->addWidget(m_openButton);
    top->addWidget(m_schemeBox);
    top->addWidget(m_source, 1);
    m_average->setWordWrap(true);
    auto* leftColumn = new QWidget(this);
    leftColumn->setFixedWidth(kPictureSide + 16);
    auto* left = new QVBoxLayout(leftColumn);
    left->setContentsMargins(0, 0, 0, 0);
    left->addWidget(m_picture);
    left->addWidget(m_average, 1);
    auto* body = new QHBoxLayout;
    body->addWidget(leftColumn);
    body->addWidget(m_scroll, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(body, 1);

    connect(m_openButton, &QPushButton::clicked, this, &TestTimeCropsView::openImageRequested);
    connect(m_schemeBox, &QComboBox::currentIndexChanged, this, [this] {
        if (m_schemeBox->currentIndex() >= 0)
            Q_EMIT schemeChanged(scheme());
    });
    retranslate();
}

void TestTimeCropsView::setSchemes(const QList<QPair<QString, QString>>& schemes)
{
    const QSignalBlocker quiet(m_schemeBox);
    const QString current = scheme();
    m_schemeBox->clear();
    for (const auto& [id, name] : schemes)
        m_schemeBox->addItem(name, id);
    const int index = m_schemeBox->findData(current);
    m_schemeBox->setCurrentIndex(index >= 0 ? index : 0);
}

QString TestTimeCropsView::scheme() const
{
    return m_schemeBox->currentData().toString();
}

void TestTimeCropsView::setScheme(const QString& id)
{
    const int index = m_schemeBox->findData(id);
    if (index >= 0)
        m_schemeBox->setCurrentIndex(index);
}

void TestTimeCropsView::showCrops(const QString& source, const QImage& picture,
                                  const QList<CropTile>& tiles, const QStringList& averageClasses,
                                  const QList<double>& averageProbabilities)
{
    m_tiles = tiles;
    m_source->setText(source);
    // The boxes, drawn on a copy scaled to the page (mirrored crops dashed).
    const double scale =
        double(kPictureSide) / std::max(1, std::max(picture.width(), picture.height()));
    QImage annotated = picture
                           .scaled(std::max(1, int(picture.width() * scale)),
                                   std::max(1, int(picture.height() * scale)),
                                   Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
                           .convertToFormat(QImage::Format_RGB32);
    QPainter painter(&annotated);
    painter.setRenderHint(QPainter::Antialiasing);
    for (int i = 0; i < tiles.size(); ++i) {
        QPen pen(cropColor(i), 2.0, tiles[i].flipped ? Qt::DashLine : Qt::SolidLine);
        painter.setPen(pen);
        const QRectF& box = tiles[i].box;
        painter.drawRect(
            QRectF(box.x() * scale, box.y() * scale, box.width() * scale, box.height() * scale));
    }
    painter.end();
    m_annotated = annotated;
    m_picture->setPixmap(QPixmap::fromImage(annotated));
    m_average->setText(tr("Averaged over %n crop(s):", nullptr, int(tiles.size())) +
                       QLatin1Char('\n') + topText(averageClasses, averageProbabilities, 5));
    rebuildTiles();
}

void TestTimeCropsView::showError(const QString& message)
{
    m_tiles.clear();
    m_annotated = QImage();
    m_picture->clear();
    m_average->setText(message);
    rebuildTiles();
}

void TestTimeCropsView::rebuildTiles()
{
    while (QLayoutItem* item = m_gridLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const int columns = 5;
    for (int i = 0; i < m_tiles.size(); ++i) {
        const CropTile& tile = m_tiles[i];
        auto* cell = new QWidget(m_grid);
        cell->setObjectName(QStringLiteral("cropTile"));
        auto* cellLayout = new QVBoxLayout(cell);
        cellLayout->setContentsMargins(4, 4, 4, 4);
        auto* image = new QLabel(cell);
        QPixmap pixmap = QPixmap::fromImage(
            tile.image.scaled(kTileSide, kTileSide, Qt::KeepAspectRatio, Qt::SmoothTransformation));
        {
            QPainter frame(&pixmap);
            frame.setPen(QPen(cropColor(i), 4.0));
            frame.drawRect(pixmap.rect().adjusted(1, 1, -2, -2));
        }
        image->setPixmap(pixmap);
        auto* caption = new QLabel(
            tile.label + QLatin1Char('\n') + topText(tile.classes, tile.probabilities, 3), cell);
        caption->setWordWrap(true);
        cellLayout->addWidget(image);
        cellLayout->addWidget(caption);
        m_gridLayout->addWidget(cell, i / columns, i % columns, Qt::AlignTop | Qt::AlignLeft);
    }
    m_gridLayout->setRowStretch(int(m_tiles.size() + columns - 1) / columns, 1);
}

void TestTimeCropsView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void TestTimeCropsView::retranslate()
{
    m_openButton->setText(tr("Open image…"));
    m_schemeBox->setToolTip(tr("Which test-time crops to take"));
    if (m_tiles.isEmpty() && m_source->text().isEmpty())
        m_average->setText(
            tr("Open an image, or double-click one on the Classify page, to see every crop the "
               "network is shown and what it predicts for each."));
}

} // namespace fovea::widgets
