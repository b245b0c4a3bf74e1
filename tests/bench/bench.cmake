# Benchmarks: programs that print figures (tests/bench/*.sh compare them with the Python peer).
# They are built with the suite but are not CTest tests.
find_package(CLI11 REQUIRED)
find_package(fmt REQUIRED)
find_package(Torch REQUIRED)
add_executable(fovea-bench-architecture bench/ArchitectureBench.cpp)
target_include_directories(fovea-bench-architecture PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
target_link_libraries(fovea-bench-architecture PRIVATE fovea_engine ${TORCH_LIBRARIES} CLI11::CLI11 fmt::fmt)
target_compile_options(fovea-bench-architecture PRIVATE ${TORCH_CXX_FLAGS})
set_target_properties(fovea-bench-architecture PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/bench)

# Data-pipeline benchmarks, one file per area.
include(bench/loader-bench.cmake OPTIONAL)
include(bench/preview-bench.cmake OPTIONAL)
include(bench/train-bench.cmake OPTIONAL)
include(bench/distributed-bench.cmake OPTIONAL)
include(bench/classify-bench.cmake OPTIONAL)
include(bench/curve-bench.cmake OPTIONAL)
include(bench/gui-bench.cmake OPTIONAL)
