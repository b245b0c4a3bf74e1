# fovea-bench-curves: replot time of the live curve plot with 1 000 000 points (GUI builds).
if(FOVEA_BUILD_GUI)
    add_executable(fovea-bench-curves bench/CurveBench.cpp)
    target_link_libraries(fovea-bench-curves PRIVATE fovea_widgets)
    set_target_properties(fovea-bench-curves PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/bench)
endif()
