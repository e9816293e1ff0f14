#!/usr/bin/env bash
# Export and import of JOBS jobs (default 100000; bodies of BODY bytes, default 100):
# `disque-cli --jobs export --in benchx > file`, then, after deleting them,
# `disque-cli --import < file`. Prints time and peak RSS of each (GNU time) —
# streamed, so the RSS should not grow with JOBS (EXTRA=1 repeats with 4x the jobs).
#
# Usage: bench/export.sh [PORT] — as bench/worker.sh. Env: SCRATCH, DISQUE_CLI, MINIDISQUE.
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH=${SCRATCH:-.build-bench}
JOBS=${JOBS:-100000}
BODY=${BODY:-100}
PORT=${1:-}
command -v /usr/bin/time >/dev/null || { echo "/usr/bin/time not found (Debian: time)" >&2; exit 1; }

. bench/lib.sh
bench_node_setup
D() { "$CLI" -h 127.0.0.1 -p "$PORT" "$@"; }

run() {  # jobs
    local n=$1 body
    body=$(head -c "$BODY" /dev/zero | tr '\0' x)
    seq "$n" | sed "s/.*/ADDJOB benchx $body 0 RETRY 30 TTL 3600/" | D >/dev/null
    /usr/bin/time -f "%e %M" -o "$WORK/export.t" "$CLI" -p "$PORT" --jobs export --in benchx >"$WORK/jobs.jsonl" 2>/dev/null
    D --jobs delete --in benchx --yes >/dev/null
    /usr/bin/time -f "%e %M" -o "$WORK/import.t" "$CLI" -p "$PORT" --import <"$WORK/jobs.jsonl" >"$WORK/ids" 2>/dev/null
    local lines imported
    lines=$(wc -l <"$WORK/jobs.jsonl"); imported=$(wc -l <"$WORK/ids")
    read -r et em <"$WORK/export.t"; read -r it im <"$WORK/import.t"
    printf '%-8s %-28s %8ss %8.0f jobs/s %8s MB peak RSS\n' "$n" "--jobs export ($lines lines)" "$et" \
        "$(echo "$n / $et" | bc -l)" "$(echo "scale=1; $em / 1024" | bc)"
    printf '%-8s %-28s %8ss %8.0f jobs/s %8s MB peak RSS\n' "$n" "--import ($imported IDs)" "$it" \
        "$(echo "$n / $it" | bc -l)" "$(echo "scale=1; $im / 1024" | bc)"
    D --jobs delete --in benchx --yes >/dev/null
}

echo "jobs     measure                          time      rate          memory"
run "$JOBS"
if [ "${EXTRA:-0}" = 1 ]; then run $((JOBS * 4)); fi
