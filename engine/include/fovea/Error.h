#pragma once

#include <stdexcept>
#include <string>

namespace fovea {

/// What went wrong, so a front end can pick its own (translated) wording.
enum class ErrorCode {
    InvalidArgument,     ///< a bad value in a config, a flag or a call
    NotFound,            ///< a file or folder that should exist does not
    CorruptFile,         ///< a file exists but its content is not what its format promises
    UnknownArchitecture, ///< a name the architecture registry does not know
    Io,                  ///< reading or writing failed at the operating-system level
    NumericalFailure,    ///< NaN or Inf met during training
    Communication,       ///< another process of a distributed run failed, hung or is unreachable
    Internal,            ///< anything else (a bug, or an error from a library below us)
};

/// The one exception type the engine throws. The message is complete English text that names
/// the file, key or value at fault; `code()` classifies it.
class Error : public std::runtime_error {
public:
    Error(ErrorCode code, const std::string& message);
    ErrorCode code() const noexcept { return m_code; }

private:
    ErrorCode m_code;
};

/// A stable lower-case name for the code ("invalid-argument", "not-found", …).
const char* errorCodeName(ErrorCode code) noexcept;

} // namespace fovea
