// Every string the app shows must have a finished German and Simplified Chinese translation:
// lupdate is run on the current sources and each message it finds is looked up in the
// committed .ts files.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

namespace {

struct Message {
    QString context;
    QString source;
    bool finished = false;
    bool empty = true;
};

QList<Message> readTs(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<Message> messages;
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            current = Message{context, {}, false, true};
        } else if (name == QLatin1String("source")) {
            current.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            current.finished = type.isEmpty();
            current.empty =
                xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed().isEmpty();
            messages << current;
        }
    }
    return messages;
}

} // namespace

class TranslationsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyLanguageCoversEverySourceString_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("German") << QStringLiteral("de");
        QTest::newRow("Simplified Chinese") << QStringLiteral("zh_CN");
    }

    void everyLanguageCoversEverySourceString()
    {
        QFETCH(QString, language);
        QTemporaryDir dir;
        const QString fresh = dir.filePath(QStringLiteral("fresh_de.ts"));
        QProcess lupdate;
        lupdate.start(QStringLiteral(FOVEA_LUPDATE_PATH),
                      {QStringLiteral(FOVEA_SOURCE_DIR "/app/gui"),
                       QStringLiteral(FOVEA_SOURCE_DIR "/widgets"), QStringLiteral("-ts"), fresh,
                       QStringLiteral("-locations"), QStringLiteral("none")});
        QVERIFY(lupdate.waitForFinished(60000));
        QCOMPARE(lupdate.exitCode(), 0);

        const QList<Message> found = readTs(fresh);
        const QList<Message> committed =
            readTs(QStringLiteral(FOVEA_SOURCE_DIR "/translations/fovea_%1.ts").arg(language));
        QVERIFY2(found.size() > 20, "lupdate found suspiciously few strings");
        for (const Message& message : found) {
            const auto it = std::find_if(committed.begin(), committed.end(), [&](const Message& m) {
                return m.context == message.context && m.source == message.source;
            });
            QVERIFY2(it != committed.end(),
                     qPrintable(QStringLiteral("not in fovea_%1.ts (run the update_translations "
                                               "target, then translations/fill_%1.py): %2")
                                    .arg(language, message.source)));
            QVERIFY2(it->finished && !it->empty,
                     qPrintable(QStringLiteral("no finished %1 translation: %2")
                                    .arg(language, message.source)));
        }
    }
};

QTEST_GUILESS_MAIN(TranslationsTest)
#include "TranslationsTest.moc"
