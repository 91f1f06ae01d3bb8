#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# Replay against live, in the same run: a 1,000,000-event campaign over 24 hours replayed at 1000x (the whole
# day in 86.4 s) beside the simulator at the same event rate, in a 1920x1080 window under Xvfb, alternated
# ROUNDS times. The rate is measured on the campaign itself: the events of the replayed stretch divided by
# its wall seconds (an email send is busiest at its start). Then, on the same file, a --scrub run: the
# playhead dragged back and forth, pictures and frames per second.
#   tests/bench/replay_frames.sh BUILD_DIR [SECONDS=20] [ROUNDS=3] [CAMPAIGN]
# CAMPAIGN defaults to one made with pulsemap-cli simulate --events 1000000 --hours 24 --seed 1.
set -euo pipefail
build=${1:?usage: replay_frames.sh BUILD_DIR [SECONDS] [ROUNDS] [CAMPAIGN]}
seconds=${2:-20}
rounds=${3:-3}
app="$build/app/pulsemap/pulsemap"
cli="$build/app/pulsemap-cli/pulsemap-cli"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_CONFIG_HOME="$scratch/config"
campaign=${4:-$scratch/1m.pulsemap}
if [ ! -f "$campaign" ]; then
    "$cli" simulate -o "$campaign" --events 1000000 --hours 24 --seed 1 >/dev/null
fi
speedup=1000
read -r first last <<<"$(sqlite3 -separator " " "$campaign" "SELECT min(ts), max(ts) FROM events")"
# The app shows its first picture about a second after start; the stretch replayed is about SECONDS long.
events=$(sqlite3 "$campaign" "SELECT count(*) FROM events WHERE ts < $first + $seconds * 1000 * $speedup")
rate=$(awk -v e="$events" -v s="$seconds" 'BEGIN { printf "%d", e / s }')
echo "campaign: $(sqlite3 "$campaign" "SELECT count(*) FROM events") events over" \
    "$(awk -v f="$first" -v l="$last" 'BEGIN { printf "%.1f", (l - f) / 3600000 }') h;" \
    "replayed at ${speedup}x: $rate events/s over the first $seconds s"

run() {
    xvfb-run -a -s "-screen 0 1920x1080x24" "$app" --size 1920x1080 --frame-stats --hide-charts \
        --screenshot "$scratch/shot.png" --after "$seconds" "$@" 2>/dev/null | grep -E '^(frames|scrub_)'
}
median_of() { sed -E 's/.*median_frame_ms=([0-9.]+).*/\1/'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

replays=()
lives=()
ratios=()
for round in $(seq "$rounds"); do
    line=$(run "$campaign" --speed "$speedup")
    echo "replay 1000x:    $line"
    replays+=("$(median_of <<<"$line")")
    line=$(run --source "simulate:$rate")
    echo "simulate:$rate: $line"
    lives+=("$(median_of <<<"$line")")
    ratio=$(awk -v r="${replays[-1]}" -v l="${lives[-1]}" 'BEGIN { printf "%.2f", r / l }')
    echo "round $round: ratio $ratio"
    ratios+=("$ratio")
done
r=$(median "${replays[@]}")
l=$(median "${lives[@]}")
echo "median of medians: replay ${r} ms, simulator ${l} ms, ratio $(awk -v r="$r" -v l="$l" 'BEGIN { printf "%.2f", r / l }')"
echo "median of the rounds' ratios: $(median "${ratios[@]}")"
echo "scrubbing: $(run "$campaign" --scrub "$((seconds - 3))" | grep '^scrub_')"
