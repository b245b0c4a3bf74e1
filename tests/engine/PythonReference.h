// Runs tests/reference/training_reference.py under /usr/bin/python3 (PyTorch 1.13) and compares
// numbers with it. Header only, for the reference tests.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>

#include <algorithm>
#include <cmath>
#include <vector>

namespace fovea::testing {

/// Sends `request` to the reference script in `mode`; returns its JSON answer, or an empty
/// document with `error` set.
inline QJsonDocument askPyTorch(const QString& mode, const QJsonObject& request, QString& error)
{
    const QString python = QStringLiteral("/usr/bin/python3");
    const QString script =
        QStringLiteral(FOVEA_SOURCE_DIR "/tests/reference/training_reference.py");
    if (!QFile::exists(python)) {
        error = "/usr/bin/python3 (python3-torch) is not installed";
        return {};
    }
    QProcess process;
    process.start(python, {script, mode});
    process.write(QJsonDocument(request).toJson(QJsonDocument::Compact));
    process.closeWriteChannel();
    if (!process.waitForFinished(300'000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        error = QStringLiteral("%1 %2 failed: %3")
                    .arg(script, mode, QString::fromUtf8(process.readAllStandardError()));
        return {};
    }
    QJsonParseError parseError;
    const QJsonDocument answer =
        QJsonDocument::fromJson(process.readAllStandardOutput(), &parseError);
    if (answer.isNull())
        error = "the reference script's answer is not JSON: " + parseError.errorString();
    return answer;
}

/// A TrainingConfig as the JSON object the script reads (our own toJson(): the same settings).
template <typename Config> QJsonObject configObject(const Config& config)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(config.toJson())).object();
}

inline std::vector<double> doubles(const QJsonArray& array)
{
    std::vector<double> values;
    values.reserve(std::size_t(array.size()));
    for (const QJsonValue& value : array)
        values.push_back(value.toDouble());
    return values;
}

/// |a - b| relative to the larger magnitude; 0 when both are 0.
inline double relativeDifference(double a, double b)
{
    const double scale = std::max(std::abs(a), std::abs(b));
    return scale == 0.0 ? 0.0 : std::abs(a - b) / scale;
}

} // namespace fovea::testing
