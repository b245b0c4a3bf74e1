# The learning-rate range test. Included from tests/CMakeLists.txt, so paths are relative to
# tests/.
set(CMAKE_AUTOMOC ON)

fovea_add_test(LearningRateFinderTest
    SOURCES engine/LearningRateFinderTest.cpp engine/RecordingObserver.h
            engine/EngineTestHelpers.h
    LIBS fovea_engine
    LABELS unit)
