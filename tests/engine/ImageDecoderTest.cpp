// Decoding: every supported format to the right size and colours, the conversions to RGB8
// (grey, palette, alpha, 16-bit, CMYK, PNM max values) and the EXIF orientations, checked
// against Pillow's ImageOps.exif_transpose.
#include "EngineTestHelpers.h"
#include "ImageFixtures.h"

#include "fovea/Error.h"
#include "fovea/ImageDecoder.h"

#include <QDir>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <cstdlib>

using fovea::ImageFormat;
using namespace fovea::testing;

namespace {

/// Fails unless pixel (x, y) of `image` is within `tolerance` of (r, g, b).
bool pixelNear(const fovea::Image& image, int x, int y, int r, int g, int b, int tolerance,
               QByteArray& why)
{
    const std::uint8_t* p = image.pixel(x, y);
    if (std::abs(p[0] - r) <= tolerance && std::abs(p[1] - g) <= tolerance &&
        std::abs(p[2] - b) <= tolerance)
        return true;
    why = QStringLiteral("pixel (%1,%2) is (%3,%4,%5), expected (%6,%7,%8) ± %9")
              .arg(x)
              .arg(y)
              .arg(p[0])
              .arg(p[1])
              .arg(p[2])
              .arg(r)
              .arg(g)
              .arg(b)
              .arg(tolerance)
              .toUtf8();
    return false;
}

#define VERIFY_PIXEL(image, x, y, r, g, b, tolerance)                                              \
    do {                                                                                           \
        QByteArray why;                                                                            \
        QVERIFY2(pixelNear(image, x, y, r, g, b, tolerance, why), why.constData());                \
    } while (false)

} // namespace

class ImageDecoderTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void formats_data();
    void formats();
    void bytesMatchFile();
    void greyBecomesRgb();
    void sixteenBitScaled_data();
    void sixteenBitScaled();
    void alphaComposited_data();
    void alphaComposited();
    void paletteWithTransparency();
    void tiffAlphaPremultipliedByLibtiff();
    void cmyk_data();
    void cmyk();
    void pnmMaxValueScaled_data();
    void pnmMaxValueScaled();
    void exifOrientationMatchesPillow_data();
    void exifOrientationMatchesPillow();
    void jpegOrientationSix();

private:
    QTemporaryDir m_dir;
    QString m_pil; ///< folder of Pillow-made fixtures
};

void ImageDecoderTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_pil = m_dir.filePath(QStringLiteral("pil"));
    QVERIFY(QDir().mkpath(m_pil));
    const QString problem = makePilFixtures(m_pil);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void ImageDecoderTest::formats_data()
{
    QTest::addColumn<QString>("extension");
    QTest::addColumn<int>("format");
    QTest::addColumn<bool>("grey");
    QTest::addColumn<int>("tolerance");
    QTest::addColumn<QString>("misleadingName");
    QTest::newRow("JPEG") << ".jpg" << int(ImageFormat::Jpeg) << false << 6 << "photo.jpg";
    QTest::newRow("PNG") << ".png" << int(ImageFormat::Png) << false << 0 << "picture.png";
    QTest::newRow("BMP") << ".bmp" << int(ImageFormat::Bmp) << false << 0 << "bitmap.bmp";
    QTest::newRow("TIFF") << ".tiff" << int(ImageFormat::Tiff) << false << 0 << "scan.tif";
    QTest::newRow("WebP") << ".webp" << int(ImageFormat::WebP) << false << 0 << "web.webp";
    QTest::newRow("PPM") << ".ppm" << int(ImageFormat::Pnm) << false << 0 << "any.ppm";
    QTest::newRow("PGM") << ".pgm" << int(ImageFormat::Pnm) << true << 0 << "grey.pgm";
    // Content decides, not the name.
    QTest::newRow("PNG named .jpg") << ".png" << int(ImageFormat::Png) << false << 0 << "lie.jpg";
    QTest::newRow("JPEG named .txt") << ".jpg" << int(ImageFormat::Jpeg) << false << 6 << "x.txt";
}

