# fovea-bench-gui-stalls: event-loop stalls and memory of the window while it trains.
if(FOVEA_BUILD_GUI)
    add_executable(fovea-bench-gui-stalls bench/GuiStallBench.cpp)
    target_link_libraries(fovea-bench-gui-stalls PRIVATE fovea_app)
    set_target_properties(fovea-bench-gui-stalls PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/bench)
endif()
