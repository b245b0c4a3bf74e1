# Augmentation tests: the catalogue and its JSON, and the per-sample kinds, which they call
# through the engine's private headers on OpenCV pictures.
set(CMAKE_AUTOMOC ON)
find_package(OpenCV REQUIRED COMPONENTS core imgproc imgcodecs)

fovea_add_test(AugmentationSpecTest
    SOURCES engine/AugmentationSpecTest.cpp engine/EngineTestHelpers.h
    LIBS fovea_engine ${OpenCV_LIBS}
    LABELS unit)
# The per-sample kinds' tests share the picture helpers (PictureTestHelpers.h).
foreach(test GeometricAugmentationTest FlipAffineAugmentationTest OcclusionAugmentationTest)
    fovea_add_test(${test}
        SOURCES engine/${test}.cpp engine/PictureTestHelpers.h engine/GeometricTestPictures.h
        LIBS fovea_engine ${OpenCV_LIBS}
        LABELS unit)
endforeach()
foreach(test AugmentationSpecTest GeometricAugmentationTest FlipAffineAugmentationTest
             OcclusionAugmentationTest)
    target_include_directories(${test} PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
endforeach()
