#!/usr/bin/env bash
# MiniDisque throughput and idle cost.
#   1. One pipelined client: redis-benchmark -c 1 -P 100 ADDJOB q x 0 → ADDJOB/s, and the
#      ratio to the real disque-server's ADDJOB rate in the same run (and to redis-server's
#      SET rate when it is installed).
#   2. 50 clients blocked in GETJOB (TIMEOUT 0): the node's CPU time over 5 s,
#      read from /proc/<pid>/stat (utime+stime), which should be ~0.
# Uses a release build in .build-bench (pass SCRATCH=... to reuse another).
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH=${SCRATCH:-.build-bench}
REQUESTS=${REQUESTS:-200000}
BLOCKED=${BLOCKED:-50}
IDLE_SECONDS=${IDLE_SECONDS:-5}

command -v redis-benchmark >/dev/null || { echo "redis-benchmark not found (Debian: redis-tools)" >&2; exit 1; }
command -v redis-cli >/dev/null || { echo "redis-cli not found (Debian: redis-tools)" >&2; exit 1; }

swift build -c release --scratch-path "$SCRATCH" --product minidisque >/dev/null
BIN="$SCRATCH/release/minidisque"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

wait_for_port() {
    for _ in $(seq 100); do
        redis-cli -p "$1" PING >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "server on port $1 did not come up" >&2
    exit 1
}

# requests/s from redis-benchmark's CSV line: "ADDJOB q x 0","177304.97",...
rate_of() { redis-benchmark --csv "$@" 2>/dev/null | tail -1 | cut -d, -f2 | tr -d '"'; }

PORT=$(free_port)
"$BIN" --port "$PORT" >/dev/null &
SERVER=$!
PIDS+=("$SERVER")
wait_for_port "$PORT"

ADD_RATE=$(rate_of -p "$PORT" -c 1 -P 100 -n "$REQUESTS" ADDJOB q x 0)
printf 'minidisque ADDJOB, 1 client, pipeline 100: %.0f ops/s\n' "$ADD_RATE"

if command -v redis-server >/dev/null; then
    RPORT=$(free_port)
    redis-server --port "$RPORT" --save '' --appendonly no >/dev/null &
    PIDS+=("$!")
    wait_for_port "$RPORT"
    SET_RATE=$(rate_of -p "$RPORT" -c 1 -P 100 -n "$REQUESTS" SET k x)
    printf 'redis-server SET, same settings:           %.0f ops/s\n' "$SET_RATE"
    python3 -c "print('ratio minidisque ADDJOB / redis SET: %.2f' % ($ADD_RATE / $SET_RATE))"
else
    echo "(redis-server not installed: no SET ratio)"
fi

# The real Disque, same command and settings: DISQUE_SERVER, else ../shared/disque/build.sh.
REAL=${DISQUE_SERVER:-}
if [ -z "$REAL" ] && [ -f ../shared/disque/build.sh ]; then REAL=$(bash ../shared/disque/build.sh); fi
if [ -n "$REAL" ]; then
    # Its cluster bus takes port + 10000: pick a pair below the ephemeral range.
    DPORT=$(python3 -c 'import random, socket
for _ in range(500):
    p = random.randint(10000, 22767)
    try:
        for q in (p, p + 10000):
            s = socket.socket(); s.bind(("127.0.0.1", q)); s.close()
        print(p); break
    except OSError: pass')
    DDIR=$(mktemp -d)
    "$REAL" --port "$DPORT" --bind 127.0.0.1 --dir "$DDIR" --appendonly no >/dev/null 2>&1 &
    PIDS+=("$!")
    wait_for_port "$DPORT"
    REAL_RATE=$(rate_of -p "$DPORT" -c 1 -P 100 -n "$REQUESTS" ADDJOB q x 0)
    printf 'disque-server ADDJOB, same settings:       %.0f ops/s\n' "$REAL_RATE"
    python3 -c "print('ratio minidisque / disque-server ADDJOB: %.2f' % ($ADD_RATE / $REAL_RATE))"
else
    echo "(no real disque-server: set DISQUE_SERVER for the ratio)"
fi

# 50 clients parked in GETJOB on an empty queue.
for _ in $(seq "$BLOCKED"); do
    redis-cli -p "$PORT" GETJOB TIMEOUT 0 FROM idleq >/dev/null 2>&1 &
    PIDS+=("$!")
done
for _ in $(seq 100); do
    n=$(redis-cli -p "$PORT" INFO clients | tr -d '\r' | awk -F: '/^blocked_clients:/ {print $2}')
    [ "$n" = "$BLOCKED" ] && break
    sleep 0.05
done
echo "blocked GETJOB clients: $n"

ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
HZ=$(getconf CLK_TCK)
BEFORE=$(ticks)
sleep "$IDLE_SECONDS"
AFTER=$(ticks)
python3 -c "print('minidisque CPU over ${IDLE_SECONDS} s with ${BLOCKED} blocked clients: %.3f s' % (($AFTER - $BEFORE) / $HZ))"

redis-cli -p "$PORT" SHUTDOWN >/dev/null 2>&1 || true
