#!/usr/bin/env bash
# chat-cluster.sh PORT NODES [chat server options...]: a chat network of NODES servers through one Redis,
# reachable on 127.0.0.1:PORT, for ../shared/bench/compare.sh (runs in the foreground until SIGTERM).
# Connections to PORT are spread round-robin over the nodes by an nftables DNAT rule (kernel NAT on
# loopback: no proxy process in the data path), so the benchmark's members split evenly over the nodes.
# NODES=1 runs the same setup with one node, the fair baseline. Needs root, nft, redis-server, and the
# jars built (./sockets --version). Loopback only.
set -euo pipefail

PORT=${1:?usage: chat-cluster.sh PORT NODES [chat server options...]}
NODES=${2:?usage: chat-cluster.sh PORT NODES [chat server options...]}
shift 2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA:-java}
TABLE=sockets_bench_$PORT
PIDS=()

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

cleanup() {
    nft delete table ip "$TABLE" 2>/dev/null || true
    kill "${PIDS[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 0' TERM INT

wait_listening() { # port
    for _ in $(seq 1 300); do
        if (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "chat-cluster.sh: nothing listens on $1" >&2
    exit 1
}

nft delete table ip "$TABLE" 2>/dev/null || true
REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --loglevel warning &
PIDS+=($!)
wait_listening "$REDIS_PORT"

MAP=()
for i in $(seq 1 "$NODES"); do
    p=$(free_port)
    "$JAVA" -jar "$ROOT/chat/target/chat.jar" server -q --bind 127.0.0.1 --port "$p" \
        --cluster "redis://127.0.0.1:$REDIS_PORT" --node-name "n$i" "$@" &
    PIDS+=($!)
    MAP+=("$((i - 1)) : $p")
    wait_listening "$p"
done

nft add table ip "$TABLE"
nft "add chain ip $TABLE out { type nat hook output priority -100; }"
nft "add rule ip $TABLE out ip daddr 127.0.0.1 tcp dport $PORT dnat to 127.0.0.1 : numgen inc mod $NODES map { $(IFS=,; echo "${MAP[*]}") }"
# compare.sh waits for a listener on PORT (ss) that accepts: a placeholder listens there, never reached,
# since the DNAT rule sends every connection on to a node.
python3 -c 'import socket, sys, signal
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); signal.pause()' "$PORT" &
PIDS+=($!)
wait
