# Photometric and batch-level augmentation tests. Included from tests/CMakeLists.txt, so paths are
# relative to tests/. Both read the engine's private headers (engine/src).
set(CMAKE_AUTOMOC ON)
find_package(Torch REQUIRED)
find_package(OpenCV REQUIRED COMPONENTS core imgproc)

# Colour jitter, RGB shift, PCA lighting, grayscale, blur and noise.
fovea_add_test(PhotometricAugmentationTest
    SOURCES engine/PhotometricAugmentationTest.cpp engine/EngineTestHelpers.h
            engine/PictureTestHelpers.h engine/PhotometricTestPictures.h
    LIBS fovea_engine ${OpenCV_LIBS}
    LABELS unit)
target_include_directories(PhotometricAugmentationTest PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)

# The colour adjustments and the blur against torchvision in /usr/bin/python3
# (engine/color_reference.py).
fovea_add_test(ColorReferenceTest
    SOURCES engine/ColorReferenceTest.cpp engine/EngineTestHelpers.h
            engine/PictureTestHelpers.h engine/PhotometricTestPictures.h
    LIBS fovea_engine ${OpenCV_LIBS}
    LABELS "unit;reference")
target_include_directories(ColorReferenceTest PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)

# Mixup and CutMix on torch batches.
fovea_add_test(BatchMixingTest
    SOURCES engine/BatchMixingTest.cpp engine/EngineTestHelpers.h engine/PictureTestHelpers.h
    LIBS fovea_engine ${OpenCV_LIBS} ${TORCH_LIBRARIES}
    LABELS unit)
target_include_directories(BatchMixingTest PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
target_compile_options(BatchMixingTest PRIVATE ${TORCH_CXX_FLAGS})
