// Helpers of the tests that run the whole Trainer (header only).
#pragma once

#include "fovea/Trainer.h"
#include "fovea/TrainingConfig.h"

#include <QFile>
#include <QString>
#include <QStringList>

namespace fovea::testing {

/// Trainer options for tests: a progress event after every batch, the run directory only when
/// asked for.
inline fovea::TrainerOptions quietOptions(bool writeRunDirectory = false)
{
    fovea::TrainerOptions options;
    options.progressIntervalMs = 0; // every batch
    options.writeRunDirectory = writeRunDirectory;
    return options;
}

/// The lines of a text file (a run's metrics.csv or log), without the empty one after the last
/// newline; empty when the file cannot be read.
inline QStringList readLines(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    QStringList lines = QString::fromUtf8(file.readAll()).split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

/// One epoch of small-cnn on `dataset` in batches of 32, one thread, seed 7: quick, and the
/// same from run to run.
inline fovea::TrainingConfig smallCnnConfig(const QString& dataset, const QString& runsFolder)
{
    fovea::TrainingConfig config;
    config.dataset = dataset.toStdString();
    config.architecture = "small-cnn";
    config.epochs = 1;
    config.batchSize = 32;
    config.learningRate = 0.05;
    config.threads = 1;
    config.seed = 7;
    config.runsFolder = runsFolder.toStdString();
    return config;
}

} // namespace fovea::testing
