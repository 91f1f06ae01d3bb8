# libFuzzer targets need clang. They are built (and run for a bounded time by ctest)
# when PULSEMAP_FUZZ is ON; the asan-ubsan preset turns it on.
option(PULSEMAP_FUZZ "Build libFuzzer targets (clang only)" OFF)
set(PULSEMAP_FUZZ_SECONDS 20 CACHE STRING "How long ctest runs each fuzz target")

if(PULSEMAP_FUZZ AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(WARNING "PULSEMAP_FUZZ needs clang; fuzz targets are skipped with ${CMAKE_CXX_COMPILER_ID}")
    set(PULSEMAP_FUZZ OFF)
endif()

# pulsemap_add_fuzzer(NAME SOURCES... LIBS ...): a libFuzzer executable plus a bounded ctest run.
function(pulsemap_add_fuzzer name)
    cmake_parse_arguments(F "" "" "SOURCES;LIBS" ${ARGN})
    if(NOT PULSEMAP_FUZZ)
        return()
    endif()
    add_executable(${name} ${F_SOURCES})
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${name} PRIVATE ${F_LIBS} pulsemap_warnings)
    set(corpus ${CMAKE_CURRENT_BINARY_DIR}/${name}_corpus)
    add_test(NAME ${name}
             COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=1
                     $<TARGET_FILE:${name}> -max_total_time=${PULSEMAP_FUZZ_SECONDS} -rss_limit_mb=2048
                     -max_len=4096 ${corpus} ${CMAKE_CURRENT_SOURCE_DIR}/corpus/${name})
    set_tests_properties(${name} PROPERTIES LABELS fuzz TIMEOUT 600)
    file(MAKE_DIRECTORY ${corpus})
endfunction()
