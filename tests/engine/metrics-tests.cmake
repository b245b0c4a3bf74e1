# Classification metrics and the evaluation report. Included from tests/CMakeLists.txt, so paths
# are relative to tests/.
set(CMAKE_AUTOMOC ON)
find_package(Torch REQUIRED)
find_package(OpenCV REQUIRED COMPONENTS core imgcodecs)

# The writer and reader of the report files: public API only.
fovea_add_test(EvaluationReportTest
    SOURCES engine/EvaluationReportTest.cpp engine/EngineTestHelpers.h
    LIBS fovea_engine
    LABELS unit)

# The accumulator against numpy (engine/metrics_reference.py) and one pass over a loader: read
# the engine's private headers and link torch themselves.
fovea_add_test(MetricsAccumulatorTest
    SOURCES engine/MetricsAccumulatorTest.cpp engine/EngineTestHelpers.h
    LIBS fovea_engine ${TORCH_LIBRARIES}
    LABELS unit)
fovea_add_test(EvaluationTest
    SOURCES engine/EvaluationTest.cpp engine/EngineTestHelpers.h
    LIBS fovea_engine ${TORCH_LIBRARIES} ${OpenCV_LIBS}
    LABELS unit)
foreach(test MetricsAccumulatorTest EvaluationTest)
    target_include_directories(${test} PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
    target_compile_options(${test} PRIVATE ${TORCH_CXX_FLAGS})
endforeach()
