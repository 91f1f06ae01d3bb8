# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# Project-wide warnings; CI turns them into errors with PULSEMAP_WERROR.
option(PULSEMAP_WERROR "Treat compiler warnings as errors" OFF)

add_library(pulsemap_warnings INTERFACE)
target_compile_options(pulsemap_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
    -Wimplicit-fallthrough -Wformat=2
    $<$<BOOL:${PULSEMAP_WERROR}>:-Werror>)
