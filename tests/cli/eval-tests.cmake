# fovea-cli eval, run as a separate process (FOVEA_CLI_PATH); compares its report with the
# engine's own evaluation of the same model file.
set(CMAKE_AUTOMOC ON)

fovea_add_test(CliEvalTest
    SOURCES cli/CliEvalTest.cpp cli/CliRunner.h
    LIBS fovea_engine
    LABELS unit)
add_dependencies(CliEvalTest fovea-cli)
