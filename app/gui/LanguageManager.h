#pragma once

#include <QObject>
#include <QString>
#include <QTranslator>

namespace fovea::app {

/// Installs the translators for Fovea's own strings and Qt's, and switches language at run
/// time: installing a translator sends every widget a LanguageChange event, and each window
/// retranslates itself in changeEvent().
class LanguageManager : public QObject {
    Q_OBJECT

public:
    explicit LanguageManager(QObject* parent = nullptr);

    /// Language codes with a translation shipped, English ("en", the source language) first.
    static QStringList availableLanguages();
    /// The language's own name ("English", "Deutsch").
    static QString nativeName(const QString& code);

    /// Switches to `code` ("de", "en"), or to the system locale's language when empty. Returns
    /// the code in effect; unknown languages fall back to English.
    QString setLanguage(const QString& code);
    QString currentLanguage() const { return m_current; }
    /// What was asked for: a code, or empty for "follow the system".
    QString requestedLanguage() const { return m_requested; }

Q_SIGNALS:
    void languageChanged(const QString& code);

private:
    QTranslator m_appTranslator;
    QTranslator m_qtTranslator;
    QString m_current = QStringLiteral("en");
    QString m_requested;
};

} // namespace fovea::app
