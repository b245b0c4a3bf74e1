// The IDX reader: plain and gzipped files, every malformed input a clean fovea::Error that names
// the file, and no allocation sized by an untrusted header.
#include "AddressSpaceLimit.h"
#include "EngineTestHelpers.h"
#include "SyntheticIdx.h"

#include "fovea/Error.h"
#include "fovea/IdxDataset.h"

#include <QDir>
#include <QFile>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>
#include <zlib.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

using fovea::ErrorCode;
using fovea::testing::captureError;
using fovea::testing::qs;

namespace {

constexpr std::uint32_t kImagesMagic = 0x00000803;
constexpr std::uint32_t kLabelsMagic = 0x00000801;

void appendBigEndian(std::vector<unsigned char>& out, std::uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<unsigned char>((value >> shift) & 0xff));
}

/// Writes `bytes` to `path`, gzipped or plain.
void writeRaw(const QString& path, const std::vector<unsigned char>& bytes, bool gzip)
{
    if (gzip) {
        gzFile file = gzopen(QFile::encodeName(path).constData(), "wb");
        QVERIFY(file);
        if (!bytes.empty())
            QCOMPARE(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())),
                     static_cast<int>(bytes.size()));
        QCOMPARE(gzclose(file), Z_OK);
    } else {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(file.write(reinterpret_cast<const char*>(bytes.data()), qint64(bytes.size())),
                 qint64(bytes.size()));
    }
}

/// Writes an IDX file with the given magic, header dimensions and payload (gzipped or plain).
void writeIdx(const QString& path, std::uint32_t magic, const std::vector<std::uint32_t>& dims,
              const std::vector<unsigned char>& payload, bool gzip)
{
    std::vector<unsigned char> bytes;
    appendBigEndian(bytes, magic);
    for (std::uint32_t dim : dims)
        appendBigEndian(bytes, dim);
    bytes.insert(bytes.end(), payload.begin(), payload.end());
    writeRaw(path, bytes, gzip);
}

/// A pixel pattern that differs from image to image and row to row.
std::vector<unsigned char> patternBytes(std::size_t count)
{
    std::vector<unsigned char> bytes(count);
    for (std::size_t i = 0; i < count; ++i)
        bytes[i] = static_cast<unsigned char>((i * 37 + i / 251 + 11) & 0xff);
    return bytes;
}

using fovea::testing::AddressSpaceLimit;

constexpr std::uint64_t kHeadroomBytes = 512ull << 20;

} // namespace

class IdxReaderTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsImages_data();
    void readsImages();
    void readsLabels_data();
    void readsLabels();
    void readsSyntheticDataset_data();
    void readsSyntheticDataset();
    void truncatedImages_data();
    void truncatedImages();
    void truncatedLabels_data();
    void truncatedLabels();
    void wrongMagic_data();
    void wrongMagic();
    void missingFile_data();
    void missingFile();
    void absurdHeader_data();
    void absurdHeader();
    void hugeClaimOnTinyFile_data();
    void hugeClaimOnTinyFile();
    void classNamesFromFile();
    void classNamesDefaults_data();
    void classNamesDefaults();
    void missingSplitFile_data();
    void missingSplitFile();
    void missingFolder();
    void labelCountMismatch_data();
    void labelCountMismatch();
    void labelBeyondClassNames();
    void trainTestSizeMismatch();
    void looksLikeIdxDataset();

private:
    /// A fresh small dataset below a new temporary folder; returns its path.
    QString makeDataset(QTemporaryDir& dir, const QString& name = QStringLiteral("data"),
                        bool gzip = true);
};

QString IdxReaderTest::makeDataset(QTemporaryDir& dir, const QString& name, bool gzip)
{
    fovea::testing::SyntheticIdxOptions options;
    options.trainCount = 64;
    options.testCount = 16;
    options.size = 12;
    options.classes = 4;
    options.gzip = gzip;
    const QString folder = dir.filePath(name);
    fovea::testing::writeSyntheticIdxDataset(folder.toStdString(), options);
    return folder;
}

