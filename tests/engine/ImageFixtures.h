// Fixture helpers for the image decoding and dataset tests: files written on the fly with OpenCV,
// Pillow for what OpenCV cannot write, and an address-space cap for the decompression-bomb tests.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

#include "AddressSpaceLimit.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <sys/resource.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace fovea::testing {

/// Left half one colour, right half another (BGR order, as OpenCV writes).
inline cv::Mat twoColourImage(int width, int height, const cv::Scalar& left,
                              const cv::Scalar& right, int type = CV_8UC3)
{
    cv::Mat image(height, width, type, right);
    image(cv::Rect(0, 0, width / 2, height)).setTo(left);
    return image;
}

inline std::vector<std::uint8_t> encodeImage(const cv::Mat& image, const std::string& extension,
                                             const std::vector<int>& params = {})
{
    std::vector<std::uint8_t> bytes;
    if (!cv::imencode(extension, image, bytes, params))
        bytes.clear();
    return bytes;
}

inline bool writeBytes(const QString& path, const std::vector<std::uint8_t>& bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(reinterpret_cast<const char*>(bytes.data()), qint64(bytes.size())) ==
           qint64(bytes.size());
}

inline bool writeBytes(const QString& path, const QByteArray& bytes)
{
    return writeBytes(path, std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
}

inline std::vector<std::uint8_t> readBytes(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray data = file.readAll();
    return std::vector<std::uint8_t>(data.begin(), data.end());
}

/// Runs tests/engine/make_pil_fixtures.py into `folder`. Returns an empty string on success, else
/// what went wrong (Pillow missing included), for QVERIFY2.
inline QString makePilFixtures(const QString& folder)
{
    QProcess python;
    python.setProcessChannelMode(QProcess::MergedChannels);
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral(FOVEA_SOURCE_DIR "/tests/engine/make_pil_fixtures.py"), folder});
    if (!python.waitForFinished(60000))
        return QStringLiteral("/usr/bin/python3 did not run: ") + python.errorString();
    const QString output = QString::fromUtf8(python.readAll());
    if (python.exitStatus() != QProcess::NormalExit || python.exitCode() == 3)
        return QStringLiteral("Pillow is needed for these fixtures: ") + output;
    if (python.exitCode() != 0)
        return QStringLiteral("make_pil_fixtures.py failed: ") + output;
    return {};
}

} // namespace fovea::testing
