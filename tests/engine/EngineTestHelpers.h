// Small helpers shared by the engine tests (header only, no Qt moc involved).
#pragma once

#include "fovea/Error.h"

#include <QString>
#include <QTest>

#include <optional>
#include <string>
#include <utility>

namespace fovea::testing {

/// Runs `call` and returns the fovea::Error it threw, or nothing when it returned normally.
/// Any other exception type propagates (and fails the test), so a std::bad_alloc from a huge
/// allocation is not mistaken for a clean error.
template <typename Call> std::optional<fovea::Error> captureError(Call&& call)
{
    try {
        std::forward<Call>(call)();
    } catch (const fovea::Error& error) {
        return error;
    }
    return std::nullopt;
}

inline QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

inline QByteArray codeName(fovea::ErrorCode code)
{
    return fovea::errorCodeName(code);
}

} // namespace fovea::testing

/// Fails the current test unless `error` holds a fovea::Error with `expectedCode`.
#define FOVEA_VERIFY_ERROR(error, expectedCode)                                                    \
    do {                                                                                           \
        QVERIFY2((error).has_value(), "expected a fovea::Error, but the call succeeded");          \
        QCOMPARE(fovea::testing::codeName((error)->code()),                                        \
                 fovea::testing::codeName(expectedCode));                                          \
    } while (false)

/// Fails the current test unless the error message contains `part`.
#define FOVEA_VERIFY_MESSAGE_CONTAINS(error, part)                                                 \
    QVERIFY2(QString::fromUtf8((error)->what()).contains(part),                                    \
             qPrintable(QStringLiteral("message \"%1\" does not mention \"%2\"")                   \
                            .arg(QString::fromUtf8((error)->what()), QString(part))))
