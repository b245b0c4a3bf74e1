// The project: saved as fovea-cli's JSON config and reopened identically on every page, a
// broken file reported by name with nothing changed, the prompt before unsaved changes are
// lost (Save / Discard / Cancel), recent projects, the window's state and the page shortcuts.
#include "AugmentationPreviewController.h"
#include "MainWindow.h"
#include "RunSettingsPanel.h"
#include "fovea/AtomicFile.h"
#include "fovea/TrainingConfig.h"
#include "fovea_widgets/AugmentationEditor.h"
#include "fovea_widgets/DatasetView.h"
#include "fovea_widgets/ModelView.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cstdlib>

using fovea::app::MainWindow;

namespace {

/// Answers the next modal message box with `button` once it is shown (the prompt runs its own
/// event loop; a timer polling from inside that loop finds it).
void answerNextPrompt(QMessageBox::StandardButton button, QString* seenText = nullptr)
{
    auto* timer = new QTimer;
    timer->setInterval(5);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, button, seenText] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box || !box->isVisible())
            return;
        if (seenText)
            *seenText = box->text();
        timer->stop();
        timer->deleteLater();
        box->button(button)->click();
    });
    timer->start();
}

/// A project that differs from the defaults on every page.
void editEveryPage(MainWindow& window)
{
    fovea::TrainingConfig config = window.settingsPanel()->config();
    config.epochs = 7;
    config.batchSize = 48;
    config.learningRate = 0.0125;
    config.optimizer = "adamw";
    config.schedule = "step";
    config.labelSmoothing = 0.1;
    config.runsFolder = "my-runs";
    window.settingsPanel()->setConfig(config);
    fovea::widgets::ModelChoice choice;
    choice.architecture = QStringLiteral("resnet18");
    choice.head = 2; // average pool
    choice.dropout = 0.25;
    choice.compactStem = true;
    choice.freezeUpTo = QStringLiteral("layer1");
    window.modelView()->setChoice(choice);
    window.augmentationEditor()->setSteps(
        fovea::app::AugmentationPreviewController::presetSteps(QStringLiteral("small")));
    window.dataView()->setValidationFraction(0.2);
}

} // namespace

class ProjectTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // QSettings in a test location
        QSettings().clear();
    }
    void savedProjectReopensIdenticallyOnEveryPage();
    void brokenProjectIsReportedAndChangesNothing();
    void valuesThePagesAdjustAreNamedAndMarkTheProjectModified();
    void unsavedChangesPromptSavesDiscardsOrCancels();
    void windowStateAndShortcuts();
};

void ProjectTest::savedProjectReopensIdenticallyOnEveryPage()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("flowers.json"));
    fovea::TrainingConfig saved;
    {
        MainWindow window;
        QVERIFY(!window.isProjectModified());
        editEveryPage(window);
        QVERIFY(window.isProjectModified());
        saved = window.projectConfig();
        QCOMPARE(saved.architecture, std::string("resnet18"));
        QCOMPARE(saved.head, std::string("avg"));
        QCOMPARE(saved.freezeUpTo, std::string("layer1"));
        QCOMPARE(saved.augmentation, fovea::AugmentationSpec::preset("small"));
        QCOMPARE(saved.validationFraction, 0.2);
        QVERIFY(window.saveProjectTo(path));
        QVERIFY(!window.isProjectModified());
        QVERIFY(!window.isWindowModified());
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("flowers.json")));
        QCOMPARE(window.recentProjects().value(0), QFileInfo(path).absoluteFilePath());
        QCOMPARE(window.runsFolder(), dir.filePath(QStringLiteral("my-runs")));
    }
    // The file is fovea-cli's config, every field present.
    const fovea::TrainingConfig onDisk =
        fovea::TrainingConfig::fromJson(fovea::readFile(path.toStdString()), "project");
    QVERIFY(onDisk == saved);

    MainWindow reopened;
    QVERIFY(reopened.projectConfig() != saved);
    QVERIFY(reopened.openProject(path));
    QVERIFY(reopened.projectConfig() == saved);
    QVERIFY(!reopened.isProjectModified());
    QCOMPARE(reopened.projectPath(), QFileInfo(path).absoluteFilePath());
    // Each page shows it, not only the config.
    const fovea::widgets::ModelChoice choice = reopened.modelView()->choice();
    QCOMPARE(choice.architecture, QStringLiteral("resnet18"));
    QCOMPARE(choice.head, 2);
    QCOMPARE(choice.dropout, 0.25);
    QVERIFY(choice.compactStem);
    QCOMPARE(choice.freezeUpTo, QStringLiteral("layer1"));
    QCOMPARE(reopened.dataView()->validationFraction(), 0.2);
    QCOMPARE(reopened.augmentationEditor()->steps().size(),
             int(fovea::AugmentationSpec::preset("small").steps.size()));
    // The freeze box follows once the network's stages are listed, and nothing turns modified.
    QTRY_COMPARE_WITH_TIMEOUT(reopened.modelView()->freezeBox()->currentText(),
                              QStringLiteral("layer1"), 60000);
    QCoreApplication::processEvents();
    QVERIFY(!reopened.isProjectModified());
}

