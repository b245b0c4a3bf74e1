// The colour adjustments (brightness, contrast, saturation, hue, grayscale; 8-bit and float) and
// the blur kind, compared with torchvision.transforms.functional on a PIL image, computed by
// /usr/bin/python3 (tests/engine/color_reference.py); the adjustments on views and their refusal
// of other pixel types.
#include "EngineTestHelpers.h"
#include "PhotometricTestPictures.h"
#include "PictureTestHelpers.h"

#include "data/augment/ColorAdjustments.h"
#include "fovea/Augmentation.h"
#include "fovea/Error.h"

#include <QDir>
#include <QFile>
#include <QObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/core.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <utility>

using fovea::AugmentationStep;
using fovea::ErrorCode;
using fovea::data::SampleRandom;
using namespace fovea::testing;
using namespace fovea::testing::photometric;

class ColorReferenceTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void matchesTorchvision_data();
    void matchesTorchvision();
    void floatAdjustmentsFollowTorchvision_data();
    void floatAdjustmentsFollowTorchvision();
    void adjustmentsWorkOnViews();
    void adjustmentsRefuseOtherTypes();

private:
    QTemporaryDir m_dir;
    cv::Mat m_picture;
    QStringList m_operations;        ///< what color_reference.py was asked
    std::vector<cv::Mat> m_expected; ///< its answers, same order
    QString m_referenceProblem;      ///< why there are no answers

    /// color_reference.py's answer for `operation`, which initTestCase must have asked for.
    const cv::Mat& expected(const QString& operation) const
    {
        const qsizetype index = m_operations.indexOf(operation);
        if (index < 0 || std::size_t(index) >= m_expected.size())
            qFatal("no reference answer for %s", qPrintable(operation));
        return m_expected[std::size_t(index)];
    }

    /// Fails the test unless `ours` is within `tolerance` grey levels of color_reference.py's
    /// answer for `operation`; logs the difference under `label`. Call it last in a test.
    void verifyCloseToReference(const QString& operation, const QString& label, const cv::Mat& ours,
                                double tolerance) const
    {
        const double difference = maxDifference(ours, expected(operation));
        qInfo("%s: largest difference from torchvision %g grey levels", qPrintable(label),
              difference);
        QVERIFY2(difference <= tolerance,
                 qPrintable(QStringLiteral("differs from torchvision by %1 > %2")
                                .arg(difference)
                                .arg(tolerance)));
    }
};

void ColorReferenceTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_picture = testPicture();
    for (const char* factor : {"0", "0.37", "0.6", "1", "1.45", "2"})
        m_operations << QStringLiteral("brightness:%1").arg(factor);
    for (const char* factor : {"0", "0.5", "0.83", "1.3", "1.9"})
        m_operations << QStringLiteral("contrast:%1").arg(factor);
    for (const char* factor : {"0", "0.35", "1", "1.6", "2"})
        m_operations << QStringLiteral("saturation:%1").arg(factor);
    for (const char* shift : {"-0.5", "-0.21", "-0.05", "0", "0.1", "0.33", "0.5"})
        m_operations << QStringLiteral("hue:%1").arg(shift);
    m_operations << QStringLiteral("grayscale");
    // torchvision's tensor path on floats, for the float pictures.
    for (const char* operation :
         {"brightness:0.6", "brightness:1.45", "contrast:0.5", "contrast:1.9", "saturation:0.35",
          "saturation:1.6", "hue:-0.5", "hue:-0.21", "hue:0.33", "hue:0.5"})
        m_operations << QStringLiteral("tensor_%1").arg(QLatin1String(operation));
    // The blur kind's kernel: side 2·ceil(3σ) + 1.
    for (const double sigma : {0.6, 1.3, 2.7})
        m_operations
            << QStringLiteral("blur:%1:%2").arg(2 * int(std::ceil(3.0 * sigma)) + 1).arg(sigma);

    QFile input(m_dir.filePath(QStringLiteral("input.rgb")));
    QVERIFY(input.open(QIODevice::WriteOnly));
    QVERIFY(m_picture.isContinuous());
    input.write(reinterpret_cast<const char*>(m_picture.data),
                qint64(m_picture.total() * m_picture.elemSize()));
    input.close();

    const QString python = QStringLiteral("/usr/bin/python3");
    if (!QFile::exists(python)) {
        m_referenceProblem = QStringLiteral("/usr/bin/python3 is not installed");
        return;
    }
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(python,
                  QStringList{QStringLiteral(FOVEA_SOURCE_DIR "/tests/engine/color_reference.py"),
                              m_dir.path(), QString::number(kWidth), QString::number(kHeight)} +
                      m_operations);
    QVERIFY(process.waitForFinished(120'000));
    const QString output = QString::fromUtf8(process.readAll());
    if (process.exitStatus() == QProcess::NormalExit && process.exitCode() == 3) {
        m_referenceProblem = output.trimmed();
        return;
    }
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             qPrintable(QStringLiteral("color_reference.py failed: ") + output));
    for (int i = 0; i < m_operations.size(); ++i) {
        // The tensor path answers in float32, the PIL path in bytes.
        const bool floating = m_operations[i].startsWith(QLatin1String("tensor_"));
        const QString name = QString::number(i) + QLatin1String(floating ? ".f32" : ".rgb");
        QFile file(m_dir.filePath(name));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(name));
        const QByteArray bytes = file.readAll();
        const int type = floating ? CV_32FC3 : CV_8UC3;
        QCOMPARE(std::size_t(bytes.size()), m_picture.total() * CV_ELEM_SIZE(type));
        m_expected.push_back(
            cv::Mat(kHeight, kWidth, type, const_cast<char*>(bytes.data())).clone());
    }
}

