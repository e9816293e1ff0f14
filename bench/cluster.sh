#!/usr/bin/env bash
# Cluster behaviour of the cluster-aware client (DisqueCluster), measured on a
# real three-node Disque cluster started here: failover after kill -9,
# locality (GETJOB follows the producer), CLUSTER LEAVING. Each scenario gets
# a fresh cluster. Prints the numbers; the driver is bench/Cluster
# (disque-cluster-bench), which is not part of disque-cli.
#
#   bench/cluster.sh [failover|locality|leaving ...]     (default: all three)
#   DISQUE_SERVER=/path/to/disque-server   (default: /work/shared/disque/build.sh's)
#   LOCALITY_WINDOW=20                     jobs the locality rule looks at
set -euo pipefail
cd "$(dirname "$0")/.."

server=${DISQUE_SERVER:-$(/work/shared/disque/build.sh)}
swift build --product disque-cluster-bench >/dev/null
swift build --product disque-cli >/dev/null
bin=$(swift build --show-bin-path)
cli=$bin/disque-cli
scenarios=("${@:-failover locality leaving}")
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

# Three ports, free, below 55535 (each node's cluster bus is port + 10000).
free_ports() {
    python3 - <<'PY'
import random, socket
ports = []
while len(ports) < 3:
    p = random.randint(20000, 45000)
    ok = True
    for q in (p, p + 10000):
        s = socket.socket()
        try: s.bind(("127.0.0.1", q))
        except OSError: ok = False
        finally: s.close()
    if ok and p not in ports: ports.append(p)
print(",".join(map(str, ports)))
PY
}

start_cluster() {
    ports=$(free_ports)
    pids=()
    IFS=, read -ra list <<<"$ports"
    for port in "${list[@]}"; do
        mkdir -p "$work/$port"
        "$server" --port "$port" --bind 127.0.0.1 --dir "$work/$port" --appendonly no --daemonize no \
            >"$work/$port/log" 2>&1 &
        pids+=($!)
        disown $!  # no "Killed" notice when the failover scenario kills one
    done
    for port in "${list[@]}"; do
        until "$cli" -p "$port" PING >/dev/null 2>&1; do sleep 0.05; done
    done
    for port in "${list[@]:1}"; do "$cli" -p "${list[0]}" CLUSTER MEET 127.0.0.1 "$port" >/dev/null; done
    # Healthy: every node's HELLO lists three nodes with priority 1.
    for port in "${list[@]}"; do
        until [ "$("$cli" -p "$port" --json --nodes | grep -o '"state":"ok"' | wc -l)" -eq 3 ]; do sleep 0.1; done
    done
    pid_list=$(IFS=,; echo "${pids[*]}")
}

stop_cluster() {
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    pids=()
}

for scenario in ${scenarios[*]}; do
    start_cluster
    echo "== $scenario (nodes $ports)"
    "$bin/disque-cluster-bench" "$scenario" --ports "$ports" --pids "$pid_list" || echo "$scenario: exit $?"
    stop_cluster
done
