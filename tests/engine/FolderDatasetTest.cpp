// Dataset scanning: folder per class (nested), train/val folders, CSV/TSV lists, progress and
// cancellation, rejected files with reasons, links that dangle or loop, non-ASCII names, and the
// seeded validation split.
#include "EngineTestHelpers.h"
#include "ImageFixtures.h"

#include "fovea/Error.h"
#include "fovea/FolderDataset.h"
#include "fovea/ImageDecoder.h"

#include <QDir>
#include <QFile>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <algorithm>
#include <atomic>

using fovea::DatasetLayout;
using fovea::ErrorCode;
using namespace fovea::testing;

namespace {

/// Writes a w×h PNG (or JPEG for a .jpg name) at `root`/`relative`, creating folders.
bool putImage(const QString& root, const QString& relative, int width = 8, int height = 6)
{
    const QString path = root + "/" + relative;
    if (!QDir().mkpath(QFileInfo(path).path()))
        return false;
    const cv::Mat image(height, width, CV_8UC3, cv::Scalar(30, 60, 90));
    return writeBytes(path, encodeImage(image, relative.endsWith(".jpg") ? ".jpg" : ".png"));
}

std::vector<std::string> names(const std::vector<fovea::DatasetSample>& samples)
{
    std::vector<std::string> result;
    for (const auto& sample : samples)
        result.push_back(QFileInfo(qs(sample.path)).fileName().toStdString());
    return result;
}

/// The reason recorded for the rejected path ending in `suffix`, or an empty string.
QString reasonFor(const fovea::FolderDataset& dataset, const QString& suffix)
{
    for (const auto& rejected : dataset.rejected)
        if (qs(rejected.path).endsWith(suffix))
            return qs(rejected.reason);
    return {};
}

} // namespace

class FolderDatasetTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void leftOutFilesAreListed();
    void folderPerClassNested();
    void trainValFolders();
    void listFiles_data();
    void listFiles();
    void progressAndCancel();
    void rejectedWithReasons();
    void danglingAndLoopingLinks();
    void nonAsciiNames();
    void seededSplitOfAFolder();
    void badArguments();
};

void FolderDatasetTest::folderPerClassNested()
{
    QTemporaryDir dir;
    const QString root = dir.path();
    QVERIFY(putImage(root, "dog/b.png", 10, 20));
    QVERIFY(putImage(root, "dog/a.jpg", 30, 40));
    QVERIFY(putImage(root, "cat/deep/er/c.png", 20, 10));
    QVERIFY(putImage(root, "cat/x.png"));
    QVERIFY(putImage(root, ".hidden/h.png"));
    QVERIFY(putImage(root, "cat/.thumbs/t.png"));
    QVERIFY(QDir().mkpath(root + "/empty"));

    const fovea::FolderDataset data = fovea::scanDataset(root.toStdString());
    QCOMPARE(int(data.layout), int(DatasetLayout::FolderPerClass));
    QVERIFY(!data.cancelled);
    QCOMPARE(data.classNames, (std::vector<std::string>{"cat", "dog", "empty"}));
    QCOMPARE(names(data.train), (std::vector<std::string>{"c.png", "x.png", "a.jpg", "b.png"}));
    QCOMPARE(data.train[0].label, 0);
    QCOMPARE(data.train[3].label, 1);
    QCOMPARE(data.trainCounts, (std::vector<std::size_t>{2, 2, 0}));
    QCOMPARE(data.validationCounts, (std::vector<std::size_t>{0, 0, 0}));
    QVERIFY(data.validation.empty());
    QVERIFY(data.rejected.empty());
    QCOMPARE(data.sizes.count, std::size_t(4));
    QCOMPARE(data.sizes.minWidth, 8);
    QCOMPARE(data.sizes.maxWidth, 30);
    QCOMPARE(data.sizes.minHeight, 6);
    QCOMPARE(data.sizes.maxHeight, 40);
    QCOMPARE(data.sizes.meanWidth, (10 + 30 + 20 + 8) / 4.0);
    QCOMPARE(data.sizes.meanHeight, (20 + 40 + 10 + 6) / 4.0);
}