void IdxReaderTest::readsImages_data()
{
    QTest::addColumn<bool>("gzip");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::newRow("plain 5 of 3x4") << false << 5 << 3 << 4;
    QTest::newRow("gzip 5 of 3x4") << true << 5 << 3 << 4;
    QTest::newRow("gzip 40 of 28x28") << true << 40 << 28 << 28;
    QTest::newRow("plain 1 of 1x1") << false << 1 << 1 << 1;
    QTest::newRow("gzip no images") << true << 0 << 2 << 2;
}

void IdxReaderTest::readsImages()
{
    QFETCH(bool, gzip);
    QFETCH(int, count);
    QFETCH(int, rows);
    QFETCH(int, cols);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(gzip ? "images.gz" : "images");
    const std::vector<unsigned char> pixels = patternBytes(std::size_t(count) * rows * cols);
    writeIdx(path, kImagesMagic, {std::uint32_t(count), std::uint32_t(rows), std::uint32_t(cols)},
             pixels, gzip);

    const fovea::IdxImageSet set = fovea::readIdxImages(path.toStdString());
    QCOMPARE(set.count, std::int64_t(count));
    QCOMPARE(set.rows, rows);
    QCOMPARE(set.cols, cols);
    QCOMPARE(set.pixels.size(), pixels.size());
    QVERIFY(set.pixels == pixels);
}

void IdxReaderTest::readsLabels_data()
{
    QTest::addColumn<bool>("gzip");
    QTest::addColumn<int>("count");
    QTest::newRow("plain 10") << false << 10;
    QTest::newRow("gzip 300") << true << 300;
    QTest::newRow("gzip none") << true << 0;
}

void IdxReaderTest::readsLabels()
{
    QFETCH(bool, gzip);
    QFETCH(int, count);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("labels");
    std::vector<unsigned char> labels(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i)
        labels[std::size_t(i)] = static_cast<unsigned char>((i * 7) % 10);
    writeIdx(path, kLabelsMagic, {std::uint32_t(count)}, labels, gzip);

    const std::vector<std::uint8_t> read = fovea::readIdxLabels(path.toStdString());
    QCOMPARE(read.size(), labels.size());
    QVERIFY(read == labels);
}

void IdxReaderTest::readsSyntheticDataset_data()
{
    QTest::addColumn<bool>("gzip");
    QTest::newRow("gzip") << true;
    QTest::newRow("plain") << false;
}

void IdxReaderTest::readsSyntheticDataset()
{
    QFETCH(bool, gzip);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = makeDataset(dir, QStringLiteral("data"), gzip);
    QCOMPARE(QFile::exists(folder + "/train-images-idx3-ubyte.gz"), gzip);

    const fovea::IdxDataset data = fovea::loadIdxDataset(folder.toStdString());
    QCOMPARE(data.train.count, std::int64_t(64));
    QCOMPARE(data.test.count, std::int64_t(16));
    for (const fovea::IdxImageSet* set : {&data.train, &data.test}) {
        QCOMPARE(set->rows, 12);
        QCOMPARE(set->cols, 12);
        QCOMPARE(set->pixels.size(), std::size_t(set->count) * 12 * 12);
        QCOMPARE(set->labels.size(), std::size_t(set->count));
        // The fixture draws class k as a bright band of 3 rows at rows 3k..3k+2 over dark
        // noise: the pixels read back must show exactly that structure.
        for (std::int64_t i = 0; i < set->count; ++i) {
            const int label = set->labels[std::size_t(i)];
            QVERIFY(label >= 0 && label < 4);
            for (int y = 0; y < 12; ++y) {
                const bool inBand = y / 3 == label;
                for (int x = 0; x < 12; ++x) {
                    const int pixel = set->pixels[std::size_t(i) * 144 + std::size_t(y) * 12 + x];
                    QVERIFY2(inBand ? pixel >= 215 : pixel <= 40,
                             qPrintable(QStringLiteral("image %1 (label %2) pixel (%3,%4) = %5")
                                            .arg(i)
                                            .arg(label)
                                            .arg(x)
                                            .arg(y)
                                            .arg(pixel)));
                }
            }
        }
    }
}

