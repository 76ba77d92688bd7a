#!/usr/bin/env bash
# make bench-ws: energy-ws under load on a private stack (Kafka dev broker only). The load client
# (energy-ws-bench, ws_bench.cpp) starts energy-ws itself, connects 1,000 clients and then more
# (BENCH_WS_CLIENTS, default 1000,2000,4000,8000,16000), produces BENCH_WS_RATE readings per second
# (default 10) for BENCH_WS_SECONDS per step (default 20) and prints a summary and one JSON line.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
stack="$root/deploy/local/stack.sh"
bin=$(cd "${K12N_BIN_DIR:-$root/build/release/bin}" && pwd)
state=$(mktemp -d /tmp/k12n-bench-ws.XXXXXX)
export K12N_STACK_DIR="$state/stack" K12N_BIN_DIR="$bin"
export K12N_STACK_PARTS="broker" K12N_PG_PORT=58532 K12N_MQTT_PORT=58983
trap '"$stack" clean >/dev/null 2>&1 || true; rm -rf "$state"' EXIT

"$stack" up >/dev/null
# shellcheck disable=SC1091
source "$K12N_STACK_DIR/stack.env"
"$bin/energy-ws-bench" --server "$bin/energy-ws" --brokers "$K12N_KAFKA_BOOTSTRAP" \
  --port "${BENCH_WS_PORT:-58090}" --clients "${BENCH_WS_CLIENTS:-1000,2000,4000,8000,16000}" \
  --rate "${BENCH_WS_RATE:-10}" --seconds "${BENCH_WS_SECONDS:-20}"
