// Bad inputs: empty, truncated, mislabelled, unsupported and decompression-bomb files each give a
// fovea::Error(CorruptFile) that names the file and the reason, quickly, without a huge
// allocation and without a crash.
#include "EngineTestHelpers.h"
#include "ImageFixtures.h"

#include "fovea/Error.h"
#include "fovea/ImageDecoder.h"

#include <QDir>
#include <QElapsedTimer>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <zlib.h>

using fovea::ErrorCode;
using namespace fovea::testing;

namespace {

constexpr std::uint64_t kHeadroomBytes = 512ull << 20;

void appendBigEndian(QByteArray& out, quint32 value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.append(char((value >> shift) & 0xff));
}

QByteArray pngChunk(const char* type, const QByteArray& data)
{
    QByteArray chunk;
    appendBigEndian(chunk, quint32(data.size()));
    const QByteArray body = QByteArray(type, 4) + data;
    chunk += body;
    appendBigEndian(chunk, quint32(crc32(0, reinterpret_cast<const Bytef*>(body.constData()),
                                         uInt(body.size()))));
    return chunk;
}

/// A PNG whose header claims width × height, with a few bytes of real image data.
QByteArray pngClaiming(quint32 width, quint32 height)
{
    QByteArray ihdr;
    appendBigEndian(ihdr, width);
    appendBigEndian(ihdr, height);
    ihdr += QByteArray("\x08\x02\x00\x00\x00", 5); // 8-bit RGB
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) +
           pngChunk("IDAT", qCompress(QByteArray(1000, 0)).mid(4)) + pngChunk("IEND", {});
}

QByteArray jpegClaiming(quint16 width, quint16 height)
{
    QByteArray jpeg("\xff\xd8\xff\xc0\x00\x11\x08", 7);
    jpeg += char(height >> 8);
    jpeg += char(height & 0xff);
    jpeg += char(width >> 8);
    jpeg += char(width & 0xff);
    jpeg += QByteArray("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);
    return jpeg + QByteArray(64, 0) + QByteArray("\xff\xd9", 2);
}

QByteArray bmpClaiming(qint32 width, qint32 height)
{
    QByteArray bmp("BM", 2);
    bmp += QByteArray(12, 0);
    const qint32 fields[] = {40, width, height};
    for (qint32 field : fields)
        for (int i = 0; i < 4; ++i)
            bmp += char((quint32(field) >> (8 * i)) & 0xff);
    bmp += QByteArray("\x01\x00\x18\x00", 4); // 1 plane, 24 bits
    return bmp + QByteArray(64, 0);
}

QByteArray tiffClaiming(quint32 width, quint32 height)
{
    QByteArray tiff("MM\x00\x2a\x00\x00\x00\x08\x00\x02", 10); // two entries
    tiff += QByteArray("\x01\x00\x00\x04\x00\x00\x00\x01", 8); // ImageWidth, LONG, 1
    appendBigEndian(tiff, width);
    tiff += QByteArray("\x01\x01\x00\x04\x00\x00\x00\x01", 8); // ImageLength, LONG, 1
    appendBigEndian(tiff, height);
    return tiff + QByteArray(4, 0);
}

QByteArray webpClaiming(quint32 width, quint32 height)
{
    QByteArray webp("RIFF\x40\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x00\x00\x00\x00", 24);
    for (quint32 side : {width - 1, height - 1})
        for (int i = 0; i < 3; ++i)
            webp += char((side >> (8 * i)) & 0xff);
    return webp + QByteArray(40, 0);
}

} // namespace

class BadImageTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void rejected_data();
    void rejected();
    void bombRejectedFromHeader_data();
    void bombRejectedFromHeader();
    void customPixelLimit();
    void missingFileAndFolder();
    void corruptImageData();

private:
    QString write(const QString& name, const QByteArray& bytes);
    QTemporaryDir m_dir;
    QString m_pil;
    QByteArray m_jpeg;
    QByteArray m_png;
};

void BadImageTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_pil = m_dir.filePath(QStringLiteral("pil"));
    QVERIFY(QDir().mkpath(m_pil));
    const QString problem = makePilFixtures(m_pil);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const cv::Mat image = twoColourImage(64, 48, cv::Scalar(10, 200, 30), cv::Scalar(90, 9, 250));
    for (auto [extension, into] : {std::pair{".jpg", &m_jpeg}, std::pair{".png", &m_png}}) {
        const auto bytes = encodeImage(image, extension);
        *into = QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size()));
    }
    QVERIFY(m_jpeg.size() > 200 && m_png.size() > 100);
}

