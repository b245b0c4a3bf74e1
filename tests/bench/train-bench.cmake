# fovea-bench-train: end-to-end training throughput (compare_training.sh runs it beside the peer).
add_executable(fovea-bench-train bench/TrainBench.cpp)
target_include_directories(fovea-bench-train PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
target_link_libraries(fovea-bench-train PRIVATE fovea_engine ${TORCH_LIBRARIES} CLI11::CLI11 fmt::fmt)
target_compile_options(fovea-bench-train PRIVATE ${TORCH_CXX_FLAGS})
set_target_properties(fovea-bench-train PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/bench)
