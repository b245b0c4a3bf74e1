# fovea-bench-classify: drag-and-drop classification latency and folder throughput
# (compare_classify.sh runs it beside peer_classify.py). Public engine API only.
add_executable(fovea-bench-classify bench/ClassifyBench.cpp)
target_link_libraries(fovea-bench-classify PRIVATE fovea_engine CLI11::CLI11 fmt::fmt)
set_target_properties(fovea-bench-classify PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/bench)
