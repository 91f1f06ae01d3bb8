# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# Included by CPack (through CPackProjectConfig.cmake) when it builds the .deb: computes the Depends that
# dpkg-shlibdeps cannot see, because nothing links them: the QML modules the UI imports and the files Qt
# and Mesa load at run time (platform plugin, GL driver, TLS library). Each becomes the Debian package
# that owns it on the build machine (dpkg -S), at least the version installed there.
#
# Inputs (set by CPackProjectConfig.cmake): PULSEMAP_QMLIMPORTSCANNER, PULSEMAP_QML_SOURCE_DIR,
# PULSEMAP_QML_BUILD_DIR, PULSEMAP_QT_QML_DIR, PULSEMAP_RUNTIME_FILES, PULSEMAP_EXTRA_DEPENDS,
# PULSEMAP_DEPENDS_REPORT (file that lists each package and why, for review and tests).

# The package owning FILE, as "name" or for Qt's "name (>= upstream-version)". Fails the package build
# when none does, so a missing dependency is an error here rather than a crash on a user's machine.
function(pulsemap_owning_package file out_var)
    execute_process(COMMAND dpkg-query -S "${file}" OUTPUT_VARIABLE owner RESULT_VARIABLE rc ERROR_QUIET
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT rc EQUAL 0 OR owner STREQUAL "")
        message(FATAL_ERROR "pulsemap deb: no Debian package owns ${file} (is it installed?)")
    endif()
    string(REGEX REPLACE ":.*" "" package "${owner}") # "pkg:amd64: /path" -> "pkg"
    string(REGEX REPLACE ",.*" "" package "${package}")
    if(NOT package MATCHES "^(qml6-module-|libqt6)")
        set(${out_var} "${package}" PARENT_SCOPE)
        return()
    endif()
    execute_process(COMMAND dpkg-query -W -f=\${Version} "${package}" OUTPUT_VARIABLE version ERROR_QUIET)
    string(REGEX REPLACE "^[0-9]+:" "" version "${version}") # epoch
    string(REGEX REPLACE "-[^-]*$" "" version "${version}")  # Debian revision
    string(REGEX REPLACE "\\+dfsg.*|~.*" "" version "${version}")
    set(${out_var} "${package} (>= ${version})" PARENT_SCOPE)
endfunction()

set(_depends "")
set(_report "")

# 1. QML imports, followed recursively through each module's qmldir imports, as the engine resolves them.
execute_process(
    COMMAND "${PULSEMAP_QMLIMPORTSCANNER}" -rootPath "${PULSEMAP_QML_SOURCE_DIR}"
            -importPath "${PULSEMAP_QML_BUILD_DIR}" -importPath "${PULSEMAP_QT_QML_DIR}"
    OUTPUT_VARIABLE _imports RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "pulsemap deb: qmlimportscanner failed (${_rc})")
endif()
string(JSON _count LENGTH "${_imports}")
math(EXPR _last "${_count} - 1")
foreach(_i RANGE ${_last})
    string(JSON _type ERROR_VARIABLE _err GET "${_imports}" ${_i} type)
    string(JSON _path ERROR_VARIABLE _err GET "${_imports}" ${_i} path)
    string(JSON _name ERROR_VARIABLE _err GET "${_imports}" ${_i} name)
    # Only Qt's modules: the app's own (Pulsemap.*) are linked in; modules of other platforms (macOS,
    # Windows styles) have no path here.
    if(NOT _type STREQUAL "module" OR _path STREQUAL "" OR _path MATCHES "-NOTFOUND$")
        continue()
    endif()
    cmake_path(IS_PREFIX PULSEMAP_QT_QML_DIR "${_path}" NORMALIZE _is_qt)
    if(NOT _is_qt)
        continue()
    endif()
    pulsemap_owning_package("${_path}/qmldir" _package)
    list(APPEND _depends "${_package}")
    string(APPEND _report "${_package}\tQML import ${_name}\n")
endforeach()

# 2. Files loaded with dlopen at run time.
foreach(_file IN LISTS PULSEMAP_RUNTIME_FILES)
    pulsemap_owning_package("${_file}" _package)
    list(APPEND _depends "${_package}")
    string(APPEND _report "${_package}\truntime file ${_file}\n")
endforeach()

foreach(_extra IN LISTS PULSEMAP_EXTRA_DEPENDS)
    list(APPEND _depends "${_extra}")
    string(APPEND _report "${_extra}\tmaintainer scripts\n")
endforeach()

list(REMOVE_DUPLICATES _depends)
list(SORT _depends)
list(JOIN _depends ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
file(WRITE "${PULSEMAP_DEPENDS_REPORT}" "${_report}")
message(STATUS "pulsemap deb: Depends (besides shlibs): ${CPACK_DEBIAN_PACKAGE_DEPENDS}")
