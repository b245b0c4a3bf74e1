# Preprocessing: the sample transform (resize policies, normalisation, the augmentation steps'
# driver), test-time crops and the augmentation preview. Included from tests/CMakeLists.txt, so
# paths are relative to tests/.
set(CMAKE_AUTOMOC ON)
find_package(OpenCV REQUIRED COMPONENTS core imgproc)

# SampleTransformTest also compares the "crop" policy with torchvision in /usr/bin/python3
# (engine/preprocessing_reference.py), hence "reference".
fovea_add_test(SampleTransformTest
    SOURCES engine/SampleTransformTest.cpp engine/EngineTestHelpers.h engine/PictureTestHelpers.h
    LIBS fovea_engine ${OpenCV_LIBS}
    LABELS "unit;reference")
foreach(test TestTimeCropsTest AugmentationPreviewTest PaddedCropTest)
    fovea_add_test(${test}
        SOURCES engine/${test}.cpp engine/EngineTestHelpers.h engine/PictureTestHelpers.h
        LIBS fovea_engine ${OpenCV_LIBS}
        LABELS unit)
endforeach()
foreach(test SampleTransformTest TestTimeCropsTest AugmentationPreviewTest PaddedCropTest)
    target_include_directories(${test} PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
endforeach()