void ImageDecoderTest::formats()
{
    QFETCH(QString, extension);
    QFETCH(int, format);
    QFETCH(bool, grey);
    QFETCH(int, tolerance);
    QFETCH(QString, misleadingName);
    // 48×32 (JPEG blocks fit the halves exactly): left half (200, 30, 60), right (20, 90, 240).
    cv::Mat image = twoColourImage(48, 32, cv::Scalar(60, 30, 200), cv::Scalar(240, 90, 20));
    if (grey)
        image = twoColourImage(48, 32, cv::Scalar(40), cv::Scalar(210), CV_8UC1);
    std::vector<int> params;
    if (extension == ".webp")
        params = {cv::IMWRITE_WEBP_QUALITY, 101}; // lossless
    if (extension == ".jpg")
        params = {cv::IMWRITE_JPEG_QUALITY, 98};
    const auto bytes = encodeImage(image, extension.toStdString(), params);
    QVERIFY(!bytes.empty());
    const QString path = m_dir.filePath(misleadingName);
    QVERIFY(writeBytes(path, bytes));

    const fovea::ImageInfo info = fovea::readImageInfo(path.toStdString());
    QCOMPARE(int(info.format), format);
    QCOMPARE(info.width(), 48);
    QCOMPARE(info.height(), 32);
    QCOMPARE(info.orientation, 1);

    const fovea::Image decoded = fovea::decodeImage(path.toStdString());
    QCOMPARE(decoded.width, 48);
    QCOMPARE(decoded.height, 32);
    QCOMPARE(decoded.rgb.size(), std::size_t(48 * 32 * 3));
    if (grey) {
        VERIFY_PIXEL(decoded, 5, 5, 40, 40, 40, tolerance);
        VERIFY_PIXEL(decoded, 40, 20, 210, 210, 210, tolerance);
    } else {
        VERIFY_PIXEL(decoded, 5, 5, 200, 30, 60, tolerance);
        VERIFY_PIXEL(decoded, 40, 20, 20, 90, 240, tolerance);
    }
}

void ImageDecoderTest::bytesMatchFile()
{
    const cv::Mat image = twoColourImage(10, 6, cv::Scalar(1, 2, 3), cv::Scalar(250, 128, 7));
    const auto bytes = encodeImage(image, ".png");
    const QString path = m_dir.filePath(QStringLiteral("same.png"));
    QVERIFY(writeBytes(path, bytes));
    const fovea::Image fromFile = fovea::decodeImage(path.toStdString());
    const fovea::Image fromBytes = fovea::decodeImageBytes(bytes, "same.png");
    QCOMPARE(fromBytes.width, fromFile.width);
    QVERIFY(fromBytes.rgb == fromFile.rgb);
    VERIFY_PIXEL(fromBytes, 0, 0, 3, 2, 1, 0);
}

void ImageDecoderTest::greyBecomesRgb()
{
    cv::Mat grey(4, 5, CV_8UC1);
    for (int i = 0; i < 20; ++i)
        grey.data[i] = static_cast<std::uint8_t>(i * 12);
    const fovea::Image image = fovea::decodeImageBytes(encodeImage(grey, ".png"), "grey.png");
    QCOMPARE(image.width, 5);
    QCOMPARE(image.height, 4);
    for (int i = 0; i < 20; ++i)
        VERIFY_PIXEL(image, i % 5, i / 5, i * 12, i * 12, i * 12, 0);
}

void ImageDecoderTest::sixteenBitScaled_data()
{
    QTest::addColumn<QString>("extension");
    QTest::addColumn<int>("channels");
    QTest::newRow("PNG RGB 16-bit") << ".png" << 3;
    QTest::newRow("PNG grey 16-bit") << ".png" << 1;
    QTest::newRow("TIFF RGB 16-bit") << ".tiff" << 3;
    QTest::newRow("TIFF grey 16-bit") << ".tiff" << 1;
}

