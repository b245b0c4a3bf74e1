# fovea-cli lr-find, run as a separate process (FOVEA_CLI_PATH) on a generated IDX dataset.
set(CMAKE_AUTOMOC ON)

fovea_add_test(CliLrFindTest
    SOURCES cli/CliLrFindTest.cpp cli/CliRunner.h
    LABELS unit)
# FOVEA_CLI_PATH names the executable; make sure it is built before the test.
add_dependencies(CliLrFindTest fovea-cli)