void IdxReaderTest::truncatedImages_data()
{
    QTest::addColumn<bool>("gzip");
    QTest::addColumn<int>("claimed");
    QTest::addColumn<int>("actual");
    QTest::newRow("plain, 10 claimed, 3 present") << false << 10 << 3;
    QTest::newRow("gzip, 10 claimed, 3 present") << true << 10 << 3;
    QTest::newRow("plain, 2 claimed, none present") << false << 2 << 0;
    QTest::newRow("gzip, 5000 claimed, 4999 present") << true << 5000 << 4999;
}

void IdxReaderTest::truncatedImages()
{
    QFETCH(bool, gzip);
    QFETCH(int, claimed);
    QFETCH(int, actual);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("truncated-images-idx3-ubyte");
    fovea::testing::writeIdxImagesFile(path.toStdString(), std::uint32_t(claimed), actual, 8, gzip);
    const std::string opened = (path + (gzip ? ".gz" : "")).toStdString();

    const auto error = captureError([&] { fovea::readIdxImages(opened); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::CorruptFile);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, qs(opened));
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("truncated"));
}

void IdxReaderTest::truncatedLabels_data()
{
    QTest::addColumn<bool>("gzip");
    QTest::addColumn<int>("headerBytes");
    QTest::addColumn<int>("payloadBytes");
    // The labels header is 8 bytes (magic, count); the count claims 20 labels.
    QTest::newRow("plain, 19 of 20 labels") << false << 8 << 19;
    QTest::newRow("gzip, 19 of 20 labels") << true << 8 << 19;
    QTest::newRow("plain, header cut inside the count") << false << 6 << 0;
    QTest::newRow("gzip, header cut inside the magic") << true << 2 << 0;
}

void IdxReaderTest::truncatedLabels()
{
    QFETCH(bool, gzip);
    QFETCH(int, headerBytes);
    QFETCH(int, payloadBytes);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("labels");
    std::vector<unsigned char> bytes;
    appendBigEndian(bytes, kLabelsMagic);
    appendBigEndian(bytes, 20);
    bytes.resize(std::size_t(headerBytes));
    bytes.resize(bytes.size() + std::size_t(payloadBytes), 1);
    writeRaw(path, bytes, gzip);

    const auto error = captureError([&] { fovea::readIdxLabels(path.toStdString()); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::CorruptFile);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, path);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("truncated"));
}

void IdxReaderTest::wrongMagic_data()
{
    QTest::addColumn<bool>("readImages");
    QTest::addColumn<quint32>("magic");
    QTest::addColumn<bool>("gzip");
    QTest::newRow("images reader, labels magic") << true << quint32(kLabelsMagic) << false;
    QTest::newRow("labels reader, images magic") << false << quint32(kImagesMagic) << true;
    QTest::newRow("images reader, int32 images (0x0c03)") << true << quint32(0x00000c03) << true;
    QTest::newRow("images reader, text file") << true << quint32(0x68656c6c) << false;
    QTest::newRow("labels reader, zero magic") << false << quint32(0) << false;
}

void IdxReaderTest::wrongMagic()
{
    QFETCH(bool, readImages);
    QFETCH(quint32, magic);
    QFETCH(bool, gzip);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("file");
    // A header and payload that would be valid for the intended reader apart from the magic.
    if (readImages)
        writeIdx(path, magic, {2, 4, 4}, patternBytes(32), gzip);
    else
        writeIdx(path, magic, {4}, patternBytes(4), gzip);

    const auto error = captureError([&] {
        if (readImages)
            fovea::readIdxImages(path.toStdString());
        else
            fovea::readIdxLabels(path.toStdString());
    });
    FOVEA_VERIFY_ERROR(error, ErrorCode::CorruptFile);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, path);
}

void IdxReaderTest::missingFile_data()
{
    QTest::addColumn<bool>("readImages");
    QTest::newRow("images") << true;
    QTest::newRow("labels") << false;
}