void FolderDatasetTest::trainValFolders()
{
    QTemporaryDir dir;
    const QString root = dir.path();
    for (const char* file : {"train/ant/1.png", "train/ant/2.png", "train/bee/sub/3.png",
                             "val/ant/4.png", "val/bee/5.png", "val/wasp/6.png", "test/ant/7.png"})
        QVERIFY(putImage(root, file));
    QVERIFY(putImage(root, "readme.png"));

    fovea::DatasetScanOptions options;
    options.validationFraction = 0.5; // ignored: a val folder exists
    const fovea::FolderDataset data = fovea::scanDataset(root.toStdString(), options);
    QCOMPARE(int(data.layout), int(DatasetLayout::TrainValFolders));
    QCOMPARE(data.classNames, (std::vector<std::string>{"ant", "bee"}));
    QCOMPARE(names(data.train), (std::vector<std::string>{"1.png", "2.png", "3.png"}));
    QCOMPARE(names(data.validation), (std::vector<std::string>{"4.png", "5.png"}));
    QCOMPARE(data.trainCounts, (std::vector<std::size_t>{2, 1}));
    QCOMPARE(data.validationCounts, (std::vector<std::size_t>{1, 1}));
    QVERIFY(!data.validationIsSplit);
    QVERIFY(reasonFor(data, "/val/wasp/6.png").contains("class 'wasp'"));
    QVERIFY(reasonFor(data, "/test").contains("ignored"));
    QVERIFY(reasonFor(data, "/readme.png").contains("not inside"));
    QCOMPARE(data.rejected.size(), std::size_t(3));
}

void FolderDatasetTest::listFiles_data()
{
    QTest::addColumn<QString>("listName");
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("CSV with header and quotes") << "list.csv"
                                                << QByteArray("path,label\n"
                                                              "images/a.png,cat\n"
                                                              "\"images/with, comma.png\",dog\n"
                                                              "# a comment\n"
                                                              "\n"
                                                              "images/sub/b.png , cat\r\n"
                                                              "images/missing.png,dog\n"
                                                              "only-one-field\n");
    QTest::newRow("TSV without header")
        << "list.tsv"
        << QByteArray("images/a.png\tcat\nimages/with, comma.png\tdog\nimages/sub/b.png\tcat\n"
                      "images/missing.png\tdog\nonly-one-field\n");
}

void FolderDatasetTest::listFiles()
{
    QFETCH(QString, listName);
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    const QString root = dir.path();
    QVERIFY(putImage(root, "images/a.png"));
    QVERIFY(putImage(root, "images/with, comma.png"));
    QVERIFY(putImage(root, "images/sub/b.png", 12, 14));
    QVERIFY(putImage(root, "unlisted/c.png"));
    QVERIFY(writeBytes(root + "/" + listName, content));

    const fovea::FolderDataset data = fovea::scanDataset((root + "/" + listName).toStdString());
    QCOMPARE(int(data.layout), int(DatasetLayout::ListFile));
    QCOMPARE(data.classNames, (std::vector<std::string>{"cat", "dog"}));
    QCOMPARE(names(data.train), (std::vector<std::string>{"a.png", "b.png", "with, comma.png"}));
    QCOMPARE(qs(data.train[0].path), root + "/images/a.png");
    QCOMPARE(data.train[1].width, 12);
    QCOMPARE(data.trainCounts, (std::vector<std::size_t>{2, 1}));
    QCOMPARE(data.rejected.size(), std::size_t(2));
    QVERIFY(reasonFor(data, "missing.png").contains("does not exist"));
    QVERIFY(data.rejected[0].path.find(listName.toStdString() + ":") != std::string::npos ||
            data.rejected[1].path.find(listName.toStdString() + ":") != std::string::npos);

    // A second list for validation.
    QVERIFY(writeBytes(root + "/val.csv", QByteArray("images/a.png,dog\n")));
    fovea::DatasetScanOptions options;
    options.validationList = (root + "/val.csv").toStdString();
    const auto withVal = fovea::scanDataset((root + "/" + listName).toStdString(), options);
    QCOMPARE(withVal.validationCounts, (std::vector<std::size_t>{0, 1}));
}

