# fovea-cli export / predict, run as a process (FOVEA_CLI_PATH). Model files are made with the
# engine's public API; /usr/bin/python3 checks the exported state dict
# (engine/model_file_reference.py), hence "reference".
set(CMAKE_AUTOMOC ON)

fovea_add_test(CliModelCommandsTest
    SOURCES cli/CliModelCommandsTest.cpp cli/CliRunner.h
    LIBS fovea_engine
    LABELS "unit;reference")
add_dependencies(CliModelCommandsTest fovea-cli)
