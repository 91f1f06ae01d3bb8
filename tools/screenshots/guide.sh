#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# Remakes the user guide's screenshots of live use (docs/screenshots/guide-*.png) with the app's own
# --screenshot under Xvfb: the first run over the demo, an empty source, a followed log, a relay's stream,
# recording, a filtered campaign and A/B compare. Real parts only: the bundled real access log (its times moved
# to now, written a few hundred lines a second), a real relay on loopback, campaigns from `pulsemap-cli simulate`.
#   tools/screenshots/guide.sh [BUILD_DIR]      (default build/ci; needs xvfb-run and python3)
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/screenshots/common.sh "$@"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
db=$(scripts/fetch-geoip)
export XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" # a first run, every time
shot() { # shot NAME ARGS...: 1600x900 after 5 s
    local name=$1
    shift
    xvfb-run -a -s "-screen 0 1920x1080x24" "$app" "$@" --size 1600x900 --after 5 --screenshot "$out/$name" \
        2> >(grep -v XDG_RUNTIME_DIR >&2)
    echo "wrote $out/$name"
}
# The bundled real log, its times moved to now as it is written, like a busy server's access log.
grow_log() { # grow_log FILE
    python3 - "$1" <<'PY' &
import gzip, re, sys, time
from datetime import datetime, timezone
lines = gzip.open("resources/demo/access.log.gz", "rt").read().splitlines()
stamp = re.compile(r"\[[^\]]+\]")
with open(sys.argv[1], "a", buffering=1) as log:
    while True:
        for line in lines:
            now = datetime.now(timezone.utc).strftime("[%d/%b/%Y:%H:%M:%S +0000]")
            log.write(stamp.sub(now, line, count=1) + "\n")
            time.sleep(0.003)
PY
    pids+=($!)
}

shot guide-first-run.png
: >"$work/empty.log"
shot guide-empty-source.png --source "$work/empty.log"

grow_log "$work/access.log"
sleep 1
shot guide-follow-log.png --source "$work/access.log" --geoip "$db"

"$cli" relay --listen 127.0.0.1:18765 --follow "$work/access.log" --geoip "$db" >/dev/null 2>&1 &
pids+=($!)
sleep 2
shot guide-stream.png --source ws://127.0.0.1:18765/

shot guide-recording.png --source simulate:400 --record "$work/recorded.pulsemap"

"$cli" simulate -o "$work/spring.pulsemap" --events 20000 --seed 1 --campaign spring-sale >/dev/null
"$cli" simulate -o "$work/autumn.pulsemap" --events 15000 --seed 2 --start 2025-03-04T12:00:00Z \
    --campaign autumn-news >/dev/null
shot guide-compare.png "$work/spring.pulsemap" --compare "$work/autumn.pulsemap" --at 45% --hide-charts
