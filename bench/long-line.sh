#!/usr/bin/env bash
# One huge line on stdin: `ADDJOB q <SIZE MB body> 0` through disque-cli's stdin
# mode, against the same body through `disque-cli -x` and through redis-cli's
# stdin mode, in the same run, on a release minidisque. Stdin mode used to scan
# the line once per 64 KB chunk (quadratic); it should now be within a small
# factor of -x.
#   bench/long-line.sh [SIZE_MB]   (default 100)
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build-bench}
SIZE=${1:-100}
swift build -c release --scratch-path "$SCRATCH" --product disque-cli >/dev/null
swift build -c release --scratch-path "$SCRATCH" --product minidisque >/dev/null
cli="$SCRATCH/release/disque-cli"
port=$(python3 -c 'import random; print(random.randint(30000, 39999))')
"$SCRATCH/release/minidisque" --port "$port" >/dev/null 2>&1 &
node=$!
work=$(mktemp -d)
trap 'kill $node 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do "$cli" -p "$port" PING >/dev/null 2>&1 && break; sleep 0.05; done
head -c $((SIZE * 1024 * 1024)) /dev/zero | tr '\0' x > "$work/body"
{ printf 'ADDJOB q '; cat "$work/body"; printf ' 0\n'; } > "$work/line"

seconds() { python3 -c 'import subprocess, sys, time; t = time.monotonic(); subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); print(time.monotonic() - t)' "$@"; }
stdin=$(seconds sh -c "\"$cli\" -p $port < \"$work/line\"")
dashx=$(seconds sh -c "\"$cli\" -p $port -x ADDJOB q 0 < \"$work/body\"")
# redis-cli -x appends stdin as the last argument: the same command shape.
redis=$(seconds sh -c "redis-cli -p $port < \"$work/line\"")
[ "$("$cli" -p "$port" QLEN q)" = 3 ] || { echo "expected 3 jobs in q" >&2; exit 1; }
printf 'one %d MB line: stdin mode %.2f s, -x %.2f s, redis-cli stdin %.2f s\n' "$SIZE" "$stdin" "$dashx" "$redis"
python3 -c 'import sys; s, x, r = map(float, sys.argv[1:]); print(f"ratio stdin mode / -x: {s / x:.2f}x; redis-cli / stdin mode: {r / s:.2f}x")' "$stdin" "$dashx" "$redis"
