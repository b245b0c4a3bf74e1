# fovea-bench-distributed: data-parallel step time and communication cost
# (compare_distributed.sh runs it with 1 and 2 ranks).
add_executable(fovea-bench-distributed bench/DistributedBench.cpp)
target_include_directories(fovea-bench-distributed PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
target_link_libraries(fovea-bench-distributed PRIVATE fovea_engine ${TORCH_LIBRARIES} CLI11::CLI11 fmt::fmt)
target_compile_options(fovea-bench-distributed PRIVATE ${TORCH_CXX_FLAGS})
set_target_properties(fovea-bench-distributed PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/bench)
