#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# Relay load benchmark (docs/benchmarks.md): 3,000 beacon hits/s for 60 s through /collect to 200 WebSocket
# subscribers on loopback; every subscriber must receive every event; reports p50/p99 latency from beacon request
# to delivery and the relay's CPU. Then, with --ceiling, shorter runs at rising rates to find where it breaks.
#
#   tests/bench/relay_load.sh [BUILD_DIR] [--ceiling]
#
# BUILD_DIR (default build/default) must hold pulsemap-cli and pulsemap-relay-load (cmake --build ... --target
# pulsemap-cli pulsemap-relay-load). Only loopback addresses are used; every run is bounded in time.
set -euo pipefail
build=${1:-build/default}
ceiling=${2:-}
cli=$(find "$build" -name pulsemap-cli -type f -perm -u+x | head -1)
load=$(find "$build" -name pulsemap-relay-load -type f -perm -u+x | head -1)
[ -x "$cli" ] && [ -x "$load" ] || { echo "build pulsemap-cli and pulsemap-relay-load in $build first" >&2; exit 2; }

clock_ticks=$(getconf CLK_TCK)
cpu_of() { awk -v t="$clock_ticks" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"; }

# run RATE SECONDS SUBSCRIBERS [relay options...]: one measured run, one JSON line.
run() {
    local rate=$1 seconds=$2 subscribers=$3
    shift 3
    local out
    out=$(mktemp)
    "$cli" relay --listen 127.0.0.1:0 --collect 127.0.0.1:0 --no-geoip -q "$@" >"$out" 2>/dev/null &
    local relay=$!
    for _ in $(seq 50); do [ -s "$out" ] && break; sleep 0.1; done
    local listen collect
    listen=$(sed -n 's/.*"listen":"\([^"]*\)".*/\1/p' "$out" | head -1)
    collect=$(sed -n 's/.*"collect":"\([^"]*\)".*/\1/p' "$out" | head -1)
    local before after result
    before=$(cpu_of "$relay")
    result=$("$load" --listen "$listen" --collect "$collect" --rate "$rate" --seconds "$seconds" \
        --subscribers "$subscribers" || true)
    after=$(cpu_of "$relay")
    kill -TERM "$relay"
    wait "$relay" || true
    rm -f "$out"
    local wall
    wall=$(sed -n 's/.*"wall_s":\([0-9.]*\).*/\1/p' <<<"$result")
    echo "${result%\}},\"relay_cpu_s\":$(awk -v a="$after" -v b="$before" 'BEGIN{printf "%.2f", a - b}'),\"relay_cpu_pct\":$(awk -v a="$after" -v b="$before" -v w="$wall" 'BEGIN{printf "%.0f", 100 * (a - b) / w}')}"
}

echo "# required: 3000 events/s, 60 s, 200 subscribers" >&2
run 3000 60 200
if [ "$ceiling" = "--ceiling" ]; then
    echo "# ceiling: 15 s runs, rising rate, 200 subscribers" >&2
    for rate in 6000 9000 12000 16000 20000; do
        run "$rate" 15 200
    done
    echo "# ceiling: 3000 events/s, rising subscribers" >&2
    for subscribers in 400 800; do
        run 3000 15 "$subscribers"
    done
fi
