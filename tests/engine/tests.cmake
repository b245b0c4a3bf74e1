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
    SOURCES engine/TrainerTest.cpp engine/EngineTestHelpers.h engine/RecordingObserver.h
            engine/TrainerTestHelpers.h
    LIBS fovea_engine
    LABELS unit)

fovea_add_test(TrainerValidationTest
    SOURCES engine/TrainerValidationTest.cpp engine/EngineTestHelpers.h engine/RecordingObserver.h
            engine/TrainerTestHelpers.h
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

# What the ranks of a distributed run compare (engine/src/distributed/RankSettings.h).
find_package(nlohmann_json REQUIRED)
find_package(fmt REQUIRED)
fovea_add_test(RankSettingsTest
    SOURCES engine/RankSettingsTest.cpp
    LIBS fovea_engine nlohmann_json::nlohmann_json fmt::fmt
    LABELS unit)
target_include_directories(RankSettingsTest PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)

# Compares with torchvision in /usr/bin/python3; builds every torchvision architecture.
fovea_add_test(ReferenceTest
    SOURCES engine/ReferenceTest.cpp engine/ReferenceTensors.h
    LIBS fovea_engine ${TORCH_LIBRARIES}
    LABELS "reference;slow")
target_include_directories(ReferenceTest PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
target_compile_options(ReferenceTest PRIVATE ${TORCH_CXX_FLAGS})

# The pickle rewrite behind importing torch.save(model.state_dict()); Python writes the inputs
# and reads the outputs. Torch-free: the rewrite works on bytes.
fovea_add_test(PickleForLibtorchTest
    SOURCES engine/PickleForLibtorchTest.cpp engine/pickles_for_libtorch.py
    LIBS fovea_engine
    LABELS "unit;reference")
target_include_directories(PickleForLibtorchTest PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)

fovea_add_test(WeightsTest
    SOURCES engine/WeightsTest.cpp engine/EngineTestHelpers.h
    LIBS fovea_engine ${TORCH_LIBRARIES}
    LABELS unit)
target_compile_options(WeightsTest PRIVATE ${TORCH_CXX_FLAGS})

# Image decoding and dataset scanning. Fixtures are written on the fly with OpenCV, and with
# Pillow (/usr/bin/python3, engine/make_pil_fixtures.py) for what OpenCV cannot write.
find_package(OpenCV REQUIRED COMPONENTS core imgproc imgcodecs)
foreach(test ImageDecoderTest BadImageTest FolderDatasetTest)
    fovea_add_test(${test}
        SOURCES engine/${test}.cpp engine/ImageFixtures.h engine/EngineTestHelpers.h
        LIBS fovea_engine ${OpenCV_LIBS} ZLIB::ZLIB
        LABELS unit)
endforeach()

fovea_add_test(StratifiedSplitTest
    SOURCES engine/StratifiedSplitTest.cpp engine/EngineTestHelpers.h
    LIBS fovea_engine
    LABELS unit)

# Learning-rate schedules against torch.optim.lr_scheduler in /usr/bin/python3.
fovea_add_test(ScheduleReferenceTest
    SOURCES engine/ScheduleReferenceTest.cpp engine/PythonReference.h engine/EngineTestHelpers.h
    LIBS fovea_engine
    LABELS reference)

# The optimisers and the loss against torch.optim / torch.nn.functional in /usr/bin/python3;
# reads the engine's private headers and links torch itself.
fovea_add_test(OptimizerReferenceTest
    SOURCES engine/OptimizerReferenceTest.cpp engine/PythonReference.h
    LIBS fovea_engine ${TORCH_LIBRARIES}
    LABELS reference)
target_include_directories(OptimizerReferenceTest PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
target_compile_options(OptimizerReferenceTest PRIVATE ${TORCH_CXX_FLAGS})

fovea_add_test(TrainingConfigOptimiserTest
    SOURCES engine/TrainingConfigOptimiserTest.cpp engine/EngineTestHelpers.h
    LIBS fovea_engine
    LABELS unit)

fovea_add_test(LearningRateScheduleTest
    SOURCES engine/LearningRateScheduleTest.cpp engine/EngineTestHelpers.h
    LIBS fovea_engine
    LABELS unit)

# The training criterion and the optimiser factory: private engine headers, torch linked.
foreach(test ClassificationLossTest OptimizerFactoryTest)
    fovea_add_test(${test}
        SOURCES engine/${test}.cpp engine/EngineTestHelpers.h
        LIBS fovea_engine ${TORCH_LIBRARIES}
        LABELS unit)
    target_include_directories(${test} PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
    target_compile_options(${test} PRIVATE ${TORCH_CXX_FLAGS})
endforeach()

fovea_add_test(TrainerOptimisationTest
    SOURCES engine/TrainerOptimisationTest.cpp engine/EngineTestHelpers.h
    LIBS fovea_engine
    LABELS unit)

# fovea-cli train's optimiser, schedule and loss flags, run as a process (FOVEA_CLI_PATH).

# Training on generated image folders through the whole data pipeline.
fovea_add_test(TrainerFolderTest
    SOURCES engine/TrainerFolderTest.cpp engine/RecordingObserver.h engine/ImageFixtures.h
    LIBS fovea_engine ${OpenCV_LIBS}
    LABELS unit)

fovea_add_test(TrainerControlTest
    SOURCES engine/TrainerControlTest.cpp engine/RecordingObserver.h engine/EngineTestHelpers.h
    LIBS fovea_engine
    LABELS unit)

fovea_add_test(TrainerResumeTest
    SOURCES engine/TrainerResumeTest.cpp engine/RecordingObserver.h engine/EngineTestHelpers.h
    LIBS fovea_engine
    LABELS unit)

# Model::measureForward(): stage output shapes and activation memory.
fovea_add_test(ModelFootprintTest
    SOURCES engine/ModelFootprintTest.cpp
    LIBS fovea_engine
    LABELS unit)

# ResNet-9 against its PyTorch transcription (torchvision has none) in /usr/bin/python3.
fovea_add_test(ResNet9Test
    SOURCES engine/ResNet9Test.cpp engine/ReferenceTensors.h
    LIBS fovea_engine ${TORCH_LIBRARIES}
    LABELS "reference")
target_include_directories(ResNet9Test PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
target_compile_options(ResNet9Test PRIVATE ${TORCH_CXX_FLAGS})

# The one-pixel convolution shortcut of the ResNet family against the padded convolution.
fovea_add_test(ZeroTapConvolutionTest
    SOURCES engine/ZeroTapConvolutionTest.cpp engine/ReferenceTensors.h
    LIBS fovea_engine ${TORCH_LIBRARIES}
    LABELS unit)
target_include_directories(ZeroTapConvolutionTest PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
target_compile_options(ZeroTapConvolutionTest PRIVATE ${TORCH_CXX_FLAGS})

# The per-step gradient check and the float16 loss scaling.
fovea_add_test(DynamicLossScalerTest
    SOURCES engine/DynamicLossScalerTest.cpp
    LIBS fovea_engine ${TORCH_LIBRARIES}
    LABELS unit)
target_include_directories(DynamicLossScalerTest PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
target_compile_options(DynamicLossScalerTest PRIVATE ${TORCH_CXX_FLAGS})