void IdxReaderTest::missingFile()
{
    QFETCH(bool, readImages);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("no-such-file-idx3-ubyte.gz");
    const auto error = captureError([&] {
        if (readImages)
            fovea::readIdxImages(path.toStdString());
        else
            fovea::readIdxLabels(path.toStdString());
    });
    FOVEA_VERIFY_ERROR(error, ErrorCode::NotFound);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, path);
}

void IdxReaderTest::absurdHeader_data()
{
    QTest::addColumn<quint32>("count");
    QTest::addColumn<quint32>("rows");
    QTest::addColumn<quint32>("cols");
    QTest::newRow("100000x100000 images") << quint32(10) << quint32(100000) << quint32(100000);
    QTest::newRow("100000 rows") << quint32(10) << quint32(100000) << quint32(28);
    QTest::newRow("100000 columns") << quint32(10) << quint32(28) << quint32(100000);
    QTest::newRow("zero rows") << quint32(10) << quint32(0) << quint32(28);
    QTest::newRow("5 GiB of 4096x4096 images") << quint32(320) << quint32(4096) << quint32(4096);
    QTest::newRow("4 billion 28x28 images") << quint32(0xffffffff) << quint32(28) << quint32(28);
}

void IdxReaderTest::absurdHeader()
{
    QFETCH(quint32, count);
    QFETCH(quint32, rows);
    QFETCH(quint32, cols);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("absurd-images-idx3-ubyte.gz");
    writeIdx(path, kImagesMagic, {count, rows, cols}, patternBytes(64), true);

    AddressSpaceLimit limit(kHeadroomBytes);
    QVERIFY2(limit.active(), "could not cap the address space");
    const auto error = captureError([&] { fovea::readIdxImages(path.toStdString()); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::CorruptFile);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, path);
}

void IdxReaderTest::hugeClaimOnTinyFile_data()
{
    QTest::addColumn<bool>("readImages");
    QTest::addColumn<quint32>("count");
    // Claims that pass every size limit (just under 4 GiB of pixels; 4 billion labels) on files
    // of a few bytes: the reader must find the truncation without allocating the claim first.
    QTest::newRow("images: 2^30-1 of 2x2") << true << quint32(0x3fffffff);
    QTest::newRow("labels: 2^32-1") << false << quint32(0xffffffff);
}

void IdxReaderTest::hugeClaimOnTinyFile()
{
    QFETCH(bool, readImages);
    QFETCH(quint32, count);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("tiny");
    if (readImages)
        writeIdx(path, kImagesMagic, {count, 2, 2}, patternBytes(16), false);
    else
        writeIdx(path, kLabelsMagic, {count}, patternBytes(16), false);

    AddressSpaceLimit limit(kHeadroomBytes);
    QVERIFY2(limit.active(), "could not cap the address space");
    const auto error = captureError([&] {
        if (readImages)
            fovea::readIdxImages(path.toStdString());
        else
            fovea::readIdxLabels(path.toStdString());
    });
    FOVEA_VERIFY_ERROR(error, ErrorCode::CorruptFile);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, path);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("truncated"));
}

void IdxReaderTest::classNamesFromFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = makeDataset(dir);
    QFile classes(folder + "/classes.txt");
    QVERIFY(classes.open(QIODevice::WriteOnly | QIODevice::Truncate));
    // Windows line ends and a blank line must not leak into the names.
    classes.write("circle\r\nsquare\n\nfive-pointed star\nmoon\n");
    classes.close();

    const fovea::IdxDataset data = fovea::loadIdxDataset(folder.toStdString());
    const std::vector<std::string> expected{"circle", "square", "five-pointed star", "moon"};
    QVERIFY(data.classNames == expected);
    QCOMPARE(qs(data.folder), folder);
}

void IdxReaderTest::classNamesDefaults_data()
{
    QTest::addColumn<QString>("folderName");
    QTest::addColumn<QString>("firstName");
    QTest::addColumn<QString>("lastName");
    QTest::newRow("fashion") << "Fashion-MNIST"
                             << "T-shirt/top"
                             << "Ankle boot";
    QTest::newRow("digits") << "mnist"
                            << "0"
                            << "9";
}

