# The augmentation preview's latency: 16 draws of one photo on one core (target: under 50 ms).
# Included from bench.cmake, so paths are relative to tests/.
find_package(CLI11 REQUIRED)
find_package(fmt REQUIRED)
find_package(Torch REQUIRED)
find_package(OpenCV REQUIRED COMPONENTS core imgproc)
add_executable(fovea-bench-preview bench/PreviewBench.cpp)
target_include_directories(fovea-bench-preview PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
target_link_libraries(fovea-bench-preview PRIVATE fovea_engine ${TORCH_LIBRARIES} ${OpenCV_LIBS}
                                                  CLI11::CLI11 fmt::fmt)
target_compile_options(fovea-bench-preview PRIVATE ${TORCH_CXX_FLAGS})
set_target_properties(fovea-bench-preview PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/bench)
