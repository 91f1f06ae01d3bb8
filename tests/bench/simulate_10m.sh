#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# The 10-million-event campaign of docs/benchmarks.md ("Simulated campaigns", "Campaigns at 10 million events"):
# pulsemap-cli simulate writes it (one day of opens and clicks), then check verifies it and backup copies it;
# stats by hour and by country answer from the rollups; seeks rebuild the heat of random moments (against reading
# the events, in the same run); and the app opens it at 50 % (--at) and reports when that picture is on screen.
# Wall time, CPU and peak memory from GNU time.
#   tests/bench/simulate_10m.sh build/default [EVENTS]
set -eu
build=${1:?usage: $0 BUILD_DIR [EVENTS]}
events=${2:-10000000}
cli="$build/app/pulsemap-cli/pulsemap-cli"
app="$build/app/pulsemap/pulsemap"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
measure() {
    /usr/bin/time -f "  wall %e s, user %U s, sys %S s, peak %M KiB" "$@"
}
echo "simulate --events $events (machine load: $(cut -d' ' -f1-3 /proc/loadavg))"
measure "$cli" simulate -o "$work/sim.pulsemap" --events "$events" --seed 1 --hours 24
ls -l "$work/sim.pulsemap" | awk '{printf "  file %.0f MiB\n", $5 / 1048576}'
echo "check --quick"
measure "$cli" check --quick "$work/sim.pulsemap"
echo "backup"
measure "$cli" backup "$work/sim.pulsemap" "$work/copy.pulsemap"
echo "stats --bucket hour"
measure "$cli" stats "$work/sim.pulsemap" --bucket hour >/dev/null
echo "stats --by country --top 10"
measure "$cli" stats "$work/sim.pulsemap" --by country --top 10 >/dev/null
echo "seeks (heat of a random moment from the rollups)"
"$build/tests/bench/pulsemap-bench-seek" "$work/sim.pulsemap" 50
if [ -x "$app" ] && command -v xvfb-run >/dev/null; then
    echo "app: pulsemap FILE --at 50% (3 runs): seek_ms = request to the rebuilt heat on screen"
    for _ in 1 2 3; do
        xvfb-run -a -s "-screen 0 1920x1080x24" "$app" "$work/sim.pulsemap" --at 50% --frame-stats \
            --screenshot "$work/at50.png" --after 4 2>/dev/null | grep -E "startup|seek_ms" | tr '\n' ' '
        echo
    done
fi
