# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# libFuzzer targets need clang. They are built (and run for a bounded time by ctest) when PULSEMAP_FUZZ is ON;
# the asan-ubsan preset turns it on. tests/bench/fuzz_long.sh runs them for longer; see docs/fuzzing.md.
option(PULSEMAP_FUZZ "Build libFuzzer targets (clang only)" OFF)
set(PULSEMAP_FUZZ_SECONDS 20 CACHE STRING "How long ctest runs each fuzz target")

if(PULSEMAP_FUZZ AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(WARNING "PULSEMAP_FUZZ needs clang; fuzz targets are skipped with ${CMAKE_CXX_COMPILER_ID}")
    set(PULSEMAP_FUZZ OFF)
endif()

# pulsemap_add_fuzzer(NAME SOURCES... LIBS ... [MAX_LEN bytes]): a libFuzzer executable plus a bounded ctest run
# from the committed seed corpus tests/fuzz/corpus/NAME. MAX_LEN (default 4096) must hold the largest seed
# (campaign files and GeoIP databases are bigger than log lines). Each target also gets NAME.fuzz in the build
# directory, which tells tests/bench/fuzz_long.sh where the binary and the corpus are and which options to use.
function(pulsemap_add_fuzzer name)
    cmake_parse_arguments(F "" "MAX_LEN" "SOURCES;LIBS" ${ARGN})
    if(NOT PULSEMAP_FUZZ)
        return()
    endif()
    if(NOT F_MAX_LEN)
        set(F_MAX_LEN 4096)
    endif()
    add_executable(${name} ${F_SOURCES})
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${name} PRIVATE ${F_LIBS} pulsemap_warnings)
    set(corpus ${CMAKE_CURRENT_BINARY_DIR}/${name}_corpus)
    set(seeds ${CMAKE_CURRENT_SOURCE_DIR}/corpus/${name})
    set(options -rss_limit_mb=2048 -max_len=${F_MAX_LEN} -timeout=10)
    add_test(NAME ${name}
             COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=1
                     $<TARGET_FILE:${name}> -max_total_time=${PULSEMAP_FUZZ_SECONDS} ${options} ${corpus} ${seeds})
    set_tests_properties(${name} PROPERTIES LABELS fuzz TIMEOUT 600)
    file(MAKE_DIRECTORY ${corpus})
    list(JOIN options " " option_line)
    file(GENERATE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/${name}.fuzz
         CONTENT "binary=$<TARGET_FILE:${name}>\nseeds=${seeds}\noptions=${option_line}\n")
endfunction()
