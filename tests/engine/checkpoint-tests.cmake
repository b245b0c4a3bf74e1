# Training checkpoints: exact resume for every optimiser, damaged files, kills mid-write, and
# the rotation of a run's checkpoints folder. Reads the engine's private headers and links
# torch itself. Included from tests/CMakeLists.txt, so paths are relative to tests/.
set(CMAKE_AUTOMOC ON)
find_package(Torch REQUIRED)

fovea_add_test(CheckpointTest
    SOURCES engine/CheckpointTest.cpp engine/CheckpointTestHelpers.h engine/EngineTestHelpers.h
    LIBS fovea_engine ${TORCH_LIBRARIES} ZLIB::ZLIB
    LABELS unit)
target_include_directories(CheckpointTest PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
target_compile_options(CheckpointTest PRIVATE ${TORCH_CXX_FLAGS})

fovea_add_test(CheckpointRotationTest
    SOURCES engine/CheckpointRotationTest.cpp engine/CheckpointTestHelpers.h engine/EngineTestHelpers.h
    LIBS fovea_engine ${TORCH_LIBRARIES}
    LABELS unit)
target_include_directories(CheckpointRotationTest PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
target_compile_options(CheckpointRotationTest PRIVATE ${TORCH_CXX_FLAGS})
