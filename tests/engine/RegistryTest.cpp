// The architecture registry as front ends see it (plain C++, no torch): every entry is
// complete and consistent, and unknown names are errors that list the known ones.
#include "EngineTestHelpers.h"

#include "fovea/ArchitectureRegistry.h"
#include "fovea/Error.h"

#include <QObject>
#include <QSet>
#include <QTest>

using fovea::ErrorCode;
using fovea::testing::captureError;
using fovea::testing::qs;

class RegistryTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void registryIsNotEmpty();
    void namesAreUnique();
    void entryIsComplete_data();
    void entryIsComplete();
    void lookupByName_data();
    void lookupByName();
    void unknownNameIsAnError_data();
    void unknownNameIsAnError();
    void architectureNamesListsEveryEntry();
};

void RegistryTest::registryIsNotEmpty()
{
    QVERIFY(!fovea::architectures().empty());
    // The two architectures the rest of the project (CLI, tests, docs) relies on.
    QVERIFY(captureError([] { fovea::architecture("small-cnn"); }) == std::nullopt);
    QVERIFY(captureError([] { fovea::architecture("resnet18"); }) == std::nullopt);
}

void RegistryTest::namesAreUnique()
{
    QSet<QString> seen;
    for (const fovea::ArchitectureInfo& info : fovea::architectures()) {
        const QString name = qs(info.name);
        QVERIFY2(!seen.contains(name), qPrintable("duplicate registry name " + name));
        seen.insert(name);
    }
    QCOMPARE(qsizetype(seen.size()), qsizetype(fovea::architectures().size()));
}

void RegistryTest::entryIsComplete_data()
{
    QTest::addColumn<int>("index");
    const auto& infos = fovea::architectures();
    for (std::size_t i = 0; i < infos.size(); ++i)
        QTest::newRow(infos[i].name.c_str()) << int(i);
}

void RegistryTest::entryIsComplete()
{
    QFETCH(int, index);
    const fovea::ArchitectureInfo& info = fovea::architectures().at(std::size_t(index));
    QVERIFY(!info.name.empty());
    QVERIFY(info.name.find_first_of(" \t\n,") == std::string::npos); // usable as a CLI value
    QVERIFY(!info.family.empty());
    QVERIFY(!info.summary.empty());
    QVERIFY(!info.classifierName.empty());
    QVERIFY(info.minInputSize > 0);
    QVERIFY2(info.minInputSize <= info.defaultInputSize,
             qPrintable(QStringLiteral("min %1 > default %2")
                            .arg(info.minInputSize)
                            .arg(info.defaultInputSize)));
    QVERIFY(info.parameterCount > 0);
    QVERIFY(info.referenceTop1 >= 0.0 && info.referenceTop1 <= 100.0);

    const fovea::Preprocessing& p = info.preprocessing;
    QVERIFY2(QSet<QString>({"torch", "tf", "caffe", "dataset"}).contains(qs(p.mode)),
             p.mode.c_str());
    QVERIFY2(QSet<QString>({"bilinear", "bicubic", "nearest"}).contains(qs(p.interpolation)),
             p.interpolation.c_str());
    QVERIFY2(p.channelOrder == "RGB" || p.channelOrder == "BGR", p.channelOrder.c_str());
    QVERIFY(p.cropFraction > 0.0f && p.cropFraction <= 1.0f);
    for (float s : p.std)
        QVERIFY(s > 0.0f);
}

void RegistryTest::lookupByName_data()
{
    entryIsComplete_data();
}

void RegistryTest::lookupByName()
{
    QFETCH(int, index);
    const fovea::ArchitectureInfo& entry = fovea::architectures().at(std::size_t(index));
    const fovea::ArchitectureInfo& found = fovea::architecture(entry.name);
    QCOMPARE(&found, &entry);
}

void RegistryTest::unknownNameIsAnError_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("made up") << "nope";
    QTest::newRow("empty") << "";
    QTest::newRow("wrong case") << "ResNet18";
    QTest::newRow("trailing space") << "resnet18 ";
}

void RegistryTest::unknownNameIsAnError()
{
    QFETCH(QString, name);
    const auto error = captureError([&] { fovea::architecture(name.toStdString()); });
    FOVEA_VERIFY_ERROR(error, ErrorCode::UnknownArchitecture);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, "'" + name + "'");
    for (const fovea::ArchitectureInfo& info : fovea::architectures())
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, qs(info.name));
}

void RegistryTest::architectureNamesListsEveryEntry()
{
    const QStringList listed = qs(fovea::architectureNames()).split(QStringLiteral(", "));
    QStringList expected;
    for (const fovea::ArchitectureInfo& info : fovea::architectures())
        expected.append(qs(info.name));
    QCOMPARE(listed, expected);
}

QTEST_GUILESS_MAIN(RegistryTest)
#include "RegistryTest.moc"
