# The batch loader and its sample sources. Reads the engine's private headers (the loader hands
# out torch tensors) and writes its image fixtures with OpenCV.
set(CMAKE_AUTOMOC ON)
find_package(Torch REQUIRED)
find_package(OpenCV REQUIRED COMPONENTS core imgproc imgcodecs)

fovea_add_test(BatchLoaderTest
    SOURCES engine/BatchLoaderTest.cpp engine/ImageFixtures.h engine/EngineTestHelpers.h
    LIBS fovea_engine ${OpenCV_LIBS} ${TORCH_LIBRARIES}
    LABELS unit)
target_include_directories(BatchLoaderTest PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
target_compile_options(BatchLoaderTest PRIVATE ${TORCH_CXX_FLAGS})
