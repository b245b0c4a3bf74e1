# The batch loader and its sample sources. Reads the engine's private headers (the loader hands
# out torch tensors) and writes its image fixtures with OpenCV.
set(CMAKE_AUTOMOC ON)
find_package(Torch REQUIRED)
find_package(OpenCV REQUIRED COMPONENTS core imgproc imgcodecs)

foreach(test BatchLoaderTest SampleSourceTest)
    fovea_add_test(${test}
        SOURCES engine/${test}.cpp engine/LoaderTestHelpers.h engine/ImageFixtures.h
                engine/EngineTestHelpers.h
        LIBS fovea_engine ${OpenCV_LIBS} ${TORCH_LIBRARIES}
        LABELS unit)
    target_include_directories(${test} PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
    target_compile_options(${test} PRIVATE ${TORCH_CXX_FLAGS})
endforeach()
