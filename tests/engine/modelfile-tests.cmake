# The model file (save / load / malformed files / killed writers) and the classifier on top of
# it. Included from tests/CMakeLists.txt, so paths are relative to tests/. Both read the
# engine's private headers and link torch themselves.
set(CMAKE_AUTOMOC ON)
find_package(Torch REQUIRED)
find_package(OpenCV REQUIRED COMPONENTS core imgproc)

# ModelFileTest also reads the file with /usr/bin/python3's torch.load and torchvision
# (engine/model_file_reference.py), hence "reference".
fovea_add_test(ModelFileTest
    SOURCES engine/ModelFileTest.cpp engine/EngineTestHelpers.h
    LIBS fovea_engine ${TORCH_LIBRARIES}
    LABELS "unit;reference")
fovea_add_test(ClassifierTest
    SOURCES engine/ClassifierTest.cpp engine/EngineTestHelpers.h engine/PictureTestHelpers.h
    LIBS fovea_engine ${TORCH_LIBRARIES} ${OpenCV_LIBS}
    LABELS unit)
foreach(test ModelFileTest ClassifierTest)
    target_include_directories(${test} PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
    target_compile_options(${test} PRIVATE ${TORCH_CXX_FLAGS})
endforeach()