QString BadImageTest::write(const QString& name, const QByteArray& bytes)
{
    const QString path = m_dir.filePath(name);
    if (!writeBytes(path, bytes))
        return {};
    return path;
}

void BadImageTest::rejected_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("reason");   ///< part of the message
    QTest::addColumn<bool>("headerFails"); ///< readImageInfo already refuses it
    const QByteArray jpeg = m_jpeg;
    const QByteArray png = m_png;
    QTest::newRow("zero bytes") << "empty.jpg" << QByteArray() << "empty" << true;
    QTest::newRow("text named .png")
        << "notes.png" << QByteArray("just some text\n") << "text" << true;
    QTest::newRow("JPEG cut in half")
        << "half.jpg" << jpeg.left(jpeg.size() / 2) << "truncated" << false;
    QTest::newRow("JPEG without its last byte")
        << "last.jpg" << jpeg.left(jpeg.size() - 1) << "truncated" << false;
    QTest::newRow("JPEG cut in the headers") << "head.jpg" << jpeg.left(40) << "truncated" << true;
    QTest::newRow("PNG cut in the image data")
        << "half.png" << png.left(png.size() - 30) << "truncated" << false;
    QTest::newRow("PNG without IEND")
        << "noend.png" << png.left(png.size() - 12) << "IEND" << false;
    QTest::newRow("PNG cut in the header") << "ihdr.png" << png.left(20) << "truncated" << true;
    QTest::newRow("PNG signature only") << "sig.png" << png.left(8) << "truncated" << true;
    QTest::newRow("GIF named .png")
        << "anim.png" << QByteArray("GIF89a\x01\x00\x01\x00\x00\x00\x00;", 14) << "GIF" << true;
    QTest::newRow("JPEG 2000") << "x.jp2" << QByteArray("\0\0\0\x0cjP  \r\n\x87\n\0\0\0\0", 16)
                               << "JPEG 2000" << true;
    QTest::newRow("PAM") << "x.pnm" << QByteArray("P7\nWIDTH 1\nHEIGHT 1\n") << "PAM" << true;
    QTest::newRow("unknown binary")
        << "x.bin" << QByteArray("\x01\x02\x03\x04\x05\x06\x07\x08\x09", 9)
        << "unknown image format" << true;
    QTest::newRow("three bytes") << "tiny.bmp" << QByteArray("\x01\x02\x03", 3) << "too short"
                                 << true;
    QTest::newRow("BMP header only")
        << "short.bmp" << QByteArray("BM\0\0", 4) << "truncated" << true;
    QTest::newRow("PNM without size") << "bad.ppm" << QByteArray("P6\n#x\n") << "PNM" << true;
    QTest::newRow("PNM maxval 70000")
        << "deep.pgm" << QByteArray("P5 1 1 70000\n\0\0", 15) << "maximum value" << true;
    QTest::newRow("zero-width PNG") << "zero.png" << pngClaiming(0, 10) << "size" << true;
    QTest::newRow("TIFF directory outside the file")
        << "far.tif" << QByteArray("II\x2a\x00\xff\xff\x00\x00", 8) << "TIFF" << true;
}

void BadImageTest::rejected()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, reason);
    QFETCH(bool, headerFails);
    const QString path = write(name, bytes);
    QVERIFY(!path.isEmpty());

    const auto headerError = captureError([&] { fovea::readImageInfo(path.toStdString()); });
    QCOMPARE(headerError.has_value(), headerFails);
    for (const auto& error :
         {captureError([&] { fovea::decodeImage(path.toStdString()); }), captureError([&] {
              fovea::decodeImageBytes(reinterpret_cast<const std::uint8_t*>(bytes.constData()),
                                      std::size_t(bytes.size()), path.toStdString());
          })}) {
        FOVEA_VERIFY_ERROR(error, ErrorCode::CorruptFile);
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, path);
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, reason);
    }
}

