# Sourced by bench/cli.sh, export.sh and worker.sh: the release binaries, a
# scratch folder and, unless PORT names a node already listening on
# 127.0.0.1, a release minidisque on a free loopback port.
# Reads SCRATCH, PORT, DISQUE_CLI and MINIDISQUE; sets CLI, NODE_BIN, WORK and
# PORT; on exit stops the node it started and removes WORK.
bench_node_setup() {
    if [ -z "${DISQUE_CLI:-}" ] || { [ -z "$PORT" ] && [ -z "${MINIDISQUE:-}" ]; }; then
        echo "building release binaries in $SCRATCH ..." >&2
        swift build -c release --scratch-path "$SCRATCH" --product disque-cli >/dev/null
        swift build -c release --scratch-path "$SCRATCH" --product minidisque >/dev/null
    fi
    CLI=${DISQUE_CLI:-$SCRATCH/release/disque-cli}
    NODE_BIN=${MINIDISQUE:-$SCRATCH/release/minidisque}

    WORK=$(mktemp -d)
    NODE_PID=""
    trap bench_node_cleanup EXIT

    if [ -z "$PORT" ]; then
        PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        "$NODE_BIN" --port "$PORT" --host 127.0.0.1 >"$WORK/node.log" 2>&1 &
        NODE_PID=$!
        for _ in $(seq 100); do "$CLI" -p "$PORT" PING >/dev/null 2>&1 && break; sleep 0.05; done
    fi
    "$CLI" -h 127.0.0.1 -p "$PORT" PING >/dev/null || { echo "no node on 127.0.0.1:$PORT" >&2; exit 1; }
}

bench_node_cleanup() {
    if [ -n "$NODE_PID" ]; then kill "$NODE_PID" 2>/dev/null || true; wait "$NODE_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
