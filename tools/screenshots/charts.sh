#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# Remakes the trend charts' screenshots (docs/screenshots/charts-*.png) with the app's own --screenshot under
# Xvfb, over simulated traffic: the panel's two pages (the breakdowns after a few minutes, so that the scatter has
# a few minutes to show), stacked bars, the wall's strip, and alert thresholds. Long names in the breakdowns:
# tools/screenshots/breakdowns.sh. The runs go in parallel (each is its own app).
#   tools/screenshots/charts.sh [BUILD_DIR] [BREAKDOWN_SECONDS=300]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/screenshots/common.sh "$@"
seconds=${2:-300}
shot() { # shot NAME PAGE STYLE AFTER ARGS...: 1920x1080, the panel's page and style remembered beforehand
    local name=$1 page=$2 style=$3 after=$4
    shift 4
    mkdir -p "$work/$name/pulsemap"
    printf '[charts]\npage=%s\nstyle=%s\n' "$page" "$style" >"$work/$name/pulsemap/pulsemap.conf"
    XDG_CONFIG_HOME="$work/$name" xvfb-run -a -s "-screen 0 1920x1080x24" "$app" --source simulate:3000 \
        --size 1920x1080 --after "$after" --screenshot "$out/$name" "$@" 2> >(grep -v XDG_RUNTIME_DIR >&2)
    echo "wrote $out/$name"
}
shot charts-breakdowns-1080p.png 1 0 "$seconds" &
shot charts-1080p.png 0 0 60 &
wait
shot charts-bars-1080p.png 0 1 30 &
shot charts-wall-1080p.png 0 0 20 --wall &
wait
# Alert rules as threshold lines (3,000 events/s, one in four a click): the burst fires, the others do not.
shot charts-thresholds-1080p.png 0 0 40 --alert 'burst: click per 10s > 5000' --alert 'surge: open per 1m > 200000' \
    --alert 'quiet: * per 5m < 300000'