void FolderDatasetTest::progressAndCancel()
{
    QTemporaryDir dir;
    for (int i = 0; i < 30; ++i)
        QVERIFY(putImage(dir.path(), QStringLiteral("c%1/%2.png").arg(i % 3).arg(i)));

    fovea::DatasetScanOptions options;
    options.progressIntervalMs = 0;
    options.threads = 3;
    std::vector<fovea::ScanProgress> seen;
    const auto full = fovea::scanDataset(dir.path().toStdString(), options,
                                         [&](const fovea::ScanProgress& p) { seen.push_back(p); });
    QCOMPARE(full.train.size(), std::size_t(30));
    QVERIFY(seen.size() >= 3);
    QCOMPARE(int(seen.front().phase), int(fovea::ScanProgress::Phase::Listing));
    QCOMPARE(int(seen.back().phase), int(fovea::ScanProgress::Phase::Done));
    QCOMPARE(seen.back().filesFound, std::size_t(30));
    QCOMPARE(seen.back().headersRead, std::size_t(30));
    QVERIFY(std::any_of(seen.begin(), seen.end(), [](const fovea::ScanProgress& p) {
        return p.phase == fovea::ScanProgress::Phase::ReadingHeaders && p.headersRead > 0;
    }));

    // Stop while listing: the scan ends promptly and says it is incomplete.
    std::atomic<bool> stop{false};
    int calls = 0;
    const auto stopped = fovea::scanDataset(
        dir.path().toStdString(), options,
        [&](const fovea::ScanProgress& p) {
            ++calls;
            if (p.filesFound >= 5)
                stop = true;
        },
        &stop);
    QVERIFY(stopped.cancelled);
    QVERIFY(stopped.train.empty());
    QVERIFY(stopped.classNames.empty());
    QVERIFY(calls < 40);

    // Stopped before it starts.
    const auto never = fovea::scanDataset(dir.path().toStdString(), options, {}, &stop);
    QVERIFY(never.cancelled);
    QVERIFY(never.train.empty());
}

void FolderDatasetTest::rejectedWithReasons()
{
    QTemporaryDir dir;
    const QString root = dir.path();
    QVERIFY(putImage(root, "a/good.png"));
    QVERIFY(writeBytes(root + "/a/empty.jpg", QByteArray()));
    QVERIFY(writeBytes(root + "/a/notes.png", QByteArray("hello\n")));
    QVERIFY(
        writeBytes(root + "/a/anim.png", QByteArray("GIF89a\x01\x00\x01\x00\x00\x00\x00;", 14)));
    QVERIFY(putImage(root, "a/big.png", 100, 100));
    QVERIFY(mkfifo(QFile::encodeName(root + "/a/pipe").constData(), 0600) == 0);

    fovea::DatasetScanOptions options;
    options.decode.maxPixels = 5000;
    const auto data = fovea::scanDataset(root.toStdString(), options);
    QCOMPARE(names(data.train), (std::vector<std::string>{"good.png"}));
    QCOMPARE(data.rejected.size(), std::size_t(5));
    QVERIFY(reasonFor(data, "empty.jpg").contains("empty"));
    QVERIFY(reasonFor(data, "notes.png").contains("text"));
    QVERIFY(reasonFor(data, "anim.png").contains("GIF"));
    QVERIFY(reasonFor(data, "big.png").contains("limit"));
    QVERIFY(reasonFor(data, "pipe").contains("not a regular file"));
    for (const auto& rejected : data.rejected)
        QVERIFY2(rejected.reason.find(rejected.path) == std::string::npos,
                 "the reason repeats the path");
}

void FolderDatasetTest::danglingAndLoopingLinks()
{
    QTemporaryDir dir;
    const QString root = dir.path();
    QVERIFY(putImage(root, "a/one.png"));
    QVERIFY(putImage(root, "elsewhere/two.png"));
    QVERIFY(QFile::link(root + "/a/nothing.png", root + "/a/dangling.png"));
    QVERIFY(QFile::link(root + "/a", root + "/a/loop"));              // back to its own folder
    QVERIFY(QFile::link(root, root + "/a/up"));                       // back to the root
    QVERIFY(QFile::link(root + "/a/self", root + "/a/self"));         // resolves to itself
    QVERIFY(QFile::link(root + "/elsewhere", root + "/a/linked"));    // a real folder: followed
    QVERIFY(QFile::link(root + "/a/one.png", root + "/a/again.png")); // a file link: followed

    const auto data = fovea::scanDataset(root.toStdString());
    QCOMPARE(data.classNames, (std::vector<std::string>{"a", "elsewhere"}));
    // The link to a class folder is not followed: two.png belongs to "elsewhere" alone.
    QCOMPARE(names(data.train), (std::vector<std::string>{"again.png", "one.png", "two.png"}));
    QCOMPARE(data.trainCounts, (std::vector<std::size_t>{2, 1}));
    QVERIFY(reasonFor(data, "dangling.png").contains("dangling"));
    QVERIFY(reasonFor(data, "/a/linked").contains("already scanned"));
    QVERIFY(reasonFor(data, "/a/loop").contains("already scanned"));
    QVERIFY(reasonFor(data, "/a/up").contains("already scanned"));
    QVERIFY(reasonFor(data, "/a/self").contains("loop"));
    QCOMPARE(data.rejected.size(), std::size_t(5));
}

