#!/usr/bin/env bash
# Starts and stops the whole local stack twice in a fresh state directory, on its own ports, and
# checks that every process it started is running while up and gone after down.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
stack="$root/deploy/local/stack.sh"
state=$(mktemp -d /tmp/k12n-stack-cycle.XXXXXX)
export K12N_STACK_DIR="$state/stack"
export K12N_PG_PORT=${K12N_CYCLE_PG_PORT:-29432}
export K12N_MQTT_PORT=${K12N_CYCLE_MQTT_PORT:-29883}
export K12N_STACK_PARTS="postgres migrate mosquitto broker services"
export K12N_SERVICE_PORT_BASE=${K12N_CYCLE_SERVICE_PORT_BASE:-29080}
export K12N_BIN_DIR=${K12N_BIN_DIR:?K12N_BIN_DIR must name the build bin directory}
trap '"$stack" clean >/dev/null 2>&1 || true; rm -rf "$state"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# A zombie has exited; it only waits for its (re)parent to collect it.
running() { [[ $(ps -o stat= -p "$1" 2>/dev/null) =~ ^[^Z] ]]; }

for round in 1 2; do
  "$stack" up
  pids=()
  for name in mosquitto kafka-dev-broker $(cat "$K12N_STACK_DIR/run/services"); do
    pid=$(cat "$K12N_STACK_DIR/run/$name.pid")
    running "$pid" || fail "round $round: $name is not running"
    pids+=("$pid")
  done
  pg_pid=$(head -n 1 "$(readlink -f "$K12N_STACK_DIR/pg")/postmaster.pid")
  pids+=("$pg_pid")
  port_open "$K12N_PG_PORT" || fail "round $round: PostgreSQL port closed"
  port_open "$K12N_MQTT_PORT" || fail "round $round: Mosquitto port closed"
  bootstrap=$(cat "$K12N_STACK_DIR/kafka-bootstrap")
  port_open "${bootstrap##*:}" || fail "round $round: broker port closed"
  # shellcheck disable=SC1091
  source "$K12N_STACK_DIR/stack.env"
  tables=$(psql "$K12N_PG_ADMIN_DSN dbname=telemetry" -Atc "SELECT count(*) FROM schema_migrations")
  [ "$tables" -gt 0 ] || fail "round $round: telemetry migrations not applied"

  "$stack" down
  for pid in "${pids[@]}"; do
    ! running "$pid" || fail "round $round: process $pid ($(ps -o args= -p "$pid")) still running after down"
  done
  ! port_open "$K12N_PG_PORT" || fail "round $round: PostgreSQL port still open"
  ! port_open "$K12N_MQTT_PORT" || fail "round $round: Mosquitto port still open"
  echo "round $round: up and down clean"
done
