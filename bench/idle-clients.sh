#!/usr/bin/env bash
# PING latency with thousands of idle client links: minidisque against the real
# disque-server in the same run. Each node gets IDLE idle links, then one more
# link sends SAMPLES PINGs one at a time; the median and worst round trips are
# printed, and the ratio minidisque / disque-server.
#   DISQUE_SERVER=/path/to/disque-server bench/idle-clients.sh   (default: ../shared/disque/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH=${SCRATCH:-.build-bench}
IDLE=${IDLE:-5000}
SAMPLES=${SAMPLES:-2001}
server=${DISQUE_SERVER:-$(bash ../shared/disque/build.sh)}

swift build -c release --scratch-path "$SCRATCH" --product minidisque >/dev/null
mini="$SCRATCH/release/minidisque"
ulimit -n $((IDLE * 2 + 1024)) 2>/dev/null || ulimit -n "$(ulimit -Hn)"

dir=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$dir"' EXIT
"$mini" --port 31811 >/dev/null 2>&1 & PIDS+=($!)
"$server" --port 31812 --bind 127.0.0.1 --dir "$dir" --appendonly no >"$dir/server.log" 2>&1 & PIDS+=($!)

python3 - "$IDLE" "$SAMPLES" <<'PY'
import socket, sys, time
idle, samples = int(sys.argv[1]), int(sys.argv[2])
def wait(port):
    for _ in range(200):
        try: return socket.create_connection(("127.0.0.1", port))
        except OSError: time.sleep(0.05)
    sys.exit(f"nothing listens on {port}")
def measure(port):
    probe = wait(port)
    links = [socket.create_connection(("127.0.0.1", port)) for _ in range(idle)]
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        probe.sendall(b"PING\r\n")
        data = b""
        while not data.endswith(b"\r\n"): data += probe.recv(64)
        times.append((time.perf_counter() - start) * 1e3)
    for link in links: link.close()
    times.sort()
    return times[len(times) // 2], times[-1]
m = measure(31811); r = measure(31812)
print(f"idle links: {idle}, PINGs: {samples}")
print(f"minidisque     median {m[0]:.3f} ms  worst {m[1]:.3f} ms")
print(f"disque-server  median {r[0]:.3f} ms  worst {r[1]:.3f} ms")
print(f"ratio (minidisque / disque-server): median {m[0] / r[0]:.2f}x  worst {m[1] / r[1]:.2f}x")
PY
[ -s "$dir/server.log" ] && ! kill -0 "${PIDS[1]}" 2>/dev/null && tail -n 5 "$dir/server.log"
true