void FolderDatasetTest::nonAsciiNames()
{
    QTemporaryDir dir;
    const QString root = dir.path();
    const QString file = QStringLiteral("Kätzchen/猫 ü.png");
    QVERIFY(putImage(root, file, 9, 7));
    QVERIFY(putImage(root, QStringLiteral("Ωmega/ß.jpg"), 16, 16));
    const auto data = fovea::scanDataset(root.toStdString());
    QCOMPARE(data.classNames.size(), std::size_t(2));
    QCOMPARE(qs(data.classNames[0]), QStringLiteral("Kätzchen"));
    QCOMPARE(qs(data.classNames[1]), QStringLiteral("Ωmega"));
    QCOMPARE(qs(data.train[0].path), root + "/" + file);
    QCOMPARE(data.train[0].width, 9);
    const fovea::Image image = fovea::decodeImage(data.train[0].path);
    QCOMPARE(image.height, 7);
    QCOMPARE(fovea::decodeImage(data.train[1].path).width, 16);
}

void FolderDatasetTest::seededSplitOfAFolder()
{
    QTemporaryDir dir;
    const int perClass[] = {10, 20, 5};
    for (int c = 0; c < 3; ++c)
        for (int i = 0; i < perClass[c]; ++i)
            QVERIFY(putImage(dir.path(),
                             QStringLiteral("class%1/%2.png").arg(c).arg(i, 2, 10, QChar('0'))));
    fovea::DatasetScanOptions options;
    options.validationFraction = 0.2;
    options.seed = 7;
    const auto first = fovea::scanDataset(dir.path().toStdString(), options);
    const auto second = fovea::scanDataset(dir.path().toStdString(), options);
    QVERIFY(first.validationIsSplit);
    QCOMPARE(first.validationCounts, (std::vector<std::size_t>{2, 4, 1}));
    QCOMPARE(first.trainCounts, (std::vector<std::size_t>{8, 16, 4}));
    QCOMPARE(names(first.validation), names(second.validation));
    options.seed = 8;
    const auto other = fovea::scanDataset(dir.path().toStdString(), options);
    QCOMPARE(other.validationCounts, first.validationCounts);
    QVERIFY(names(other.validation) != names(first.validation));
}

void FolderDatasetTest::badArguments()
{
    QTemporaryDir dir;
    const auto missing =
        captureError([&] { fovea::scanDataset(dir.filePath("none").toStdString()); });
    FOVEA_VERIFY_ERROR(missing, ErrorCode::NotFound);
    FOVEA_VERIFY_MESSAGE_CONTAINS(missing, dir.filePath("none"));
    fovea::DatasetScanOptions options;
    options.validationFraction = 1.0;
    const auto fraction =
        captureError([&] { fovea::scanDataset(dir.path().toStdString(), options); });
    FOVEA_VERIFY_ERROR(fraction, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(fraction, QStringLiteral("validationFraction"));
}

void FolderDatasetTest::leftOutFilesAreListed()
{
    std::vector<fovea::RejectedFile> rejected;
    for (int i = 0; i < 12; ++i)
        rejected.push_back({"d/" + std::to_string(i) + ".png", "not a picture"});
    const QStringList lines =
        QString::fromStdString(fovea::describeRejected(rejected, "d")).split('\n');
    QCOMPARE(lines.size(), 12); // the count, ten files, the rest counted
    QCOMPARE(lines.front(), QStringLiteral("12 file(s) left out of 'd':"));
    QCOMPARE(lines.at(1), QStringLiteral("  d/0.png: not a picture"));
    QCOMPARE(lines.at(10), QStringLiteral("  d/9.png: not a picture"));
    QCOMPARE(lines.back(), QStringLiteral("  … and 2 more"));
    QCOMPARE(
        QString::fromStdString(fovea::describeRejected({rejected.front()}, "d")).split('\n').size(),
        2);
}

QTEST_GUILESS_MAIN(FolderDatasetTest)
#include "FolderDatasetTest.moc"