void IdxReaderTest::classNamesDefaults()
{
    QFETCH(QString, folderName);
    QFETCH(QString, firstName);
    QFETCH(QString, lastName);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = makeDataset(dir, folderName);
    QVERIFY(QFile::remove(folder + "/classes.txt"));

    const fovea::IdxDataset data = fovea::loadIdxDataset(folder.toStdString());
    QCOMPARE(data.classNames.size(), std::size_t(10));
    QCOMPARE(qs(data.classNames.front()), firstName);
    QCOMPARE(qs(data.classNames.back()), lastName);
}

void IdxReaderTest::missingSplitFile_data()
{
    QTest::addColumn<QString>("stem");
    QTest::newRow("t10k images") << "t10k-images-idx3-ubyte";
    QTest::newRow("t10k labels") << "t10k-labels-idx1-ubyte";
    QTest::newRow("train labels") << "train-labels-idx1-ubyte";
    QTest::newRow("train images") << "train-images-idx3-ubyte";
}

void IdxReaderTest::missingSplitFile()
{
    QFETCH(QString, stem);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = makeDataset(dir);
    QVERIFY(QFile::remove(folder + "/" + stem + ".gz"));

    const auto error = captureError([&] { fovea::loadIdxDataset(folder.toStdString()); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::NotFound);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, stem);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, folder);
}

void IdxReaderTest::missingFolder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = dir.filePath("nowhere");
    const auto error = captureError([&] { fovea::loadIdxDataset(folder.toStdString()); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::NotFound);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, folder);
}

void IdxReaderTest::labelCountMismatch_data()
{
    QTest::addColumn<QString>("labelsStem");
    QTest::addColumn<int>("labelCount");
    QTest::newRow("train: fewer labels than images") << "train-labels-idx1-ubyte" << 63;
    QTest::newRow("train: more labels than images") << "train-labels-idx1-ubyte" << 65;
    QTest::newRow("test: fewer labels than images") << "t10k-labels-idx1-ubyte" << 10;
}

void IdxReaderTest::labelCountMismatch()
{
    QFETCH(QString, labelsStem);
    QFETCH(int, labelCount);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = makeDataset(dir);
    const QString path = folder + "/" + labelsStem + ".gz";
    writeIdx(path, kLabelsMagic, {std::uint32_t(labelCount)},
             std::vector<unsigned char>(std::size_t(labelCount), 1), true);

    const auto error = captureError([&] { fovea::loadIdxDataset(folder.toStdString()); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::CorruptFile);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, path);
}

void IdxReaderTest::labelBeyondClassNames()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = makeDataset(dir); // labels 0..3
    QFile classes(folder + "/classes.txt");
    QVERIFY(classes.open(QIODevice::WriteOnly | QIODevice::Truncate));
    classes.write("only\ntwo\n");
    classes.close();

    const auto error = captureError([&] { fovea::loadIdxDataset(folder.toStdString()); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::CorruptFile);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, folder);
}

void IdxReaderTest::trainTestSizeMismatch()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = makeDataset(dir); // 12x12
    writeIdx(folder + "/t10k-images-idx3-ubyte.gz", kImagesMagic, {16, 10, 10},
             patternBytes(16 * 10 * 10), true);

    const auto error = captureError([&] { fovea::loadIdxDataset(folder.toStdString()); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::CorruptFile);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, folder);
}

void IdxReaderTest::looksLikeIdxDataset()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString plain = makeDataset(dir, QStringLiteral("plain"), false);
    const QString gzip = makeDataset(dir, QStringLiteral("gzip"), true);
    QVERIFY(QDir().mkpath(dir.filePath("empty")));
    QVERIFY(fovea::looksLikeIdxDataset(plain.toStdString()));
    QVERIFY(fovea::looksLikeIdxDataset(gzip.toStdString()));
    QVERIFY(!fovea::looksLikeIdxDataset(dir.filePath("empty").toStdString()));
    QVERIFY(!fovea::looksLikeIdxDataset(dir.filePath("missing").toStdString()));
}

QTEST_GUILESS_MAIN(IdxReaderTest)
#include "IdxReaderTest.moc"