void ColorReferenceTest::matchesTorchvision_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<double>("tolerance");
    // The colour adjustments promise Pillow's bytes exactly (ColorAdjustments.h; checked once
    // over all 2^24 colours as well), so any difference is a bug: a rounding where Pillow
    // truncates shows as 1. The blur may differ by one level: OpenCV's fixed-point 8-bit kernel
    // against torchvision's float convolution.
    for (const QString& operation : m_operations) {
        if (operation.startsWith(QLatin1String("tensor_")))
            continue;
        const bool blur = operation.startsWith(QLatin1String("blur"));
        QTest::newRow(qPrintable(operation)) << operation << (blur ? 1.0 : 0.0);
    }
}

void ColorReferenceTest::matchesTorchvision()
{
    QFETCH(QString, operation);
    QFETCH(double, tolerance);
    if (!m_referenceProblem.isEmpty())
        QSKIP(qPrintable(m_referenceProblem));
    cv::Mat ours = m_picture.clone();
    if (!adjustColours(ours, operation)) {
        // "blur:<kernel side>:<sigma>"
        const QStringList parts = operation.split(QLatin1Char(':'));
        QCOMPARE(parts[0], QStringLiteral("blur"));
        const double sigma = parts[2].toDouble();
        ours = applyStep(makeStep("gaussian_blur", {{"sigma_min", sigma}, {"sigma_max", sigma}}),
                         m_picture, 7);
    }
    QCOMPARE(ours.type(), CV_8UC3);
    verifyCloseToReference(operation, operation, ours, tolerance);
}

void ColorReferenceTest::floatAdjustmentsFollowTorchvision_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<double>("tolerance");
    // Against Pillow's 8-bit answer a float picture may differ by the level Pillow truncates
    // (1), plus for contrast and saturation |1 − f| times the half level Pillow rounds its grey
    // to. Pillow's hue is too coarse to compare with (1/255-turn hue, truncated shift, and a
    // wrap modulo 256 instead of 255: up to 13 levels measured), so hue, like the rest, is also
    // compared with torchvision's float tensor path, whose grey weights are 0.2989/0.587/0.114
    // where ours are Pillow's 0.299/0.587/0.114 (a few hundredths of a level).
    for (const char* operation : {"brightness:0.6", "brightness:1.45", "contrast:0.5",
                                  "contrast:1.9", "saturation:0.35", "saturation:1.6"})
        QTest::newRow(operation) << QString::fromLatin1(operation) << 1.5;
    QTest::newRow("grayscale") << "grayscale" << 1.0;
    for (const QString& operation : m_operations)
        if (operation.startsWith(QLatin1String("tensor_")))
            QTest::newRow(qPrintable(operation)) << operation << 0.05;
}

void ColorReferenceTest::floatAdjustmentsFollowTorchvision()
{
    QFETCH(QString, operation);
    QFETCH(double, tolerance);
    if (!m_referenceProblem.isEmpty())
        QSKIP(qPrintable(m_referenceProblem));
    cv::Mat ours;
    m_picture.convertTo(ours, CV_32F);
    QVERIFY2(adjustColours(ours, operation), qPrintable(operation));
    QCOMPARE(ours.type(), CV_32FC3);
    const auto [lowest, highest] = valueRange(ours);
    QVERIFY(lowest >= 0.0 && highest <= 255.0);
    verifyCloseToReference(operation, operation + QStringLiteral(" (float picture)"), ours,
                           tolerance);
}

void ColorReferenceTest::adjustmentsWorkOnViews()
{
    // A region of a larger picture has rows that are not contiguous: every function must walk
    // row by row and leave the pixels around the region alone.
    const std::vector<std::function<void(cv::Mat&)>> operations{
        [](cv::Mat& m) { fovea::data::adjustBrightness(m, 1.3); },
        [](cv::Mat& m) { fovea::data::adjustContrast(m, 0.7); },
        [](cv::Mat& m) { fovea::data::adjustSaturation(m, 1.7); },
        [](cv::Mat& m) { fovea::data::adjustHue(m, 0.2); },
        [](cv::Mat& m) { fovea::data::toGrayscale(m); },
    };
    for (const bool floating : {false, true}) {
        cv::Mat picture = m_picture.clone();
        if (floating)
            picture.convertTo(picture, CV_32F);
        const cv::Rect region(5, 3, 40, 30);
        for (const auto& operation : operations) {
            cv::Mat whole = picture.clone();
            cv::Mat view = whole(region);
            QVERIFY(!view.isContinuous());
            cv::Mat alone = picture(region).clone();
            operation(view);
            operation(alone);
            QVERIFY(identical(whole(region), alone));
            cv::Mat outside = whole.clone();
            picture(region).copyTo(outside(region));
            QVERIFY(identical(outside, picture));
        }
    }
}

void ColorReferenceTest::adjustmentsRefuseOtherTypes()
{
    cv::Mat grey(4, 4, CV_8UC1, cv::Scalar(9));
    auto error = fovea::testing::captureError([&] { fovea::data::adjustContrast(grey, 1.2); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("CV_8UC1"));
    cv::Mat rgb = m_picture.clone();
    error = fovea::testing::captureError([&] { fovea::data::adjustHue(rgb, 0.7); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("0.7"));
}

QTEST_GUILESS_MAIN(ColorReferenceTest)
#include "ColorReferenceTest.moc"
