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

. bench/lib.sh
bench_node_setup
D() { "$CLI" -h 127.0.0.1 -p "$PORT" "$@"; }

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
