#pragma once

// Runs the built fovea-cli (FOVEA_CLI_PATH) as a separate process, for the CLI tests.
#include <QProcess>
#include <QString>
#include <QStringList>

namespace fovea::testing {

struct CliResult {
    bool finished = false; ///< started and exited within the timeout
    int exitCode = -1;     ///< -1 when it crashed or did not finish
    QString out;
    QString err;
};

inline CliResult runFoveaCli(const QStringList& arguments, int timeoutMs = 120'000)
{
    QProcess process;
    process.start(QStringLiteral(FOVEA_CLI_PATH), arguments);
    CliResult result;
    if (!process.waitForStarted(timeoutMs))
        return result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.finished = true;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return result;
}

} // namespace fovea::testing
