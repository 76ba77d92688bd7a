#!/usr/bin/env bash
# Runs every test: builds, starts a private test stack (own directory and ports, so it never
# touches `make up`'s stack), runs CTest against it and always stops it again.
# Usage: scripts/test.sh [ctest arguments...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
preset=${PRESET:-release}

export K12N_STACK_DIR=${K12N_TEST_STACK_DIR:-.local/test}
export K12N_BIN_DIR="build/$preset/bin"
# The tests' fixed ports lie below Linux's ephemeral range (32768-60999): a port there may be held
# by another test's outgoing connection at the moment a server binds it.
export K12N_PG_PORT=${K12N_TEST_PG_PORT:-26432}
export K12N_MQTT_PORT=${K12N_TEST_MQTT_PORT:-22883}
# Infrastructure only: each test starts the services it exercises, so none of them sees traffic
# it did not produce.
export K12N_STACK_PARTS="postgres migrate mosquitto broker"

stop_stack() { deploy/local/stack.sh down || true; }
trap stop_stack EXIT INT TERM

deploy/local/stack.sh up
# shellcheck disable=SC1091
source "$K12N_STACK_DIR/stack.env"
ctest --preset "$preset" -j2 --timeout 300 "$@"
