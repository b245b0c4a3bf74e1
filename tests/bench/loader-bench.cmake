# Input-pipeline throughput (tests/bench/compare_loader.sh compares it with torchvision's
# DataLoader). Included from bench.cmake, so paths are relative to tests/.
find_package(CLI11 REQUIRED)
find_package(fmt REQUIRED)
find_package(Torch REQUIRED)
find_package(OpenCV REQUIRED COMPONENTS core imgproc imgcodecs)
add_executable(fovea-bench-loader bench/LoaderBench.cpp)
target_include_directories(fovea-bench-loader PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
target_link_libraries(fovea-bench-loader PRIVATE fovea_engine ${TORCH_LIBRARIES} ${OpenCV_LIBS} CLI11::CLI11
                                                     fmt::fmt)
target_compile_options(fovea-bench-loader PRIVATE ${TORCH_CXX_FLAGS})
set_target_properties(fovea-bench-loader PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/bench)
