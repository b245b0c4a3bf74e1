#include "fovea/Error.h"

namespace fovea {

Error::Error(ErrorCode code, const std::string& message)
    : std::runtime_error(message)
    , m_code(code)
{
}

const char* errorCodeName(ErrorCode code) noexcept
{
    switch (code) {
    case ErrorCode::InvalidArgument:
        return "invalid-argument";
    case ErrorCode::NotFound:
        return "not-found";
    case ErrorCode::CorruptFile:
        return "corrupt-file";
    case ErrorCode::UnknownArchitecture:
        return "unknown-architecture";
    case ErrorCode::Io:
        return "io";
    case ErrorCode::NumericalFailure:
        return "numerical-failure";
    case ErrorCode::Communication:
        return "communication";
    case ErrorCode::Internal:
        return "internal";
    }
    return "internal";
}

} // namespace fovea
