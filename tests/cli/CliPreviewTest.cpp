// fovea-cli augmentations and fovea-cli preview, run as separate processes: the catalogue is
// listed, and the contact sheet holds the draws training makes, at the architecture's size.
#include "CliRunner.h"

#include "fovea/ArchitectureRegistry.h"
#include "fovea/Augmentation.h"
#include "fovea/AugmentationPreview.h"
#include "fovea/ImageDecoder.h"
#include "fovea/ImageWriter.h"

#include <QObject>
#include <QTemporaryDir>
#include <QTest>

using fovea::testing::runFoveaCli;

namespace {

// A picture with structure in both directions, so crops and flips show.
fovea::Image gradientPicture(int width, int height)
{
    fovea::Image image;
    image.width = width;
    image.height = height;
    image.rgb.resize(std::size_t(width) * height * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            std::uint8_t* p = &image.rgb[(std::size_t(y) * width + x) * 3];
            p[0] = std::uint8_t(x * 255 / width);
            p[1] = std::uint8_t(y * 255 / height);
            p[2] = std::uint8_t((x + y) % 64 * 4);
        }
    return image;
}

} // namespace

class CliPreviewTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void listsAugmentations();
    void sheetHoldsTheTrainingDraws();
    void badArguments_data();
    void badArguments();

private:
    QTemporaryDir m_dir;
    QString m_picture;
};

void CliPreviewTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_picture = m_dir.filePath("picture.png");
    fovea::writeImageFile(gradientPicture(120, 90), m_picture.toStdString());
}

void CliPreviewTest::listsAugmentations()
{
    const auto run = runFoveaCli({"augmentations"});
    QCOMPARE(run.exitCode, 0);
    for (const fovea::AugmentationKind& kind : fovea::augmentationKinds()) {
        QVERIFY2(run.out.contains(QString::fromStdString(kind.name)), kind.name.c_str());
        for (const fovea::AugmentationParameter& parameter : kind.parameters)
            QVERIFY2(run.out.contains(QString::fromStdString(parameter.name)),
                     parameter.name.c_str());
    }
    for (const std::string& preset : fovea::AugmentationSpec::presetNames())
        QVERIFY2(run.out.contains(QString::fromStdString(preset)), preset.c_str());
}

void CliPreviewTest::sheetHoldsTheTrainingDraws()
{
    const QString sheet = m_dir.filePath("sheet.png");
    const auto run =
        runFoveaCli({"preview", m_picture, "--arch", "small-cnn", "--input-size", "48", "--augment",
                     "howard", "--count", "6", "--columns", "3", "--seed", "5", "-o", sheet});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const fovea::Image written = fovea::decodeImage(sheet.toStdString());
    // Three columns, two rows of 48 px with 4 px gaps.
    QCOMPARE(written.width, 3 * 48 + 2 * 4);
    QCOMPARE(written.height, 2 * 48 + 4);
    // The tiles are the draws of epochs 1..6 for seed 5, as training makes them.
    const auto items = fovea::previewAugmentations(
        gradientPicture(120, 90), fovea::AugmentationSpec::preset("howard"),
        fovea::architecture("small-cnn").preprocessing, 48, 6, 5, 0, 1);
    for (int k = 0; k < 6; ++k) {
        const int left = (k % 3) * 52;
        const int top = (k / 3) * 52;
        for (int y = 0; y < 48; y += 7)
            for (int x = 0; x < 48; x += 5)
                for (int c = 0; c < 3; ++c)
                    QCOMPARE(written.pixel(left + x, top + y)[c],
                             items[k].augmented.pixel(x, y)[c]);
    }
}

void CliPreviewTest::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown preset") << QStringList{"--augment", "sparkle"} << 2 << "sparkle";
    QTest::newRow("unknown architecture") << QStringList{"--arch", "alexnet9"} << 2 << "alexnet9";
    QTest::newRow("unknown extension") << QStringList{"-o", "sheet.xyz"} << 2 << ".xyz";
    QTest::newRow("input below the minimum")
        << QStringList{"--arch", "resnet18", "--input-size", "8"} << 2 << "below the minimum of 32";
    // Each flag in range, together over 12 GB: refused before any draw, not swapped to death.
    QTest::newRow("a sheet too large to hold")
        << QStringList{"--count", "256", "--input-size", "4096"} << 2 << "4295-megapixel sheet";
}

void CliPreviewTest::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, mentions);
    const auto run = runFoveaCli(QStringList{"preview", m_picture} + arguments);
    QVERIFY2(run.exitCode == exitCode,
             qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.err)));
    QVERIFY2(run.err.contains(mentions), qPrintable(run.err));
}

QTEST_GUILESS_MAIN(CliPreviewTest)
#include "CliPreviewTest.moc"
