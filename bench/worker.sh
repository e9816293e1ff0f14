#!/usr/bin/env bash
# Worker throughput, three ways in one run on one node:
#   1. disque-cli --work q -c 4 -- true over JOBS jobs (default 10000),
#   2. the bash loop people write today around one-shot `disque-cli getjob` /
#      `ackjob` (one job at a time; over LOOP_JOBS jobs, default 2000 — it is slow),
#   3. the process-spawn floor: `xargs -P4 -n1 true` over JOBS lines.
# Prints jobs/s and the ratios; the target is the worker within 2x of the floor.
#
# Usage: bench/worker.sh [PORT]  — with a PORT, uses that node on 127.0.0.1 (queue
#   benchq must be empty); without, starts a release minidisque on a free port.
# Env: SCRATCH (default .build-bench), DISQUE_CLI / MINIDISQUE (use these binaries).
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH=${SCRATCH:-.build-bench}
JOBS=${JOBS:-10000}
LOOP_JOBS=${LOOP_JOBS:-2000}
PORT=${1:-}

if [ -z "${DISQUE_CLI:-}" ] || { [ -z "$PORT" ] && [ -z "${MINIDISQUE:-}" ]; }; then
    echo "building release binaries in $SCRATCH ..." >&2
    swift build -c release --scratch-path "$SCRATCH" --product disque-cli >/dev/null
    swift build -c release --scratch-path "$SCRATCH" --product minidisque >/dev/null
fi
CLI=${DISQUE_CLI:-$SCRATCH/release/disque-cli}
NODE_BIN=${MINIDISQUE:-$SCRATCH/release/minidisque}

WORK=$(mktemp -d)
NODE_PID=""
cleanup() {
    if [ -n "$NODE_PID" ]; then kill "$NODE_PID" 2>/dev/null || true; wait "$NODE_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "$PORT" ]; then
    PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$NODE_BIN" --port "$PORT" --host 127.0.0.1 >"$WORK/node.log" 2>&1 &
    NODE_PID=$!
    for _ in $(seq 100); do "$CLI" -p "$PORT" PING >/dev/null 2>&1 && break; sleep 0.05; done
fi
D() { "$CLI" -h 127.0.0.1 -p "$PORT" "$@"; }
D PING >/dev/null || { echo "no node on 127.0.0.1:$PORT" >&2; exit 1; }

fill() { seq "$1" | sed "s/.*/ADDJOB benchq job 0/" | D >/dev/null; }
now() { date +%s.%N; }
registered() { D INFO jobs | tr -d '\r' | sed -n 's/^registered_jobs://p'; }

# 1. The worker: started on a full queue, stopped once every job is acked.
fill "$JOBS"
start=$(now)
"$CLI" -h 127.0.0.1 -p "$PORT" --work benchq -c 4 -- true 2>"$WORK/worker.err" &
worker=$!
while [ "$(registered)" != 0 ]; do sleep 0.02; done
end=$(now)
kill -TERM "$worker"
wait "$worker" || { echo "the worker exited $?" >&2; exit 1; }
tail -n 1 "$WORK/worker.err" >&2
worker_time=$(echo "$end - $start" | bc -l)

# 2. The bash loop: getjob, run the handler, ackjob — one process per step.
fill "$LOOP_JOBS"
start=$(now)
while :; do
    out=$(D GETJOB NOHANG FROM benchq)
    [ -z "$out" ] && break
    id=$(sed -n 2p <<<"$out")
    true
    D ACKJOB "$id" >/dev/null
done
loop_time=$(echo "$(now) - $start" | bc -l)

# 3. The floor: just spawning the handler, four at a time.
start=$(now)
seq "$JOBS" | xargs -P4 -n1 true
floor_time=$(echo "$(now) - $start" | bc -l)

python3 - "$JOBS" "$LOOP_JOBS" "$worker_time" "$loop_time" "$floor_time" <<'PY'
import sys
jobs, loop_jobs = int(sys.argv[1]), int(sys.argv[2])
worker, loop, floor = (float(x) for x in sys.argv[3:6])
w, l, f = jobs / worker, loop_jobs / loop, jobs / floor
print(f"{'measure':<52}{'time':>9}{'jobs/s':>10}")
print(f"{'disque-cli --work benchq -c 4 -- true':<52}{worker:>8.2f}s{w:>10.0f}")
print(f"{'bash loop: one-shot getjob / true / ackjob':<52}{loop:>8.2f}s{l:>10.0f}   ({loop_jobs} jobs)")
print(f"{'spawn floor: xargs -P4 -n1 true':<52}{floor:>8.2f}s{f:>10.0f}")
print(f"worker vs bash loop: {w / l:.1f}x faster")
print(f"worker vs spawn floor: {w / f:.2f}x its rate (target: within 2x, >= 0.50x: {'ok' if w / f >= 0.5 else 'MISSED'})")
PY
