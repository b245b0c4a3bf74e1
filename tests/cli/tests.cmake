# fovea-cli tests: run the built executable (FOVEA_CLI_PATH) as a separate process.
set(CMAKE_AUTOMOC ON)

fovea_add_test(CliTest
    SOURCES cli/CliTest.cpp
    LABELS unit)
# FOVEA_CLI_PATH names the executable; make sure it is built before the test.
add_dependencies(CliTest fovea-cli)
