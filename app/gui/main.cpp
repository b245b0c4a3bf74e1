#include "DefaultDataset.h"
#include "LanguageManager.h"
#include "MainWindow.h"
#include "RunSettingsPanel.h"

#include "fovea/ThreadWaitPolicy.h"

#include <QApplication>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>

#include <cstdio>
#include <cstdlib>

namespace {

bool hasDisplay()
{
    // Without this check Qt aborts with a terse "could not connect to display".
    return std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY") ||
           std::getenv("QT_QPA_PLATFORM");
}

} // namespace

int main(int argc, char** argv)
{
    fovea::limitThreadSpinning(argc, argv); // see ThreadWaitPolicy.h: up to 10x on 2 cores
    if (!hasDisplay()) {
        std::fprintf(stderr, "fovea: no display (DISPLAY and WAYLAND_DISPLAY are unset).\n"
                             "  Run it in a virtual display:  xvfb-run -a fovea\n"
                             "  Or train headless:            fovea-cli train --dataset "
                             "/usr/share/datasets/fashion-mnist --arch small-cnn\n");
        return 1;
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Fovea"));
    QApplication::setApplicationName(QStringLiteral("Fovea"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/fovea.svg")));

    QSettings settings;
    fovea::app::LanguageManager languages;
    languages.setLanguage(settings.value(QStringLiteral("language")).toString());
    QObject::connect(&languages, &fovea::app::LanguageManager::languageChanged, &languages,
                     [&settings, &languages] {
                         settings.setValue(QStringLiteral("language"),
                                           languages.requestedLanguage());
                     });

    fovea::app::MainWindow window(&languages);
    fovea::TrainingConfig config;
    config.dataset = fovea::app::defaultDatasetFolder().toStdString();
    config.epochs = 5;
    config.runsFolder = QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
                            .filePath(QStringLiteral("runs"))
                            .toStdString();
    window.resetProject(config);
    window.restoreWindowState();
    // `fovea project.json` opens a project (a broken one is reported and the default stays).
    const QStringList arguments = QApplication::arguments();
    if (arguments.size() > 1)
        window.openProject(arguments.at(1));
    window.show();
    return QApplication::exec();
}
