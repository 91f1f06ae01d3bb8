#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# Remakes the screenshots of the trend charts during a replay (docs/screenshots/replay-*.png) with the app's own
# --screenshot under Xvfb, over a ten-day campaign from `pulsemap-cli simulate` (real rollups, real seeks): the
# charts panel a few campaign minutes after a seek into the busy first morning, and the wall strip paused on day
# ten, whose "today vs same time last week" compares two days of the campaign. UTC, so "today" is the UTC day.
#   tools/screenshots/replay.sh [BUILD_DIR]      (default build/ci; needs xvfb-run)
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/screenshots/common.sh "$@"
export TZ=UTC XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
shot() { # shot NAME AFTER ARGS...: 1920x1080
    local name=$1 after=$2
    shift 2
    xvfb-run -a -s "-screen 0 1920x1080x24" "$app" "$work/tenday.pulsemap" "$@" --size 1920x1080 --after "$after" \
        --screenshot "$out/$name" 2> >(grep -v XDG_RUNTIME_DIR >&2)
    echo "wrote $out/$name"
}
# Opens from 2025-03-04T00:00Z for 240 hours: most on the first day, a steady tail of about 10,000 a day after.
"$cli" simulate -o "$work/tenday.pulsemap" --events 1000000 --hours 240 --seed 1 >/dev/null
# Ten seconds at 30x after a seek to 03:00: five campaign minutes played, the hour and the day rebuilt at the seek.
shot replay-charts-campaign-clock.png 10 --at 2025-03-04T03:00:00Z --speed 30
# Day ten, 15:00, paused: today since midnight against 2025-03-06 until 15:00.
shot replay-wall-week.png 6 --at 2025-03-13T15:00:00Z --paused --wall
# The figures to check them against: events of each span, straight from the file.
"$cli" stats "$work/tenday.pulsemap" --bucket day --tz UTC --from 2025-03-13T00:00:00Z --to 2025-03-13T15:00:00Z
"$cli" stats "$work/tenday.pulsemap" --bucket day --tz UTC --from 2025-03-06T00:00:00Z --to 2025-03-06T15:00:00Z
