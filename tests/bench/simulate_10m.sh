#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# The 10-million-event simulation of docs/benchmarks.md ("Simulated campaigns"): pulsemap-cli simulate writes the
# campaign, then check verifies it and backup copies it; wall time, CPU and peak memory from GNU time.
#   tests/bench/simulate_10m.sh build/default [EVENTS]
set -eu
build=${1:?usage: $0 BUILD_DIR [EVENTS]}
events=${2:-10000000}
cli="$build/app/pulsemap-cli/pulsemap-cli"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
measure() {
    /usr/bin/time -f "  wall %e s, user %U s, sys %S s, peak %M KiB" "$@"
}
echo "simulate --events $events (machine load: $(cut -d' ' -f1-3 /proc/loadavg))"
measure "$cli" simulate -o "$work/sim.pulsemap" --events "$events" --seed 1
ls -l "$work/sim.pulsemap" | awk '{printf "  file %.0f MiB\n", $5 / 1048576}'
echo "check --quick"
measure "$cli" check --quick "$work/sim.pulsemap"
echo "backup"
measure "$cli" backup "$work/sim.pulsemap" "$work/copy.pulsemap"
