# DecodeFuzzer: a libFuzzer target for fovea::decodeImageBytes, run for a bounded time by the
# DecodeFuzzTest CTest test. libFuzzer needs clang, while the suite is built with whatever the
# default compiler is (g++ here): with clang as the main compiler it is an ordinary target,
# otherwise clang++ compiles the decoder sources and the fuzzer in one custom command. Included
# from tests/CMakeLists.txt, so relative paths start at tests/.
find_package(OpenCV REQUIRED COMPONENTS core imgproc imgcodecs)
find_package(fmt REQUIRED)
find_package(ZLIB REQUIRED)
find_package(JPEG REQUIRED)

set(engine_dir ${PROJECT_SOURCE_DIR}/engine)
# The decoder and only the decoder: no torch, so the fuzzer links OpenCV, libjpeg and fmt alone.
set(fuzz_decoder_sources
    ${engine_dir}/src/Error.cpp
    ${engine_dir}/src/data/FileByteSource.cpp
    ${engine_dir}/src/data/FormatSniffer.cpp
    ${engine_dir}/src/data/ImageDecoder.cpp
    ${engine_dir}/src/data/ImageHeaderReader.cpp
    ${engine_dir}/src/data/JpegRgbDecoder.cpp
    ${engine_dir}/src/data/PixelConverter.cpp
    ${engine_dir}/src/data/StreamIntegrity.cpp
    ${engine_dir}/src/data/TiffDirectory.cpp)
set(fuzz_target_source ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/DecodeFuzzer.cpp)
set(fuzz_flags -std=c++17 -O1 -g -fno-omit-frame-pointer
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined)

if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    add_executable(DecodeFuzzer ${fuzz_target_source} ${fuzz_decoder_sources})
    target_include_directories(DecodeFuzzer PRIVATE ${engine_dir}/include ${engine_dir}/src)
    target_compile_options(DecodeFuzzer PRIVATE ${fuzz_flags})
    target_link_options(DecodeFuzzer PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_libraries(DecodeFuzzer PRIVATE ${OpenCV_LIBS} fmt::fmt JPEG::JPEG)
    set(fuzz_executable $<TARGET_FILE:DecodeFuzzer>)
else()
    find_program(FOVEA_CLANGXX NAMES clang++ clang++-19 clang++-18 clang++-17 clang++-16
                                     clang++-15 clang++-14)
    set(fuzz_probe_ok FALSE)
    if(FOVEA_CLANGXX)
        # libFuzzer's runtime comes in a separate package (libclang-rt-<n>-dev): probe for it.
        set(probe_dir ${CMAKE_CURRENT_BINARY_DIR}/fuzz-probe)
        file(WRITE ${probe_dir}/probe.cpp
             "#include <cstddef>\n#include <cstdint>\n"
             "extern \"C\" int LLVMFuzzerTestOneInput(const std::uint8_t*, std::size_t) { return 0; }\n")
        execute_process(
            COMMAND ${FOVEA_CLANGXX} -fsanitize=fuzzer,address,undefined probe.cpp -o probe
            WORKING_DIRECTORY ${probe_dir} RESULT_VARIABLE probe_result OUTPUT_QUIET ERROR_QUIET)
        if(probe_result EQUAL 0)
            set(fuzz_probe_ok TRUE)
        endif()
    endif()
    if(NOT fuzz_probe_ok)
        message(WARNING "clang++ with libFuzzer (packages clang, libclang-rt-14-dev) not found: "
                        "DecodeFuzzer and DecodeFuzzTest are left out")
        return()
    endif()

    set(fuzz_includes ${engine_dir}/include ${engine_dir}/src ${OpenCV_INCLUDE_DIRS})
    get_target_property(fmt_includes fmt::fmt INTERFACE_INCLUDE_DIRECTORIES)
    if(fmt_includes)
        list(APPEND fuzz_includes ${fmt_includes})
    endif()
    list(TRANSFORM fuzz_includes PREPEND -I)
    get_target_property(fmt_definitions fmt::fmt INTERFACE_COMPILE_DEFINITIONS)
    set(fuzz_definitions)
    if(fmt_definitions)
        list(TRANSFORM fmt_definitions PREPEND -D OUTPUT_VARIABLE fuzz_definitions)
    endif()
    set(fuzz_libraries $<TARGET_FILE:fmt::fmt>)
    foreach(library ${OpenCV_LIBS})
        list(APPEND fuzz_libraries $<TARGET_FILE:${library}>)
    endforeach()
    # Colour JPEG is decoded with libjpeg directly (JpegRgbDecoder.cpp).
    list(APPEND fuzz_libraries ${JPEG_LIBRARIES})
    file(GLOB fuzz_headers ${engine_dir}/src/data/*.h ${engine_dir}/include/fovea/*.h)

    # In its own folder: a file named like the target beside it would clash with the target.
    set(fuzz_executable ${CMAKE_CURRENT_BINARY_DIR}/fuzz/DecodeFuzzer)
    add_custom_command(
        OUTPUT ${fuzz_executable}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/fuzz
        COMMAND ${FOVEA_CLANGXX} ${fuzz_flags} ${fuzz_definitions} ${fuzz_includes}
                ${fuzz_target_source} ${fuzz_decoder_sources} ${fuzz_libraries}
                -o ${fuzz_executable}
        DEPENDS ${fuzz_target_source} ${fuzz_decoder_sources} ${fuzz_headers}
        COMMENT "Building DecodeFuzzer with ${FOVEA_CLANGXX} (libFuzzer, ASan, UBSan)"
        VERBATIM)
    add_custom_target(DecodeFuzzer ALL DEPENDS ${fuzz_executable})
endif()

# Seeds are generated at test time (no committed binaries) by an ordinary program.
add_executable(MakeDecodeSeeds fuzz/MakeDecodeSeeds.cpp)
target_link_libraries(MakeDecodeSeeds PRIVATE ${OpenCV_LIBS} ZLIB::ZLIB)

set(fuzz_work ${CMAKE_CURRENT_BINARY_DIR}/decode-fuzz)
add_test(NAME DecodeFuzzSeeds
         COMMAND MakeDecodeSeeds ${fuzz_work}/seeds ${fuzz_work}/found ${fuzz_work}/artifacts)
set_tests_properties(DecodeFuzzSeeds PROPERTIES FIXTURES_SETUP decode_fuzz_corpus LABELS slow)
# New inputs go to found/ (listed first); seeds/ is read only. A crash leaves its input in
# artifacts/ and fails the test.
add_test(NAME DecodeFuzzTest
         COMMAND ${fuzz_executable} -max_total_time=30 -rss_limit_mb=2048 -timeout=10
                 -print_final_stats=1 -dict=${CMAKE_CURRENT_SOURCE_DIR}/fuzz/decode.dict
                 -artifact_prefix=${fuzz_work}/artifacts/ ${fuzz_work}/found ${fuzz_work}/seeds)
set_tests_properties(DecodeFuzzTest PROPERTIES
    FIXTURES_REQUIRED decode_fuzz_corpus
    LABELS slow
    TIMEOUT 300)
