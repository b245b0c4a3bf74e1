# Installs the build into a scratch prefix and checks that everything a desktop needs is there.
# Run as: cmake -DBUILD_DIR=… -DPREFIX=… -P CheckInstall.cmake
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE result OUTPUT_QUIET)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "cmake --install failed (${result})")
endif()
foreach(path
        bin/fovea
        bin/fovea-cli
        share/applications/fovea.desktop
        share/icons/hicolor/scalable/apps/fovea.svg
        share/fovea/translations/fovea_de.qm)
    if(NOT EXISTS "${PREFIX}/${path}")
        message(FATAL_ERROR "not installed: ${path}")
    endif()
endforeach()
file(STRINGS "${PREFIX}/share/applications/fovea.desktop" exec_line REGEX "^Exec=")
if(NOT exec_line STREQUAL "Exec=fovea")
    message(FATAL_ERROR "the .desktop file starts '${exec_line}', expected Exec=fovea")
endif()
message(STATUS "install check: every file in place under ${PREFIX}")
