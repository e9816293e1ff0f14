#!/usr/bin/env bash
# Runs every libFuzzer harness (or the ones named) for a bounded time each:
#   bash fuzz/run.sh [seconds-per-harness] [harness…]     (default 60, all three)
# Builds first (fuzz/build.sh; FUZZ_NO_BUILD=1 skips it). Seeds come from
# fuzz/corpus/<harness>/ (read only); what the fuzzer finds goes to
# .build-fuzz/corpus/<harness>/, crash/leak/timeout/OOM inputs to
# .build-fuzz/artifacts/. Prints one summary line per harness and exits
# non-zero when any harness crashed, leaked, timed out, ran out of memory
# (-rss_limit_mb) or stopped early. Extra libFuzzer flags: FUZZ_ARGS="-jobs=2 -workers=2".
# Reproduce a finding: .build-fuzz/bin/<harness> .build-fuzz/artifacts/<file>
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(RESPDecoderFuzz RequestParserFuzz ArgumentSplitterFuzz)
out=.build-fuzz

if [ -z "${FUZZ_NO_BUILD:-}" ]; then
    bash fuzz/build.sh || { echo "fuzz: build failed"; exit 1; }
fi
# LeakSanitizer comes with the toolchain's ASan runtime (no extra package).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0:handle_abort=1}

dictionary() {
    case $1 in
        RESPDecoderFuzz) echo fuzz/resp.dict ;;
        RequestParserFuzz) echo fuzz/request.dict ;;
        ArgumentSplitterFuzz) echo fuzz/splitter.dict ;;
    esac
}

status=0
summary=()
for h in "${harnesses[@]}"; do
    bin=$out/bin/$h
    [ -x "$bin" ] || { echo "fuzz: no harness $bin"; status=1; continue; }
    mkdir -p "$out/corpus/$h" "$out/artifacts"
    log=$out/$h.log
    echo "=== fuzz $h for ${seconds}s (log: $log)"
    start=$(date +%s)
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10 \
        -detect_leaks=1 -print_final_stats=1 -dict="$(dictionary "$h")" \
        -artifact_prefix="$out/artifacts/$h-" ${FUZZ_ARGS:-} \
        "$out/corpus/$h" "fuzz/corpus/$h" >"$log" 2>&1
    rc=$?
    elapsed=$(( $(date +%s) - start ))
    execs=$(grep -h 'stat::number_of_executed_units' "$log" | awk '{s += $2} END {print s + 0}')
    rss=$(grep -h 'stat::peak_rss_mb' "$log" | awk '$2 > m {m = $2} END {print m + 0}')
    verdict=ok
    if [ $rc -ne 0 ] || grep -qE '^==[0-9]+==ERROR|^SUMMARY: |Fatal error|libFuzzer: (out-of-memory|timeout|deadly signal)' "$log"; then
        verdict="FAILED (exit $rc)"
        status=1
        grep -E 'ERROR|SUMMARY|Fatal error|Test unit written|out-of-memory|timeout' "$log" | head -n 8
        tail -n 30 "$log"
    fi
    summary+=("$(printf '%-22s %10s execs %5ss  peak RSS %5s MB  %s' "$h" "$execs" "$elapsed" "$rss" "$verdict")")
done
echo "=== fuzz summary (${seconds}s each)"
printf '%s\n' "${summary[@]}"
exit $status
