#!/usr/bin/env bash
# disque-cli scripting speed against its peers, all in one run on one node:
#   1. 100k `ADDJOB q x 0` lines through disque-cli's stdin mode,
#   2. the same lines through redis-cli's stdin mode,
#   3. redis-benchmark -c 1 -P 100 -n 100000 ADDJOB q x 0 (the pipelining yardstick),
#   4. the same 100k commands as RESP through disque-cli --pipe,
#   5. one-shot `PING`: disque-cli vs redis-cli, with hyperfine.
# Prints rates and ratios against the targets (stdin ≥ 15× redis-cli and ≥ 0.8× the
# redis-benchmark rate; --pipe ≥ 0.8× that rate; one-shot PING ≤ 1 ms).
#
# Usage: bench/cli.sh [PORT]   — with a PORT, uses the node already listening on
#   127.0.0.1:PORT (it receives ~400k jobs in queue q); without, starts a release
#   minidisque on a free loopback port and stops it afterwards.
# Env: SCRATCH (build folder, default .build-bench), DISQUE_CLI / MINIDISQUE (use
#   these binaries instead of building), LINES (default 100000).
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH=${SCRATCH:-.build-bench}
LINES=${LINES:-100000}
PORT=${1:-}

for tool in redis-cli redis-benchmark hyperfine python3; do
    command -v "$tool" >/dev/null || { echo "$tool not found (Debian: redis-tools, hyperfine, python3)" >&2; exit 1; }
done

. bench/lib.sh
bench_node_setup

# The same commands as lines and as RESP.
python3 - "$LINES" "$WORK" <<'PY'
import sys
n, work = int(sys.argv[1]), sys.argv[2]
with open(f"{work}/lines.txt", "w") as f:
    f.write("ADDJOB q x 0\n" * n)
with open(f"{work}/commands.resp", "wb") as f:
    f.write(b"*4\r\n$6\r\nADDJOB\r\n$1\r\nq\r\n$1\r\nx\r\n$1\r\n0\r\n" * n)
PY

# A node we started is emptied before each run, so every tool meets the same node
# (a node holding hundreds of thousands of jobs is slower); a node given on the
# command line is never flushed.
fresh() { if [ -n "$NODE_PID" ]; then redis-cli -h 127.0.0.1 -p "$PORT" DEBUG FLUSHALL >/dev/null; fi; }
# Seconds for one run of "$@" with stdin from $1 (output kept in $WORK), bounded to 120 s.
timed() {
    local input=$1; shift
    fresh
    local start=$EPOCHREALTIME
    timeout 120 "$@" <"$input" >"$WORK/out.txt" 2>"$WORK/err.txt" || { echo "failed: $* (see below)" >&2; tail -3 "$WORK/err.txt" >&2; }
    local end=$EPOCHREALTIME
    python3 -c "print($end - $start)"
}
best_of() {  # best_of N input cmd...: the fastest of N runs
    local n=$1; shift
    local best=""
    for _ in $(seq "$n"); do
        local t; t=$(timed "$@")
        best=$(python3 -c "print(min(float('$t'), float('${best:-inf}')))")
    done
    echo "$best"
}

echo "node 127.0.0.1:$PORT, $LINES commands per run" >&2
echo "1/5 disque-cli stdin mode ..." >&2
t_stdin=$(best_of 3 "$WORK/lines.txt" "$CLI" -h 127.0.0.1 -p "$PORT")
[ "$(wc -l <"$WORK/out.txt")" -eq "$LINES" ] || echo "warning: disque-cli printed $(wc -l <"$WORK/out.txt") lines" >&2
echo "2/5 redis-cli stdin mode ..." >&2
t_redis_cli=$(timed "$WORK/lines.txt" redis-cli -h 127.0.0.1 -p "$PORT")
echo "3/5 redis-benchmark -c 1 -P 100 ..." >&2
rps_bench=0
for _ in 1 2 3; do
    fresh
    r=$(timeout 120 redis-benchmark -h 127.0.0.1 -p "$PORT" -c 1 -P 100 -n "$LINES" --csv ADDJOB q x 0 2>/dev/null \
        | python3 -c 'import csv,sys; rows=[r for r in csv.reader(sys.stdin) if len(r) > 1 and r[1] != "rps"]; print(rows[-1][1] if rows else 0)')
    rps_bench=$(python3 -c "print(max(float('$r'), float('$rps_bench')))")
done
echo "4/5 disque-cli --pipe ..." >&2
t_pipe=$(best_of 3 "$WORK/commands.resp" "$CLI" -h 127.0.0.1 -p "$PORT" --pipe)
grep -q "errors: 0, replies: $LINES" "$WORK/out.txt" || echo "warning: --pipe said: $(cat "$WORK/out.txt")" >&2
echo "5/5 one-shot PING (hyperfine) ..." >&2
# /bin/true is the floor: what merely starting a process costs on this machine.
hyperfine -N --warmup 20 --runs 200 --export-json "$WORK/ping.json" \
    "$CLI -h 127.0.0.1 -p $PORT PING" "redis-cli -h 127.0.0.1 -p $PORT PING" /bin/true >/dev/null 2>&1

python3 - "$LINES" "$t_stdin" "$t_redis_cli" "$rps_bench" "$t_pipe" "$WORK/ping.json" <<'PY'
import json, sys
n = int(sys.argv[1]); t_stdin, t_rcli, rps_bench, t_pipe = map(float, sys.argv[2:6])
ping = [r["mean"] * 1000 for r in json.load(open(sys.argv[6]))["results"]]
rate = lambda t: n / t if t > 0 else 0
r_stdin, r_rcli, r_pipe = rate(t_stdin), rate(t_rcli), rate(t_pipe)
def ok(flag): return "ok" if flag else "MISSED"
print(f"{'measure':<44}{'time':>10}{'ops/s':>12}  ratio / target")
print(f"{'disque-cli stdin mode (100k ADDJOB lines)':<44}{t_stdin:>9.3f}s{r_stdin:>12,.0f}")
print(f"{'redis-cli stdin mode':<44}{t_rcli:>9.3f}s{r_rcli:>12,.0f}  "
      f"disque-cli/redis-cli = {r_stdin / r_rcli:.1f}x (target >= 15x: {ok(r_stdin >= 15 * r_rcli)})")
print(f"{'redis-benchmark -c 1 -P 100 ADDJOB q x 0':<44}{n / rps_bench:>9.3f}s{rps_bench:>12,.0f}  "
      f"stdin/benchmark = {r_stdin / rps_bench:.2f}x (target >= 0.8x: {ok(r_stdin >= 0.8 * rps_bench)})")
print(f"{'disque-cli --pipe (same 100k as RESP)':<44}{t_pipe:>9.3f}s{r_pipe:>12,.0f}  "
      f"pipe/benchmark = {r_pipe / rps_bench:.2f}x (target >= 0.8x: {ok(r_pipe >= 0.8 * rps_bench)})")
print(f"{'one-shot PING, disque-cli (hyperfine mean)':<44}{ping[0]:>8.2f}ms{'':>12}  target <= 1 ms: {ok(ping[0] <= 1.0)}")
print(f"{'one-shot PING, redis-cli (hyperfine mean)':<44}{ping[1]:>8.2f}ms{'':>12}  "
      f"disque-cli is {ping[1] / ping[0]:.1f}x faster")
print(f"{'/bin/true (process start-up floor)':<44}{ping[2]:>8.2f}ms{'':>12}  "
      f"disque-cli PING costs {ping[0] - ping[2]:.2f} ms above it")
PY
