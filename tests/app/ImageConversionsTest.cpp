// Thumbnails own their pixels: a picture already at the thumbnail's size used to come back over
// the decoded picture's freed memory, and the Data page showed other pictures' pixels.
#include "ImageConversions.h"

#include "fovea/Image.h"

#include <QObject>
#include <QTest>

#include <memory>

class ImageConversionsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void thumbnailsOwnTheirPixels_data();
    void thumbnailsOwnTheirPixels();
};

void ImageConversionsTest::thumbnailsOwnTheirPixels_data()
{
    QTest::addColumn<int>("side");
    QTest::addColumn<int>("expected");
    QTest::newRow("already thumbnail-sized") << 64 << 64;
    QTest::newRow("shrunk") << 200 << 64;
    QTest::newRow("enlarged") << 28 << 64;
}

void ImageConversionsTest::thumbnailsOwnTheirPixels()
{
    QFETCH(int, side);
    QFETCH(int, expected);
    auto picture = std::make_unique<fovea::Image>();
    picture->width = side;
    picture->height = side;
    picture->rgb.assign(std::size_t(side) * std::size_t(side) * 3, 200);
    const QImage thumbnail = fovea::app::thumbnailOf(*picture);
    QCOMPARE(thumbnail.size(), QSize(expected, expected));
    QVERIFY(thumbnail.constBits() != picture->rgb.data());
    // The picture goes (its memory reused by the next one): the thumbnail is unchanged.
    picture->rgb.assign(picture->rgb.size(), 7);
    picture.reset();
    QCOMPARE(qRed(thumbnail.pixel(expected / 2, expected / 2)), 200);
}

QTEST_APPLESS_MAIN(ImageConversionsTest)
#include "ImageConversionsTest.moc"
