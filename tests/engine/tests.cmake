# Engine tests. Included from tests/CMakeLists.txt, so paths are relative to tests/.
set(CMAKE_AUTOMOC ON)

fovea_add_test(IdxReaderTest
    SOURCES engine/IdxReaderTest.cpp engine/EngineTestHelpers.h
    LIBS fovea_engine ZLIB::ZLIB
    LABELS unit)

fovea_add_test(TrainingConfigTest
    SOURCES engine/TrainingConfigTest.cpp engine/EngineTestHelpers.h
    LIBS fovea_engine
    LABELS unit)

fovea_add_test(TrainerTest
    SOURCES engine/TrainerTest.cpp engine/EngineTestHelpers.h
    LIBS fovea_engine
    LABELS unit)

fovea_add_test(RegistryTest
    SOURCES engine/RegistryTest.cpp engine/EngineTestHelpers.h
    LIBS fovea_engine
    LABELS unit)

# Builds every registered model (up to 69 M parameters), so it reads the engine's private
# headers and links torch itself.
find_package(Torch REQUIRED)
fovea_add_test(ModelZooTest
    SOURCES engine/ModelZooTest.cpp
    LIBS fovea_engine ${TORCH_LIBRARIES}
    LABELS unit)
target_include_directories(ModelZooTest PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
target_compile_options(ModelZooTest PRIVATE ${TORCH_CXX_FLAGS})