void ProjectTest::valuesThePagesAdjustAreNamedAndMarkTheProjectModified()
{
    QTemporaryDir dir;
    MainWindow window;
    window.show();
    // Written by hand or by an older Fovea: a batch of 1, which the Train page does not offer.
    const QString path = dir.filePath(QStringLiteral("old.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"epochs": 3, "batchSize": 1})");
    file.close();
    QVERIFY(window.openProject(path));
    QCOMPARE(window.projectConfig().batchSize, 2);
    QCOMPARE(window.lastProjectAdjustment(), QStringLiteral("batchSize"));
    QVERIFY(window.isProjectModified()); // saving writes what the window shows
    QVERIFY(window.findChild<QMessageBox*>(QStringLiteral("projectAdjustedBox")));
}

void ProjectTest::brokenProjectIsReportedAndChangesNothing()
{
    QTemporaryDir dir;
    MainWindow window;
    editEveryPage(window);
    const QString good = dir.filePath(QStringLiteral("good.json"));
    QVERIFY(window.saveProjectTo(good));
    const fovea::TrainingConfig before = window.projectConfig();

    struct Case {
        const char* name;
        QByteArray content;
        QStringList named; ///< what the error must name
    };
    const QList<Case> cases = {
        {"bad-value.json", R"({"epochs": "many"})", {"bad-value.json", "epochs"}},
        {"unknown-key.json",
         R"({"epochs": 3, "learning_rat": 0.1})",
         {"unknown-key.json", "learning_rat"}},
        {"not-json.json", "epochs = 3\n", {"not-json.json"}},
        {"bad-step.json",
         R"({"augmentation": [{"kind": "horizontal_flip", "probability": 7}]})",
         {"bad-step.json", "probability"}},
    };
    for (const Case& c : cases) {
        const QString path = dir.filePath(QString::fromLatin1(c.name));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(c.content);
        file.close();
        QVERIFY2(!window.openProject(path), c.name);
        for (const QString& word : c.named)
            QVERIFY2(window.lastProjectError().contains(word),
                     qPrintable(window.lastProjectError() + " lacks " + word));
        QVERIFY(window.projectConfig() == before);
        QCOMPARE(window.projectPath(), QFileInfo(good).absoluteFilePath());
        QVERIFY(!window.isProjectModified());
    }
    const QString missing = dir.filePath(QStringLiteral("missing.json"));
    QVERIFY(!window.openProject(missing));
    QVERIFY(window.lastProjectError().contains(QStringLiteral("missing.json")));
    // A project that cannot be written leaves the old file and the window as they were.
    window.dataView()->setValidationFraction(0.3);
    QVERIFY(!window.saveProjectTo(dir.filePath(QStringLiteral("no-such-folder/p.json"))));
    QVERIFY(window.lastProjectError().contains(QStringLiteral("no-such-folder")));
    QCOMPARE(window.projectPath(), QFileInfo(good).absoluteFilePath());
    QVERIFY(window.isProjectModified());
}

void ProjectTest::unsavedChangesPromptSavesDiscardsOrCancels()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.json"));
    MainWindow window;
    QVERIFY(window.saveProjectTo(path));
    fovea::TrainingConfig config = window.settingsPanel()->config();
    config.epochs = 11;
    window.settingsPanel()->setConfig(config);
    QVERIFY(window.isProjectModified());

    // Cancel: nothing happens.
    QString asked;
    answerNextPrompt(QMessageBox::Cancel, &asked);
    QVERIFY(!window.openProject(path));
    QVERIFY(!asked.isEmpty());
    QCOMPARE(window.projectConfig().epochs, 11);

    // Save: the change is written, then the other project opens.
    const QString other = dir.filePath(QStringLiteral("other.json"));
    fovea::TrainingConfig otherConfig;
    otherConfig.epochs = 2;
    fovea::writeFileAtomically(other.toStdString(), otherConfig.toJson());
    answerNextPrompt(QMessageBox::Save);
    QVERIFY(window.openProject(other));
    QCOMPARE(window.projectConfig().epochs, 2);
    QCOMPARE(fovea::TrainingConfig::fromJson(fovea::readFile(path.toStdString())).epochs, 11);

    // Discard: the change is dropped and the file keeps what it had.
    config = window.settingsPanel()->config();
    config.epochs = 99;
    window.settingsPanel()->setConfig(config);
    QVERIFY(window.isProjectModified());
    answerNextPrompt(QMessageBox::Discard);
    QVERIFY(window.openProject(path));
    QCOMPARE(window.projectConfig().epochs, 11);
    QCOMPARE(fovea::TrainingConfig::fromJson(fovea::readFile(other.toStdString())).epochs, 2);

    // New starts from the program's defaults (what resetProject() was given), after asking.
    fovea::TrainingConfig defaults;
    defaults.dataset = "/somewhere/fashion-mnist";
    defaults.epochs = 3;
    MainWindow fresh;
    fresh.resetProject(defaults);
    config = fresh.settingsPanel()->config();
    config.epochs = 8;
    fresh.settingsPanel()->setConfig(config);
    answerNextPrompt(QMessageBox::Discard);
    QVERIFY(QMetaObject::invokeMethod(&fresh, "newProject"));
    QCOMPARE(fresh.projectConfig().epochs, 3);
    QCOMPARE(fresh.projectConfig().dataset, defaults.dataset);
    QVERIFY(fresh.projectPath().isEmpty());
    QVERIFY(!fresh.isProjectModified());

    // Closing the window asks too; Cancel keeps it open.
    window.show();
    config.epochs = 5;
    window.settingsPanel()->setConfig(config);
    answerNextPrompt(QMessageBox::Cancel);
    QVERIFY(!window.close());
    QVERIFY(window.isVisible());
    answerNextPrompt(QMessageBox::Discard);
    QVERIFY(window.close());
}

void ProjectTest::windowStateAndShortcuts()
{
    {
        MainWindow window;
        window.resize(1000, 640);
        window.pages()->setCurrentIndex(3);
        window.show();
        QVERIFY(window.close()); // unmodified: no prompt
    }
    MainWindow window;
    window.restoreWindowState();
    QCOMPARE(window.pages()->currentIndex(), 3);
    // Within a few pixels: the offscreen platform adds its own frame margins.
    QCOMPARE(window.width(), 1000);
    QVERIFY2(std::abs(window.height() - 640) <= 8, qPrintable(QString::number(window.height())));

    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_1, Qt::AltModifier);
    QCOMPARE(window.pages()->currentIndex(), 0);
    QTest::keyClick(&window, Qt::Key_5, Qt::AltModifier);
    QCOMPARE(window.pages()->currentIndex(), 4);
}

QTEST_MAIN(ProjectTest)
#include "ProjectTest.moc"