void BadImageTest::bombRejectedFromHeader_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("size");
    QTest::newRow("PNG 100000×100000") << pngClaiming(100000, 100000) << "100000×100000";
    QTest::newRow("PNG 2^31-1 × 2^31-1") << pngClaiming(0x7fffffff, 0x7fffffff) << "2147483647";
    QTest::newRow("PNG 20000×20000 (400 MP)") << pngClaiming(20000, 20000) << "20000×20000";
    QTest::newRow("JPEG 65535×65535") << jpegClaiming(65535, 65535) << "65535×65535";
    QTest::newRow("BMP 100000×100000") << bmpClaiming(100000, 100000) << "100000×100000";
    QTest::newRow("BMP top-down 100000×-100000") << bmpClaiming(100000, -100000) << "100000×100000";
    QTest::newRow("TIFF 100000×100000") << tiffClaiming(100000, 100000) << "100000×100000";
    QTest::newRow("WebP 16384×16384") << webpClaiming(16384, 16384) << "16384×16384";
    QTest::newRow("PNM 100000×100000")
        << QByteArray("P6\n100000 100000\n255\n\0\0\0", 24) << "100000×100000";
}

void BadImageTest::bombRejectedFromHeader()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, size);
    const QString path = write(QStringLiteral("bomb.png"), bytes);
    QVERIFY(!path.isEmpty());
    AddressSpaceLimit limit(kHeadroomBytes);
    QVERIFY2(limit.active(), "could not cap the address space");
    QElapsedTimer timer;
    timer.start();
    for (const auto& error :
         {captureError([&] { fovea::readImageInfo(path.toStdString()); }),
          captureError([&] { fovea::decodeImage(path.toStdString()); }), captureError([&] {
              fovea::decodeImageBytes(reinterpret_cast<const std::uint8_t*>(bytes.constData()),
                                      std::size_t(bytes.size()), path.toStdString());
          })}) {
        FOVEA_VERIFY_ERROR(error, ErrorCode::CorruptFile);
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, path);
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, size);
    }
    QVERIFY2(timer.elapsed() < 500, qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));
}

void BadImageTest::customPixelLimit()
{
    // 64×48 = 3072 pixels: refused one pixel below, accepted at the limit.
    const QString path = write(QStringLiteral("limit.png"), m_png);
    fovea::DecodeOptions options;
    options.maxPixels = 3071;
    const auto error = captureError([&] { fovea::decodeImage(path.toStdString(), options); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::CorruptFile);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("limit of 3071 pixels"));
    options.maxPixels = 3072;
    QCOMPARE(fovea::decodeImage(path.toStdString(), options).width, 64);
}

void BadImageTest::missingFileAndFolder()
{
    const QString missing = m_dir.filePath(QStringLiteral("nowhere.png"));
    const auto error = captureError([&] { fovea::decodeImage(missing.toStdString()); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::NotFound);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, missing);
    const auto folder = captureError([&] { fovea::decodeImage(m_dir.path().toStdString()); });
    FOVEA_VERIFY_ERROR(folder, ErrorCode::Io);
    FOVEA_VERIFY_MESSAGE_CONTAINS(folder, m_dir.path());
}

void BadImageTest::corruptImageData()
{
    // Complete streams with garbage inside: every outcome is an image or a clean error.
    for (const QByteArray& original : {m_jpeg, m_png}) {
        for (int start = 20; start < original.size() - 20; start += 37) {
            QByteArray damaged = original;
            for (int i = start; i < start + 8; ++i)
                damaged[i] = char(damaged[i] ^ 0x5a);
            try {
                const fovea::Image image = fovea::decodeImageBytes(
                    reinterpret_cast<const std::uint8_t*>(damaged.constData()),
                    std::size_t(damaged.size()), "damaged");
                QCOMPARE(image.rgb.size(), std::size_t(image.width) * image.height * 3);
            } catch (const fovea::Error& error) {
                QCOMPARE(codeName(error.code()), codeName(ErrorCode::CorruptFile));
            }
        }
    }
    const auto animated =
        captureError([&] { fovea::decodeImage((m_pil + "/animated.webp").toStdString()); });
    if (QFile::exists(m_pil + "/animated.webp")) {
        FOVEA_VERIFY_ERROR(animated, ErrorCode::CorruptFile);
        FOVEA_VERIFY_MESSAGE_CONTAINS(animated, QStringLiteral("animated"));
    }
    const auto gif =
        captureError([&] { fovea::decodeImage((m_pil + "/palette.gif").toStdString()); });
    FOVEA_VERIFY_ERROR(gif, ErrorCode::CorruptFile);
    FOVEA_VERIFY_MESSAGE_CONTAINS(gif, QStringLiteral("GIF images are not supported"));
}

QTEST_GUILESS_MAIN(BadImageTest)
#include "BadImageTest.moc"
