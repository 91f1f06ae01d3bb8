#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# Remakes docs/screenshots/charts-breakdowns-long-names.png: the breakdowns page over an access log (followed as
# it grows) whose busiest campaign id and path are too long for their columns, elided (the path in the middle),
# with the pointer over the path's bar so that its tooltip shows the full path, the count and the share. The
# pointer is moved with XTEST (move_pointer.py) before the app's own --screenshot.
#   tools/screenshots/breakdowns.sh [BUILD_DIR] [X Y of the pointer]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/screenshots/common.sh "$@"
pointer_x=${2:-1640}
pointer_y=${3:-393}
out=$out/charts-breakdowns-long-names.png
mkdir -p "$work/pulsemap"
printf '[charts]\npage=1\nstyle=0\n' >"$work/pulsemap/pulsemap.conf"
log="$work/access.log"
# A combined log: the last five minutes at once, then 200 lines a second for 40 s, from public addresses spread
# over the continents (the GeoLite2 database places them).
python3 - "$log" 40 <<'PY' &
import random, sys, time
from datetime import datetime, timezone
path, seconds = sys.argv[1], float(sys.argv[2])
random.seed(9)
prefixes = [24, 50, 66, 73, 81, 82, 88, 91, 109, 121, 125, 177, 186, 189, 200, 41, 105, 196, 203, 220, 1, 36]
paths = [("/blog/2026/11/mapping-a-million-newsletter-opens-in-real-time", 40), ("/pricing", 18),
         ("/docs/getting-started/installing-on-debian-with-the-apt-repo", 12), ("/", 10),
         ("/signup", 8), ("/careers", 4)]
campaigns = [("autumn-newsletter-2026-second-wave-returning-readers", 45), ("spring-sale", 25),
             ("welcome-series", 15), ("product-launch-pulse-pro-early-access-invitation", 10), ("win-back", 5)]
def pick(pairs):
    return random.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]
def line(ts):
    ip = f"{random.choice(prefixes)}.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(1, 254)}"
    stamp = datetime.fromtimestamp(ts, timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000")
    return (f'{ip} - - [{stamp}] "GET {pick(paths)}?utm_campaign={pick(campaigns)} HTTP/1.1" 200 512 "-" '
            f'"Mozilla/5.0 (X11; Linux x86_64)"\n')
now = time.time()
with open(path, "a") as log:
    log.writelines(line(now - 300 + i * 300 / 20000) for i in range(20000))
end = time.time() + seconds
while time.time() < end:
    with open(path, "a") as log:
        log.writelines(line(time.time()) for _ in range(20))
    time.sleep(0.1)
PY
writer=$!
sleep 1
XDG_CONFIG_HOME="$work" xvfb-run -a -s "-screen 0 1920x1080x24" bash -c '
    "$1" --source "$2" --format combined --size 1920x1080 --after 20 --screenshot "$3" &
    app=$!
    sleep 16
    tools/screenshots/move_pointer.py "$4" "$5"
    wait $app' _ "$app" "$log" "$out" "$pointer_x" "$pointer_y" 2> >(grep -v XDG_RUNTIME_DIR >&2)
kill "$writer" 2>/dev/null || true
echo "wrote $out"
