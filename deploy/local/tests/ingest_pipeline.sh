#!/usr/bin/env bash
# The ingest pipeline end to end, on a private stack started by stack.sh exactly as `make up` starts
# it (Mosquitto -> mqtt-kafka-bridge -> Kafka dev broker -> telemetry-sink -> PostgreSQL, with
# device-sim feeding live data):
#   1. the live simulator's readings reach all three tables;
#   2. N SaveEye messages with known values become exactly N rows with those values and times;
#   3. fault scenarios, each publishing a counted stream with device-sim's load mode under its own
#      serial prefix while one part of the pipeline fails, then counting the stored rows and the
#      hourly base's measurement_count (rows the sink really added): lost = 0 and duplicated = 0.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
stack="$root/deploy/local/stack.sh"
state=$(mktemp -d /tmp/k12n-ingest.XXXXXX)
export K12N_STACK_DIR="$state/stack"
export K12N_PG_PORT=${K12N_INGEST_PG_PORT:-27432}
export K12N_MQTT_PORT=${K12N_INGEST_MQTT_PORT:-27883}
export K12N_SERVICE_PORT_BASE=${K12N_INGEST_SERVICE_PORT_BASE:-27080}
export K12N_SERVICES="mqtt-kafka-bridge telemetry-sink device-sim"
export K12N_STACK_PARTS="postgres migrate mosquitto broker services"
export K12N_BIN_DIR=${K12N_BIN_DIR:?K12N_BIN_DIR must name the build bin directory}
bin=$(cd "$K12N_BIN_DIR" && pwd)
# The live simulator reports often, so every table fills within seconds.
export SHELLY_WAKE_INTERVAL=1 THERMIQ_INTERVAL=1 TIME_SCALE=60
load_pid=
cleanup() {
  [ -z "$load_pid" ] || kill "$load_pid" 2>/dev/null || true
  "$stack" clean >/dev/null 2>&1 || true
  rm -rf "$state"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  for log in "$K12N_STACK_DIR"/log/*.log; do
    echo "--- $log (last lines)" >&2
    tail -n 15 "$log" >&2
  done
  exit 1
}
step() { printf '\n== %s\n' "$*"; }

"$stack" up
# shellcheck disable=SC1091
source "$K12N_STACK_DIR/stack.env"
sql() { psql "$K12N_TELEMETRY_READER_DSN" -Atc "$1" 2>/dev/null; }

# wait_until <seconds> <description> <command...>
wait_until() {
  local seconds=$1 what=$2
  shift 2
  for _ in $(seq $((seconds * 5))); do
    "$@" && return 0
    sleep 0.2
  done
  fail "$what (not within ${seconds}s)"
}
# Every condition is a command run again on each try.
has_rows() { [ "$(sql "SELECT count(*) > 0 FROM $1")" = t ]; }

step "live readings of every device reach the database"
for table in energy_consumption temperature_sensors heatpump_status; do
  wait_until 60 "rows from device-sim in $table" has_rows "$table"
  echo "ok: $table"
done

step "N SaveEye messages become N rows with their values and times"
n=600
# The bridge trusts a device clock within 10 minutes of its own (mqtt.md section 3), so the
# readings span the 10 minutes around now, in SaveEye's local time (the stack's Europe/Stockholm).
first_utc=$(($(date +%s) - n / 2))
template=$(tr -d '\n' <"$root/applications/mqtt-kafka-bridge/tests/fixtures/saveeye.json")
for ((i = 0; i < n; i++)); do
  local_time=$(TZ=Europe/Stockholm date -d "@$((first_utc + i))" +%Y-%m-%dT%H:%M:%S)
  printf '%s\n' "$template" | sed -e "s/\"9MANZWNG\"/\"E2EVALUES\"/" \
    -e "s/\"timestamp\": *\"[^\"]*\"/\"timestamp\":\"$local_time\"/" \
    -e "s/\"activeActualConsumption\": *{ *\"total\": *[0-9]*/\"activeActualConsumption\":{\"total\":$((1000 + i))/" \
    -e "s/\"activeTotalConsumption\": *{ *\"total\": *[0-9]*/\"activeTotalConsumption\":{\"total\":$((5000000 + 10 * i))/"
done | mosquitto_pub -h 127.0.0.1 -p "$K12N_MQTT_PORT" -u devices -P "$K12N_MQTT_DEVICES_PASSWORD" \
  -q 1 -t saveeye/telemetry -l
matching() {
  sql "SELECT count(*) FROM energy_consumption
       WHERE device_serial = 'E2EVALUES'
         AND active_power_total = 1000 + (extract(epoch FROM time)::bigint - $first_utc)
         AND active_energy_total = 5000000 + 10 * (extract(epoch FROM time)::bigint - $first_utc)
         AND time BETWEEN to_timestamp($first_utc) AND to_timestamp($((first_utc + n - 1)))"
}
all_match() { [ "$(matching)" = "$n" ]; }
wait_until 60 "$n rows with the published values" all_match
total=$(sql "SELECT count(*) FROM energy_consumption WHERE device_serial = 'E2EVALUES'")
[ "$total" = "$n" ] || fail "$total rows for E2EVALUES, want $n"
echo "ok: $n messages -> $n rows, values and times as published"

# load <serial prefix> <rate> <count>: a counted SaveEye stream from device-sim's load mode.
load() {
  MQTT_URI="$K12N_MQTT_URI" MQTT_USERNAME=devices MQTT_PASSWORD_FILE="$K12N_STACK_DIR/secrets/mqtt-devices" \
    MQTT_CLIENT_ID="ingest-$1" LOAD_SERIAL_PREFIX="$1" \
    "$bin/device-sim" --rate "$2" --count "$3" >"$state/load-$1.out" 2>"$state/load-$1.err" &
  load_pid=$!
}
finish_load() {
  wait "$load_pid" || fail "device-sim load $1 failed: $(cat "$state/load-$1.err")"
  load_pid=
  cat "$state/load-$1.out"
}
stored() { sql "SELECT count(*) FROM energy_consumption WHERE device_serial LIKE '$1%'"; }
counted() {
  sql "SELECT coalesce(sum(measurement_count), 0) FROM energy_hourly_base WHERE device_serial LIKE '$1%'"
}
all_stored() { [ "$(stored "$1")" = "$2" ]; }
# check_counts <prefix> <published>: waits for the rows, then lost and duplicated must be zero.
check_counts() {
  local prefix=$1 published=$2
  wait_until 120 "$prefix: $published rows" all_stored "$prefix" "$published"
  sleep 2
  local rows measurements
  rows=$(stored "$prefix")
  measurements=$(counted "$prefix")
  echo "$prefix: published $published, rows $rows, measurements counted $measurements"
  [ "$rows" = "$published" ] || fail "$prefix: lost or extra rows"
  [ "$measurements" = "$published" ] || fail "$prefix: a row was counted twice or not at all"
}
pid_of() { cat "$K12N_STACK_DIR/run/$1.pid"; }
restart() { K12N_STACK_PARTS="$1" "$stack" up >/dev/null; }

step "telemetry-sink killed with SIGKILL mid-stream and restarted"
load KILLSINK 2000 20000
sleep 4
kill -KILL "$(pid_of telemetry-sink)"
sleep 1
restart services
finish_load KILLSINK
check_counts KILLSINK 20000

step "mqtt-kafka-bridge killed with SIGKILL while devices keep publishing, then restarted"
load KILLBRIDGE 2000 20000
sleep 4
kill -KILL "$(pid_of mqtt-kafka-bridge)"
sleep 3
restart services
finish_load KILLBRIDGE
check_counts KILLBRIDGE 20000

step "Mosquitto restarted mid-stream"
load MQTTRESTART 2000 20000
sleep 4
"$stack" stop mosquitto
sleep 2
restart mosquitto
finish_load MQTTRESTART
check_counts MQTTRESTART 20000

# The dev broker keeps at most 5 MB per partition and drops the oldest records beyond that, so the
# backlog of the outage (30 s plus the sink's retry backoff, at most 30 s; about 1 KB a record)
# must stay below it. Redpanda keeps days.
step "PostgreSQL stopped for 30 s mid-stream and restarted"
load PGSTOP 150 10500
sleep 5
"$stack" stop postgres
sleep 30
restart postgres
finish_load PGSTOP
check_counts PGSTOP 10500

echo
echo "PASS: ingest pipeline: exact rows end to end; lost = 0 and duplicated = 0 in every fault"
