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

# Compares with torchvision in /usr/bin/python3; builds every torchvision architecture.
fovea_add_test(ReferenceTest
    SOURCES engine/ReferenceTest.cpp
    LIBS fovea_engine ${TORCH_LIBRARIES}
    LABELS "reference;slow")
target_include_directories(ReferenceTest PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
target_compile_options(ReferenceTest PRIVATE ${TORCH_CXX_FLAGS})

fovea_add_test(WeightsTest
    SOURCES engine/WeightsTest.cpp engine/EngineTestHelpers.h
    LIBS fovea_engine ${TORCH_LIBRARIES}
    LABELS unit)
target_compile_options(WeightsTest PRIVATE ${TORCH_CXX_FLAGS})
