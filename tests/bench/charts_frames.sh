#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# The app's median frame with the trend charts shown and with --hide-charts, in the same run: the app at
# 10,000 simulated events/s in a 1920x1080 window under Xvfb, the two cases alternated ROUNDS times so that a
# busy machine weighs on both alike. Prints one --frame-stats line per run, each round's ratio (shown / hidden,
# two runs next to each other, so under about the same load), the median of those ratios and the ratio of the
# median frames.
#   tests/bench/charts_frames.sh BUILD_DIR [SECONDS=20] [ROUNDS=3]
set -euo pipefail
build=${1:?usage: charts_frames.sh BUILD_DIR [SECONDS] [ROUNDS]}
seconds=${2:-20}
rounds=${3:-3}
app="$build/app/pulsemap/pulsemap"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_CONFIG_HOME="$scratch/config" # the panel's remembered state must not decide the "shown" runs

run() {
    xvfb-run -a -s "-screen 0 1920x1080x24" "$app" --source simulate:10000 --size 1920x1080 --frame-stats \
        --screenshot "$scratch/shot.png" --after "$seconds" "$@" 2>/dev/null | grep '^frames='
}

shown=()
hidden=()
ratios=()
for round in $(seq "$rounds"); do
    line=$(run)
    echo "charts shown:  $line"
    shown+=("$(sed -E 's/.*median_frame_ms=([0-9.]+).*/\1/' <<<"$line")")
    line=$(run --hide-charts)
    echo "--hide-charts: $line"
    hidden+=("$(sed -E 's/.*median_frame_ms=([0-9.]+).*/\1/' <<<"$line")")
    ratio=$(awk -v s="${shown[-1]}" -v h="${hidden[-1]}" 'BEGIN { printf "%.2f", s / h }')
    echo "round $round: ratio $ratio"
    ratios+=("$ratio")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
s=$(median "${shown[@]}")
h=$(median "${hidden[@]}")
echo "median of medians: shown ${s} ms, hidden ${h} ms, ratio $(awk -v s="$s" -v h="$h" 'BEGIN { printf "%.2f", s / h }')"
echo "median of the rounds' ratios: $(median "${ratios[@]}")"
