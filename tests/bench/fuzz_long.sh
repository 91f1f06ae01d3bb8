#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# Runs every libFuzzer target of a PULSEMAP_FUZZ build for longer than ctest does, on all cores, then folds what
# it learned back into the committed seed corpora and prints a table per target. See docs/fuzzing.md.
#
#   tests/bench/fuzz_long.sh BUILD_DIR [SECONDS_PER_TARGET] [TARGET...]
#
#   BUILD_DIR           a build with PULSEMAP_FUZZ (build/asan-ubsan); targets are found through their NAME.fuzz
#                       descriptors (cmake/Fuzzing.cmake), so new targets need no change here
#   SECONDS_PER_TARGET  default 600
#   TARGET...           default: every target found
#   FUZZ_JOBS=N         parallel fuzzing processes per target (default: nproc)
#   FUZZ_WORK=DIR       where work corpora, logs and crashes go (default: a new directory under /tmp, kept)
#   FUZZ_MERGE=0        skip minimising into the committed corpora
#
# Each target fuzzes a copy of its committed corpus, so the committed files change only through the final
# -merge=1, which adds just the inputs that reach new coverage. Crashes, leaks and timeouts do not stop a run
# (libFuzzer's -fork mode keeps every core busy after one): they are collected under WORK/TARGET/findings.
# Exit status: 0 when no target found anything, 1 when some did, 2 for a usage or setup error.
set -uo pipefail

usage() {
    sed -n '4,15p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}
[ $# -ge 1 ] || usage
build=$(cd "$1" 2>/dev/null && pwd) || { echo "$0: no build directory $1" >&2; exit 2; }
shift
seconds=600
if [ $# -ge 1 ] && [[ $1 =~ ^[0-9]+$ ]]; then
    seconds=$1
    shift
fi
jobs=${FUZZ_JOBS:-$(nproc)}
work=${FUZZ_WORK:-$(mktemp -d /tmp/pulsemap-fuzz.XXXXXX)}
mkdir -p "$work"

declare -A binary seeds options
mapfile -t descriptors < <(find "$build" -name '*.fuzz' -type f | sort)
for descriptor in "${descriptors[@]}"; do
    name=$(basename "$descriptor" .fuzz)
    binary[$name]=$(sed -n 's/^binary=//p' "$descriptor")
    seeds[$name]=$(sed -n 's/^seeds=//p' "$descriptor")
    options[$name]=$(sed -n 's/^options=//p' "$descriptor")
done
if [ ${#binary[@]} -eq 0 ]; then
    echo "$0: no fuzz targets in $build (configure with PULSEMAP_FUZZ=ON, e.g. the asan-ubsan preset)" >&2
    exit 2
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(printf '%s\n' "${!binary[@]}" | sort)
fi
for name in "${targets[@]}"; do
    [ -n "${binary[$name]:-}" ] || { echo "$0: unknown target $name (have: ${!binary[*]})" >&2; exit 2; }
    [ -x "${binary[$name]}" ] || { echo "$0: $name is not built: cmake --build $build --target $name" >&2; exit 2; }
done

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# The numbers of a libFuzzer status line ("#1234: cov: 56 ft: 78 corp: 9 exec/s ..." in fork mode,
# "#1234 ... cov: 56 ft: 78 corp: 9/1Kb ..." otherwise) as "runs cov ft corp".
stats() {
    sed -n -E 's/^#([0-9]+):? .*cov: ([0-9]+) ft: ([0-9]+) corp: ([0-9]+).*/\1 \2 \3 \4/p' "$1" | "$2" -n 1
}

rows=()
found=0
for name in "${targets[@]}"; do
    dir=$work/$name
    mkdir -p "$dir/corpus" "$dir/findings"
    cp -r "${seeds[$name]}/." "$dir/corpus/"
    seedCount=$(find "${seeds[$name]}" -type f | wc -l)
    echo "== $name: ${seconds}s, $jobs jobs, $seedCount seeds, log $dir/fuzz.log"
    # shellcheck disable=SC2086 # options is a list of flags
    "${binary[$name]}" ${options[$name]} -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -max_total_time="$seconds" -artifact_prefix="$dir/findings/" "$dir/corpus" >"$dir/fuzz.log" 2>&1
    read -r _ covStart _ _ <<<"$(stats "$dir/fuzz.log" head)"
    read -r runs covEnd _ corpEnd <<<"$(stats "$dir/fuzz.log" tail)"
    findings=$(find "$dir/findings" -type f | wc -l)
    added=0
    if [ "${FUZZ_MERGE:-1}" != 0 ]; then
        before=$(find "${seeds[$name]}" -type f | wc -l)
        # shellcheck disable=SC2086
        "${binary[$name]}" ${options[$name]} -merge=1 "${seeds[$name]}" "$dir/corpus" >"$dir/merge.log" 2>&1 ||
            echo "   merge failed, see $dir/merge.log"
        added=$(($(find "${seeds[$name]}" -type f | wc -l) - before))
    fi
    [ "$findings" -eq 0 ] || found=1
    rows+=("$(printf '%-22s %12s %9s %9s %9s %8s %9s' "$name" "${runs:-?}" "${covStart:-?}" "${covEnd:-?}" \
        "${corpEnd:-?}" "+$added" "$findings")")
done

echo
printf '%-22s %12s %9s %9s %9s %8s %9s\n' target executions cov-start cov-end corpus merged findings
printf '%s\n' "${rows[@]}"
echo
echo "work directory: $work"
if [ "$found" -ne 0 ]; then
    echo "findings (reproduce with: BINARY FILE):"
    for name in "${targets[@]}"; do
        find "$work/$name/findings" -type f -printf "  $name  %p\n"
    done
fi
exit "$found"
