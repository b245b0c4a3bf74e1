# fovea-cli tests: run the built executable (FOVEA_CLI_PATH) as a separate process.
set(CMAKE_AUTOMOC ON)

fovea_add_test(CliTest
    SOURCES cli/CliTest.cpp cli/CliRunner.h
    LABELS unit)
# FOVEA_CLI_PATH names the executable; make sure it is built before the test.
add_dependencies(CliTest fovea-cli)

# The training flags reach the run's config.json (reads it back with the engine's parser).
fovea_add_test(CliTrainFlagsTest
    SOURCES cli/CliTrainFlagsTest.cpp cli/CliRunner.h
    LIBS fovea_engine
    LABELS unit)
add_dependencies(CliTrainFlagsTest fovea-cli)

# fovea-cli augmentations / preview; compares the sheet with the engine's own preview.
fovea_add_test(CliPreviewTest
    SOURCES cli/CliPreviewTest.cpp cli/CliRunner.h
    LIBS fovea_engine
    LABELS unit)
add_dependencies(CliPreviewTest fovea-cli)
