set(CMAKE_AUTOMOC ON)
find_package(Qt6 REQUIRED COMPONENTS Widgets LinguistTools)

fovea_add_test(LiveCurvePlotTest SOURCES app/LiveCurvePlotTest.cpp LIBS fovea_widgets LABELS "unit;gui")
fovea_add_test(TrainingControllerTest SOURCES app/TrainingControllerTest.cpp LIBS fovea_app LABELS "unit;gui")
fovea_add_test(MainWindowTest SOURCES app/MainWindowTest.cpp LIBS fovea_app LABELS "unit;gui")
fovea_add_test(ClassifyPageTest SOURCES app/ClassifyPageTest.cpp LIBS fovea_app LABELS "unit;gui")
fovea_add_test(DataPageTest SOURCES app/DataPageTest.cpp LIBS fovea_app LABELS "unit;gui")
fovea_add_test(AugmentPageTest SOURCES app/AugmentPageTest.cpp LIBS fovea_app LABELS "unit;gui")
fovea_add_test(InspectPageTest SOURCES app/InspectPageTest.cpp LIBS fovea_app LABELS "unit;gui")
fovea_add_test(TranslationsTest SOURCES app/TranslationsTest.cpp LIBS fovea_app LABELS "unit")
target_compile_definitions(TranslationsTest PRIVATE
    FOVEA_LUPDATE_PATH="$<TARGET_FILE:Qt6::lupdate>")
fovea_add_test(DefaultDatasetTest SOURCES app/DefaultDatasetTest.cpp LIBS fovea_app LABELS "unit")
