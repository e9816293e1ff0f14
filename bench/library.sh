#!/usr/bin/env bash
# The library's throughput and memory against a real Disque node, next to
# redis-benchmark on the same node in the same run (release builds):
#   1. one task, addJob in a loop        vs redis-benchmark -c 1        ADDJOB
#      (a) on the default executor, (b) preferring client.taskExecutor (the links' event loop),
#      (c) with NIO's event loops installed as Swift's global executor;
#      and the floor under any SwiftNIO client: the same loop on a bare NIO channel
#      (bench/Library/NIOFloor.swift) from a task on the default executor, from one
#      preferring the channel's loop, and from the loop itself with no task at all
#   2. 50 tasks sharing one DisqueClient  vs redis-benchmark -c 50       ADDJOB
#   3. the sync connection's pipeline    vs redis-benchmark -c 1 -P 100 ADDJOB
#   4. 1,000 tasks blocked in jobs(from:) on one client: RSS and links
# Usage: DISQUE_SERVER=/path/to/disque-server [ROUNDS=3] bench/library.sh [N]
# (DISQUE_SERVER defaults to /work/shared/disque/build.sh's build.)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
SERVER=${DISQUE_SERVER:-$(/work/shared/disque/build.sh)}
SCRATCH=${SCRATCH:-.build-nio}
command -v redis-benchmark >/dev/null || { echo "redis-benchmark missing: apt-get install redis-tools" >&2; exit 1; }

swift build -c release --scratch-path "$SCRATCH" --product disque-bench >&2
BENCH="$SCRATCH/release/disque-bench"

PORT=$((20000 + RANDOM % 20000))
DIR=$(mktemp -d)
"$SERVER" --port "$PORT" --bind 127.0.0.1 --dir "$DIR" --appendonly no --daemonize no >"$DIR/log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null; rm -rf "$DIR"' EXIT
for _ in $(seq 100); do redis-cli -p "$PORT" PING >/dev/null 2>&1 && break; sleep 0.1; done

peer() {  # redis-benchmark's ADDJOB rate, ops/s
    redis-benchmark -p "$PORT" -n "$N" "$@" -q ADDJOB q x 0 | tr '\r' '\n' \
        | sed -n 's/.*: \([0-9.]*\) requests per second.*/\1/p' | awk '{print int($1)}' | tail -1
}
# (Not `tee /dev/stderr`: with stderr sent to a file, tee would truncate it on every call.)
ours() { local line; line=$("$BENCH" "$@"); echo "$line" >&2; echo "$line" | awk '{print $(NF-1)}'; }
drain() { redis-cli -p "$PORT" DEBUG FLUSHALL >/dev/null; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# The machine's speed drifts from minute to minute (a shared VM): each case runs
# ROUNDS times, alternating with its peer, and the medians are compared.
ROUNDS=${ROUNDS:-3}
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
P1s=""; O1s=""; H1s=""; G1s=""; F1s=""; FH1s=""; FL1s=""; P2s=""; O2s=""; P3s=""; O3s=""
for _ in $(seq "$ROUNDS"); do
    drain; P1s+=" $(peer -c 1)";        drain; O1s+=" $(ours serial "$PORT" "$N")"
    drain; H1s+=" $(ours serial-home "$PORT" "$N")"; drain; G1s+=" $(ours serial-nio "$PORT" "$N")"
    drain; F1s+=" $(ours floor "$PORT" "$N")"; drain; FH1s+=" $(ours floor-home "$PORT" "$N")"
    drain; FL1s+=" $(ours floor-loop "$PORT" "$N")"
    drain; P2s+=" $(peer -c 50)";       drain; O2s+=" $(ours tasks "$PORT" "$N" 50)"
    drain; P3s+=" $(peer -c 1 -P 100)"; drain; O3s+=" $(ours pipeline "$PORT" "$N" 100)"
done
for v in P1 O1 H1 G1 F1 FH1 FL1 P2 O2 P3 O3; do list="${v}s"; printf -v "$v" '%s' "$(echo "${!list}" | median)"; done
drain
echo
echo "medians of $ROUNDS rounds; every round's figures are above"
row() { printf '%-46s %10s %14s %6s %5s %s\n' "$@"; }
row "case" "ours/s" "redis-bench/s" "ratio" "goal" "of the NIO floor"
row "1 task, addJob loop (DisqueClient)" "$O1" "$P1" "$(ratio "$O1" "$P1")" "≥0.9" "$(ratio "$O1" "$F1")"
row "1 task, addJob loop, on client.taskExecutor" "$H1" "$P1" "$(ratio "$H1" "$P1")" "≥0.9" "$(ratio "$H1" "$FH1")"
row "1 task, addJob loop, NIO as global executor" "$G1" "$P1" "$(ratio "$G1" "$P1")" "≥0.9" "$(ratio "$G1" "$FH1")"
row "  floor: bare NIO channel, default executor" "$F1" "$P1" "$(ratio "$F1" "$P1")" "" ""
row "  floor: bare NIO channel, on its loop" "$FH1" "$P1" "$(ratio "$FH1" "$P1")" "" ""
row "  floor: bare NIO channel, no task at all" "$FL1" "$P1" "$(ratio "$FL1" "$P1")" "" ""
row "50 tasks, one DisqueClient" "$O2" "$P2" "$(ratio "$O2" "$P2")" "≥0.7" ""
row "sync DisqueConnection pipeline of 100" "$O3" "$P3" "$(ratio "$O3" "$P3")" "≥0.8" ""
"$BENCH" blocked "$PORT" 1000
