#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# Remakes the calendar view's screenshots (docs/screenshots/calendar-*.png) with the app's own --screenshot
# under Xvfb, over a campaign imported by `pulsemap-cli import` from a generated access log: two years of web
# hits with a daily and weekly rhythm, a season and growth, 3,000 addresses coming back (visitors).
#   tools/screenshots/calendar.sh [BUILD_DIR]      (default build/ci; needs xvfb-run and python3)
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/screenshots/common.sh "$@"
db=$(scripts/fetch-geoip)
export XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"

python3 - "$work/site.log" <<'PY'
import datetime, math, random, sys
random.seed(7)
start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
end = datetime.datetime(2025, 12, 31, tzinfo=datetime.timezone.utc)
ips = [f"{random.randint(1, 223)}.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
       for _ in range(3000)]
lines = []
t = start
while t < end:
    days = (t - start).days
    local_hour = (t.hour + 1) % 24
    rate = (6 * (0.25 + math.exp(-((local_hour - 14) / 4.5) ** 2)) * (0.6 if t.weekday() >= 5 else 1.0)
            * (1 + days / 365 * 0.6) * (1 + 0.25 * math.sin(days / 365 * 2 * math.pi)))
    for _ in range(int(rate + random.random())):
        ip = random.choice(ips[:800 + days * 3])
        at = t + datetime.timedelta(seconds=random.randint(0, 3599))
        for k in range(random.choice([1, 1, 1, 2, 3])):
            hit = at + datetime.timedelta(minutes=k * random.randint(1, 50))
            path = random.choice(["/", "/pricing", "/blog/post-1", "/docs", "/signup"])
            lines.append((hit, f'{ip} - - [{hit.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "GET {path} HTTP/1.1" 200 512 '
                               f'"-" "Mozilla/5.0"\n'))
    t += datetime.timedelta(hours=1)
lines.sort(key=lambda line: line[0])
with open(sys.argv[1], "w") as log:
    log.writelines(text for _, text in lines)
PY
"$cli" import -q --geoip "$db" -o "$work/site.pulsemap" "$work/site.log" >/dev/null
# The days around Paris's spring-forward night, small enough for hours.
grep -E '(2[89]|3[01])/Mar/2025|0[12]/Apr/2025' "$work/site.log" >"$work/dst.log"
"$cli" import -q --geoip "$db" -o "$work/dst.pulsemap" "$work/dst.log" >/dev/null

shot() { # shot NAME ARGS...: 1600x900 after 4 s
    local name=$1
    shift
    xvfb-run -a -s "-screen 0 1920x1080x24" "$app" "$@" --paused --size 1600x900 --after 4 \
        --screenshot "$out/$name" 2> >(grep -v XDG_RUNTIME_DIR >&2)
    echo "wrote $out/$name"
}
shot calendar-overlay.png "$work/site.pulsemap" --tz Europe/Paris --calendar month:year
shot calendar-day-tz.png "$work/site.pulsemap" --tz America/New_York --calendar day:week:events:line
shot calendar-hours-dst.png "$work/dst.pulsemap" --tz Europe/Paris --calendar hour:none:returning
