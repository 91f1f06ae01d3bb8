#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# make-man.sh BINARY OUTPUT.1.gz "NAME LINE" SEE_ALSO [SUBCOMMAND...]
# Writes a gzipped man page from the program's own --help and --version with help2man, so the page never
# drifts from the options. Each SUBCOMMAND's `BINARY SUBCOMMAND --help` becomes a subsection of COMMANDS.
# The GUI parses its options before it needs a display; QT_QPA_PLATFORM=offscreen keeps that true on
# build machines without one.
set -eu
# Sanitizer builds: a leak report at exit would fail help2man; the pages do not depend on it.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
binary=$1 output=$2 name=$3 see_also=$4
shift 4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
program=$(basename "$binary")
# help2man prints argv[0] as the program name: run it from PATH rather than from the build tree.
ln -s "$(realpath "$binary")" "$work/$program"
include="$work/extra.h2m"
printf '[SEE ALSO]\n%s\n' "$see_also" >"$include"
if [ $# -gt 0 ]; then
    printf '[COMMANDS]\nEach command has its own options, shown below as its --help prints them.\n' >>"$include"
    for command in "$@"; do
        printf '.SS %s\n.nf\n' "$command" >>"$include"
        # roff: escape backslashes, and keep lines starting with . or ' from being read as requests.
        PATH="$work:$PATH" QT_QPA_PLATFORM=offscreen "$program" "$command" --help |
            sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/" >>"$include"
        printf '.fi\n' >>"$include"
    done
fi
PATH="$work:$PATH" QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$work" \
    help2man --no-info --section=1 --name="$name" --include="$include" --output="$work/page.1" "$program"
# Reproducible: no timestamp, no file name inside the gzip header.
gzip -9n -c "$work/page.1" >"$output"
