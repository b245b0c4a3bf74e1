#include "LanguageManager.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>

namespace fovea::app {

LanguageManager::LanguageManager(QObject* parent)
    : QObject(parent)
{
}

QStringList LanguageManager::availableLanguages()
{
    return {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("zh_CN")};
}

QString LanguageManager::nativeName(const QString& code)
{
    const QString name = QLocale(code).nativeLanguageName();
    return name.isEmpty() ? code : name.left(1).toUpper() + name.mid(1);
}

QString LanguageManager::setLanguage(const QString& code)
{
    m_requested = code;
    // The system's "de_AT" finds "de", and "zh_CN" itself; "zh_TW" has no translation.
    const QString system = QLocale::system().name();
    QString wanted = code.isEmpty() ? system : code;
    if (!availableLanguages().contains(wanted))
        wanted = wanted.section(QLatin1Char('_'), 0, 0);
    if (!availableLanguages().contains(wanted))
        wanted = QStringLiteral("en");

    QCoreApplication::removeTranslator(&m_appTranslator);
    QCoreApplication::removeTranslator(&m_qtTranslator);
    if (wanted != QLatin1String("en")) {
        if (m_appTranslator.load(QStringLiteral("fovea_") + wanted, QStringLiteral(":/i18n")))
            QCoreApplication::installTranslator(&m_appTranslator);
        else
            wanted = QStringLiteral("en");
        // Qt's own strings (standard buttons, file dialogs), when the system has them.
        if (m_qtTranslator.load(QStringLiteral("qtbase_") + wanted,
                                QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QCoreApplication::installTranslator(&m_qtTranslator);
    }
    if (wanted != m_current) {
        m_current = wanted;
        Q_EMIT languageChanged(m_current);
    }
    return m_current;
}

} // namespace fovea::app
