#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# Scale-out benchmark (docs/scale-out.md): beacon hits into a collector (relay --publish), through a three-node
# JetStream cluster on loopback (stream PULSEMAP, 3 replicas), out of 1, 2 and 3 relays (relay --upstream
# nats://...?durable=) to WebSocket subscribers; and, in the same run, the single-relay path (beacon and
# subscribers on one relay) for comparison. Latency is from the beacon request to delivery (pulsemap-relay-load).
# With N relays, N load generators run at RATE/N each, with SUBSCRIBERS/N subscribers on their own relay: every
# subscriber receives every event of every generator, and latency is measured on all of them. Caveat: a
# generator stops once its subscribers hold RATE/N x SECONDS events, which they reach early with the other
# generators' events too: the N > 1 runs are shorter than SECONDS (see wall_s) and their every_event_everywhere
# is false by construction; their latency figures stand.
#
#   tests/bench/nats_load.sh [BUILD_DIR] [RATE] [SECONDS] [SUBSCRIBERS]     (defaults: build/default 3000 15 60)
#
# Each run also prints the CPU seconds its processes used while the load ran ({"cpu":...}: the three nodes
# together, the collector, the relays together; from /proc/PID/stat), the per-node and per-relay costs the paper
# model in docs/scale-out.md is built from.
#
# Needs nats-server (scripts/setup-deps), pulsemap-cli and pulsemap-relay-load built in BUILD_DIR. Loopback only;
# each cluster is fresh (own temporary stores, removed at the end) so runs do not read each other's events.
set -euo pipefail
build=${1:-build/default}
rate=${2:-3000}
seconds=${3:-15}
subscribers=${4:-60}
cli=$(find "$build" -name pulsemap-cli -type f -perm -u+x | head -1)
load=$(find "$build" -name pulsemap-relay-load -type f -perm -u+x | head -1)
nats=$(command -v nats-server || echo /usr/sbin/nats-server)
[ -x "$cli" ] && [ -x "$load" ] && [ -x "$nats" ] || {
    echo "needs nats-server, and pulsemap-cli and pulsemap-relay-load built in $build" >&2
    exit 2
}
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

tck=$(getconf CLK_TCK)
# cpu_ticks PID...: user + system ticks used so far by these processes (0 for one that is gone).
cpu_ticks() {
    local total=0 pid t
    for pid in "$@"; do
        t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
        total=$((total + t))
    done
    echo "$total"
}
seconds_of() { awk -v t="$1" -v k="$tck" 'BEGIN { printf "%.2f", t / k }'; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_cluster DIR: three nodes with routes to all three; sets $nats_url.
start_cluster() {
    local dir=$1 client=() route=() i routes=""
    node_pids=()
    mkdir -p "$dir"
    for i in 1 2 3; do client[i]=$(free_port); route[i]=$(free_port); done
    for i in 1 2 3; do routes+="nats-route://127.0.0.1:${route[i]},"; done
    for i in 1 2 3; do
        cat >"$dir/n$i.conf" <<CONF
server_name: n$i
listen: 127.0.0.1:${client[i]}
jetstream { store_dir: "$dir/n$i" }
cluster { name: bench, listen: 127.0.0.1:${route[i]}, routes: [${routes%,}] }
CONF
        "$nats" -c "$dir/n$i.conf" >"$dir/n$i.log" 2>&1 &
        pids+=($!)
        node_pids+=($!)
    done
    nats_url="nats://127.0.0.1:${client[1]},127.0.0.1:${client[2]},127.0.0.1:${client[3]}"
    for _ in $(seq 40); do
        "$cli" nats-setup "$nats_url" --replicas 3 --max-age 1h >/dev/null 2>&1 && return 0
        sleep 0.25
    done
    echo "the cluster did not come up (logs in $dir)" >&2
    exit 1
}

# relay OUT ARGS...: starts pulsemap-cli relay, waits for its ready line; sets $listen and $collect.
relay() {
    local out=$1
    shift
    "$cli" relay --listen 127.0.0.1:0 --no-geoip -q "$@" >"$out" 2>/dev/null &
    pids+=($!)
    relay_pid=$!
    for _ in $(seq 50); do [ -s "$out" ] && break; sleep 0.1; done
    listen=$(sed -n 's/.*"listen":"\([^"]*\)".*/\1/p' "$out" | head -1)
    collect=$(sed -n 's/.*"collect":"\([^"]*\)".*/\1/p' "$out" | head -1)
}

echo "# single relay: $rate events/s, $seconds s, $subscribers subscribers" >&2
relay "$work/single.out" --collect 127.0.0.1:0
single_pid=$relay_pid
before=$(cpu_ticks "$single_pid")
result=$("$load" --listen "$listen" --collect "$collect" --rate "$rate" --seconds "$seconds" \
    --subscribers "$subscribers" | sed 's/^{//')
echo "{\"path\":\"single relay\",\"relays\":1,\"cpu\":{\"relay_s\":$(seconds_of $(($(cpu_ticks "$single_pid") - before)))},$result"

for relays in 1 2 3; do
    echo "# collector -> JetStream (3 replicas) -> $relays relays" >&2
    start_cluster "$work/cluster$relays"
    relay "$work/collector$relays.out" --collect 127.0.0.1:0 --publish "$nats_url"
    collector_pid=$relay_pid
    beacon=$collect
    listens=()
    relay_pids=()
    for i in $(seq "$relays"); do
        relay "$work/relay$relays-$i.out" --upstream "$nats_url/?durable=bench$i"
        listens+=("$listen")
        relay_pids+=("$relay_pid")
    done
    nodes0=$(cpu_ticks "${node_pids[@]}")
    collector0=$(cpu_ticks "$collector_pid")
    relays0=$(cpu_ticks "${relay_pids[@]}")
    results=()
    for i in $(seq "$relays"); do
        "$load" --listen "${listens[i - 1]}" --collect "$beacon" --rate $((rate / relays)) --seconds "$seconds" \
            --subscribers $((subscribers / relays)) >"$work/result$relays-$i.json" &
        results+=($!)
    done
    for pid in "${results[@]}"; do wait "$pid" || true; done
    echo "{\"path\":\"nats\",\"relays\":$relays,\"cpu\":{\"nodes_s\":$(seconds_of $(($(cpu_ticks "${node_pids[@]}") - nodes0))),\"collector_s\":$(seconds_of $(($(cpu_ticks "$collector_pid") - collector0))),\"relays_s\":$(seconds_of $(($(cpu_ticks "${relay_pids[@]}") - relays0)))}}"
    for i in $(seq "$relays"); do
        echo "{\"path\":\"nats\",\"relays\":$relays,\"relay\":$i,$(sed 's/^{//' "$work/result$relays-$i.json")"
    done
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    pids=()
done