void ImageDecoderTest::sixteenBitScaled()
{
    QFETCH(QString, extension);
    QFETCH(int, channels);
    // BGR (0, 32896, 65535): 32896 = 128 × 257 scales to exactly 128.
    const cv::Mat image = channels == 3 ? cv::Mat(3, 4, CV_16UC3, cv::Scalar(0, 32896, 65535))
                                        : cv::Mat(3, 4, CV_16UC1, cv::Scalar(32896));
    const fovea::Image decoded =
        fovea::decodeImageBytes(encodeImage(image, extension.toStdString()), "deep");
    QCOMPARE(decoded.width, 4);
    if (channels == 3)
        VERIFY_PIXEL(decoded, 3, 2, 255, 128, 0, 0);
    else
        VERIFY_PIXEL(decoded, 3, 2, 128, 128, 128, 0);
}

void ImageDecoderTest::alphaComposited_data()
{
    QTest::addColumn<QString>("extension");
    QTest::addColumn<int>("depth");
    QTest::addColumn<int>("alpha");      ///< in 0..255
    QTest::addColumn<int>("background"); ///< grey level of the background
    QTest::addColumn<int>("red");
    QTest::addColumn<int>("green");
    QTest::newRow("PNG half over white") << ".png" << CV_8U << 128 << 255 << 255 << 127;
    QTest::newRow("PNG half over black") << ".png" << CV_8U << 128 << 0 << 128 << 0;
    QTest::newRow("PNG clear over grey") << ".png" << CV_8U << 0 << 100 << 100 << 100;
    QTest::newRow("PNG opaque") << ".png" << CV_8U << 255 << 100 << 255 << 0;
    QTest::newRow("PNG 16-bit half over white") << ".png" << CV_16U << 128 << 255 << 255 << 127;
    QTest::newRow("WebP half over white") << ".webp" << CV_8U << 128 << 255 << 255 << 127;
    QTest::newRow("TIFF half over black") << ".tiff" << CV_8U << 128 << 0 << 128 << 0;
}

void ImageDecoderTest::alphaComposited()
{
    QFETCH(QString, extension);
    QFETCH(int, depth);
    QFETCH(int, alpha);
    QFETCH(int, background);
    QFETCH(int, red);
    QFETCH(int, green);
    // Red under the alpha (BGRA), with green hidden in what a naive decoder shows.
    const double scale = depth == CV_16U ? 257.0 : 1.0;
    const cv::Mat image(5, 6, CV_MAKETYPE(depth, 4), cv::Scalar(0, 0, 255 * scale, alpha * scale));
    std::vector<int> params;
    if (extension == ".webp")
        params = {cv::IMWRITE_WEBP_QUALITY, 101};
    fovea::DecodeOptions options;
    options.background = {std::uint8_t(background), std::uint8_t(background),
                          std::uint8_t(background)};
    const fovea::Image decoded = fovea::decodeImageBytes(
        encodeImage(image, extension.toStdString(), params), "alpha", options);
    QCOMPARE(decoded.width, 6);
    VERIFY_PIXEL(decoded, 2, 2, red, green, green, 1);
}

void ImageDecoderTest::paletteWithTransparency()
{
    const fovea::Image image = fovea::decodeImage((m_pil + "/palette.png").toStdString());
    QCOMPARE(image.width, 4);
    VERIFY_PIXEL(image, 0, 0, 255, 255, 255, 0); // transparent index over white
    VERIFY_PIXEL(image, 3, 3, 0, 0, 255, 0);
    fovea::DecodeOptions black;
    black.background = {0, 0, 0};
    VERIFY_PIXEL(fovea::decodeImage((m_pil + "/palette.png").toStdString(), black), 0, 0, 0, 0, 0,
                 0);
}

void ImageDecoderTest::tiffAlphaPremultipliedByLibtiff()
{
    // Pillow writes unassociated alpha; libtiff premultiplies it. Composited once, not twice:
    // half-transparent red over white is (255, 127, 127), not (191, 127, 127).
    const fovea::Image image = fovea::decodeImage((m_pil + "/rgba.tif").toStdString());
    VERIFY_PIXEL(image, 1, 1, 255, 127, 127, 1);
}

void ImageDecoderTest::cmyk_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("tolerance");
    QTest::newRow("JPEG") << "cmyk.jpg" << 4;
    QTest::newRow("TIFF") << "cmyk.tif" << 0;
}

