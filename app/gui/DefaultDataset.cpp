#include "DefaultDataset.h"

#include "fovea/IdxDataset.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>

namespace fovea::app {

QString extractEmbeddedSample(const QString& targetFolder)
{
    const QDir source(QStringLiteral(":/sample/fashion-mnist-sample"));
    if (!QDir().mkpath(targetFolder))
        return {};
    for (const QString& name : source.entryList(QDir::Files)) {
        const QString target = QDir(targetFolder).filePath(name);
        QFile embedded(source.filePath(name));
        if (QFile::exists(target) && QFileInfo(target).size() == embedded.size())
            continue;
        QSaveFile out(target); // atomic: a half-copied sample never looks complete
        if (!embedded.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly) ||
            out.write(embedded.readAll()) < 0 || !out.commit())
            return {};
    }
    return targetFolder;
}

QString defaultDatasetFolder(const QString& systemFolder)
{
    if (fovea::looksLikeIdxDataset(systemFolder.toStdString()))
        return systemFolder;
    const QString dataFolder =
        QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    return extractEmbeddedSample(QDir(dataFolder).filePath(QStringLiteral("fashion-mnist-sample")));
}

} // namespace fovea::app
