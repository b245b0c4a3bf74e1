# Data-parallel training: fovea-cli processes (FOVEA_CLI_PATH) joined on loopback through
# c10d/Gloo, by environment variables and by torchrun. Compares the weights of the model files,
# so it reads the engine's private headers and links torch.
set(CMAKE_AUTOMOC ON)
find_package(Torch REQUIRED)

fovea_add_test(CliDistributedTest
    SOURCES cli/CliDistributedTest.cpp
    LIBS fovea_engine ${TORCH_LIBRARIES}
    LABELS "unit;distributed")
target_include_directories(CliDistributedTest PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
target_compile_options(CliDistributedTest PRIVATE ${TORCH_CXX_FLAGS})
add_dependencies(CliDistributedTest fovea-cli)