void ImageDecoderTest::cmyk()
{
    QFETCH(QString, file);
    QFETCH(int, tolerance);
    const std::string path = (m_pil + "/" + file).toStdString();
    QCOMPARE(fovea::readImageInfo(path).width(), 16);
    const fovea::Image image = fovea::decodeImage(path);
    QCOMPARE(image.width, 16);
    QCOMPARE(image.height, 16);
    VERIFY_PIXEL(image, 8, 8, 255, 0, 0, tolerance);
}

void ImageDecoderTest::pnmMaxValueScaled_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("second"); ///< the second pixel's expected grey level
    QTest::newRow("P5 maxval 15") << QByteArray("P5\n2 1\n15\n\x0f\x07", 12) << 119;
    QTest::newRow("P2 maxval 15") << QByteArray("P2\n2 1\n15\n15 7\n") << 119;
    QTest::newRow("P5 maxval 1023") << QByteArray("P5\n2 1\n1023\n\x03\xff\x01\x00", 16) << 64;
    QTest::newRow("P2 comment, maxval 1023")
        << QByteArray("P2\n# made by hand\n2 1\n1023\n1023 512\n") << 128;
    QTest::newRow("P3 maxval 15") << QByteArray("P3 2 1 15\n15 15 15 7 7 7\n") << 119;
    QTest::newRow("P6 maxval 15") << QByteArray("P6 2 1 15\n\x0f\x0f\x0f\x07\x07\x07", 16) << 119;
    QTest::newRow("P3 maxval 1023")
        << QByteArray("P3 2 1 1023\n1023 1023 1023 512 512 512\n") << 128;
    QTest::newRow("P6 maxval 255") << QByteArray("P6 2 1 255\n\xff\xff\xff\x80\x80\x80", 17) << 128;
}

void ImageDecoderTest::pnmMaxValueScaled()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, second);
    const fovea::Image image = fovea::decodeImageBytes(
        reinterpret_cast<const std::uint8_t*>(bytes.constData()), std::size_t(bytes.size()), "pnm");
    QCOMPARE(image.width, 2);
    QCOMPARE(image.height, 1);
    VERIFY_PIXEL(image, 0, 0, 255, 255, 255, 0);
    VERIFY_PIXEL(image, 1, 0, second, second, second, 0);
}

void ImageDecoderTest::exifOrientationMatchesPillow_data()
{
    QTest::addColumn<int>("orientation");
    for (int orientation = 1; orientation <= 8; ++orientation)
        QTest::addRow("orientation %d", orientation) << orientation;
}

void ImageDecoderTest::exifOrientationMatchesPillow()
{
    QFETCH(int, orientation);
    const std::string stored =
        QStringLiteral("%1/orient%2.png").arg(m_pil).arg(orientation).toStdString();
    const std::string upright =
        QStringLiteral("%1/upright%2.png").arg(m_pil).arg(orientation).toStdString();
    const fovea::ImageInfo info = fovea::readImageInfo(stored);
    QCOMPARE(info.orientation, orientation);
    QCOMPARE(info.storedWidth, 3);
    const fovea::Image decoded = fovea::decodeImage(stored);
    const fovea::Image expected = fovea::decodeImage(upright);
    QCOMPARE(decoded.width, expected.width);
    QCOMPARE(decoded.height, expected.height);
    QCOMPARE(info.width(), expected.width);
    QVERIFY(decoded.rgb == expected.rgb);
}

void ImageDecoderTest::jpegOrientationSix()
{
    // Stored 64×32, blue left half; turned upright it is 32×64 with blue on top.
    const std::string path = (m_pil + "/exif6.jpg").toStdString();
    const fovea::ImageInfo info = fovea::readImageInfo(path);
    QCOMPARE(info.orientation, 6);
    QCOMPARE(info.storedWidth, 64);
    QCOMPARE(info.width(), 32);
    QCOMPARE(info.height(), 64);
    const fovea::Image image = fovea::decodeImage(path);
    QCOMPARE(image.width, 32);
    QCOMPARE(image.height, 64);
    VERIFY_PIXEL(image, 16, 8, 20, 20, 220, 8);
    VERIFY_PIXEL(image, 16, 56, 220, 20, 20, 8);
}

QTEST_GUILESS_MAIN(ImageDecoderTest)
#include "ImageDecoderTest.moc"
