#!/usr/bin/env bash
# Remote control of the heat pump end to end, on a private stack started by stack.sh as `make up`
# starts it (heatpump-settings-api and outbox-processor, real Mosquitto, the Kafka dev broker, the
# real mqtt-kafka-bridge and device-sim as the heat pump), with a real MQTT subscriber counting
# every message on thermiq_heatpump/write:
#   1. PATCH indoor_target_temp 21 -> the device receives exactly {"d50":21} -> its telemetry
#      reports 21 -> the outbox row is confirmed and the settings show 21;
#   2. a device that ignores commands (device-sim --ignore-commands): the row fails after the
#      confirmation timeout with the value the device reports, and the settings go back to it;
#   3. two processors at once: every command is published exactly once;
#   4. a processor killed with SIGKILL between the PUBACK and marking the row published: the
#      command is published at most once more, and it is confirmed, not lost.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
stack="$root/deploy/local/stack.sh"
state=$(mktemp -d /tmp/k12n-settings.XXXXXX)
export K12N_STACK_DIR="$state/stack"
export K12N_PG_PORT=${K12N_SETTINGS_E2E_PG_PORT:-27632}
export K12N_MQTT_PORT=${K12N_SETTINGS_E2E_MQTT_PORT:-27993}
export K12N_SERVICE_PORT_BASE=${K12N_SETTINGS_E2E_SERVICE_PORT_BASE:-27180}
export K12N_STACK_PARTS="postgres migrate mosquitto broker services"
export K12N_SERVICES="mqtt-kafka-bridge device-sim heatpump-settings-api outbox-processor"
export K12N_BIN_DIR=${K12N_BIN_DIR:?K12N_BIN_DIR must name the build bin directory}
bin=$(cd "$K12N_BIN_DIR" && pwd)
api="http://127.0.0.1:$((K12N_SERVICE_PORT_BASE + 4))/api/v1/heatpump/settings"
device=ThermIQ_4091519A3058
# The heat pump reports every second; a command not confirmed within 8 s fails; the processors
# poll every second besides their notifications.
export THERMIQ_INTERVAL=1 OUTBOX_CONFIRM_TIMEOUT_S=8 OUTBOX_POLL_INTERVAL_S=1
subscriber_pid=
extra_pids=()
cleanup() {
  [ -z "$subscriber_pid" ] || kill "$subscriber_pid" 2>/dev/null || true
  for pid in "${extra_pids[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
  done
  "$stack" clean >/dev/null 2>&1 || true
  rm -rf "$state"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  for log in "$K12N_STACK_DIR"/log/*.log "$state"/*.log; do
    [ -f "$log" ] || continue
    echo "--- $log (last lines)" >&2
    tail -n 15 "$log" >&2
  done
  echo "--- messages on thermiq_heatpump/write" >&2
  cat "$state/write-topic.txt" >&2 || true
  exit 1
}
step() { printf '\n== %s\n' "$*"; }

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

"$stack" up
# shellcheck disable=SC1091
source "$K12N_STACK_DIR/stack.env"
sql() { psql "$K12N_SETTINGS_DSN" -Atc "$1" 2>/dev/null; }

# Every message on the write topic, one per line, from before the first command on.
mosquitto_sub -h 127.0.0.1 -p "$K12N_MQTT_PORT" -u admin -P "$K12N_MQTT_ADMIN_PASSWORD" \
  -i "settings-e2e-counter" -q 1 -t thermiq_heatpump/write >"$state/write-topic.txt" &
subscriber_pid=$!
messages() { grep -cxF "$1" "$state/write-topic.txt" || true; }
all_messages() { wc -l <"$state/write-topic.txt"; }

# patch <json>: prints the outbox id of the accepted change.
patch() {
  local response
  response=$(curl -s -w '\n%{http_code}' -X PATCH -H 'Content-Type: application/json' \
    -d "$1" "$api/$device")
  [ "$(tail -n 1 <<<"$response")" = 202 ] || fail "PATCH $1: $response"
  head -n 1 <<<"$response" | grep -o '"outbox_id":[0-9]*' | cut -d: -f2
}
status_of() { sql "SELECT status FROM outbox WHERE id = $1"; }
has_status() { [ "$(status_of "$1")" = "$2" ]; }
setting() { sql "SELECT $1 FROM settings WHERE device_id = '$device'"; }
has_setting() { [ "$(setting "$1")" = "$2" ]; }
metric() {  # metric <port> <series>
  curl -s "http://127.0.0.1:$1/metrics" | awk -v s="$2" '$1 == s { print $2 }'
}
device_row() { [ -n "$(setting device_id)" ]; }

step "the settings mirror creates the heat pump's row from its telemetry"
wait_until 60 "settings row of $device" device_row
echo "ok: $(curl -s "$api/$device")"

step "PATCH 21 -> exactly {\"d50\":21} -> reported -> confirmed, settings 21"
# Start from another value, so that 21 must really travel to the device and back.
if [ "$(setting indoor_target_temp)" = 21 ]; then
  first=$(patch '{"indoor_target_temp":23}')
  wait_until 30 "outbox $first confirmed" has_status "$first" confirmed
fi
before=$(all_messages)
id=$(patch '{"indoor_target_temp":21}')
wait_until 30 "outbox $id confirmed" has_status "$id" confirmed
new=$(tail -n +"$((before + 1))" "$state/write-topic.txt")
[ "$new" = '{"d50":21}' ] || fail "the write topic carried '$new' for outbox $id, want exactly {\"d50\":21}"
grep -q 'thermiq: command d50 = 21' "$K12N_STACK_DIR/log/device-sim.log" || fail "device-sim did not apply d50 = 21"
# The device's own telemetry reports the new target.
reported=$(mosquitto_sub -h 127.0.0.1 -p "$K12N_MQTT_PORT" -u admin -P "$K12N_MQTT_ADMIN_PASSWORD" \
  -t thermiq_heatpump/data -C 1 -W 10 | grep -o '"d50":[0-9.eE+]*' || true)
[ "$reported" = '"d50":21' ] || fail "the heat pump reports $reported, want d50 21"
has_setting indoor_target_temp 21 || fail "settings show $(setting indoor_target_temp), want 21"
curl -s "$api/$device" | grep -q '"indoor_target_temp":21.0' || fail "GET does not show 21.0"
curl -s "$api/outbox/$id" | grep -q '"status":"confirmed"' || fail "GET outbox $id is not confirmed"
echo "ok: outbox $id confirmed: $(sql "SELECT confirmed_at - created_at FROM outbox WHERE id = $id") after the PATCH"

step "a heat pump that ignores commands: the row fails after the timeout with a reason"
"$stack" stop device-sim >/dev/null
THERMIQ_IGNORE_COMMANDS=true K12N_STACK_PARTS=services "$stack" up >/dev/null
id=$(patch '{"indoor_target_temp":24}')
has_setting indoor_target_temp 24 || fail "the PATCH value is not shown while in flight"
wait_until 15 "outbox $id published" has_status "$id" published
sleep 3
has_status "$id" published || fail "outbox $id is $(status_of "$id") before the timeout"
wait_until 20 "outbox $id failed" has_status "$id" failed
reason=$(sql "SELECT error_message FROM outbox WHERE id = $id")
[ "$reason" = "not confirmed within 8 s; device reports d50=21" ] || fail "reason: $reason"
wait_until 10 "settings back at the reported 21" has_setting indoor_target_temp 21
! grep -q 'thermiq: command d50 = 24' "$K12N_STACK_DIR/log/device-sim.log" || fail "device-sim applied d50 = 24"
[ "$(messages '{"d50":24}')" = 1 ] || fail "{\"d50\":24} was published $(messages '{"d50":24}') times, want once"
echo "ok: outbox $id failed: $reason; settings back at 21"
"$stack" stop device-sim >/dev/null
K12N_STACK_PARTS=services "$stack" up >/dev/null

# start_processor <name> <http port> [NAME=value ...]: one more processor, by hand.
start_processor() {
  local name=$1 port=$2
  shift 2
  env DATABASE_URL="$K12N_SETTINGS_DSN" KAFKA_BROKERS="$K12N_KAFKA_BOOTSTRAP" \
    MQTT_URL="$K12N_MQTT_URI" MQTT_USERNAME=outbox MQTT_PASSWORD_FILE="$K12N_STACK_DIR/secrets/mqtt-outbox" \
    MQTT_CLIENT_ID="$name" HTTP_ADDRESS=127.0.0.1 HTTP_PORT="$port" LOG_FORMAT=json "$@" \
    "$bin/outbox-processor" >"$state/$name.log" 2>&1 &
  extra_pids+=($!)
  last_pid=$!
  wait_until 30 "$name ready" curl -sf -o /dev/null "http://127.0.0.1:$port/readyz"
}
stack_port=$((K12N_SERVICE_PORT_BASE + 5))
second_port=$((K12N_SERVICE_PORT_BASE + 6))
third_port=$((K12N_SERVICE_PORT_BASE + 7))

step "two processors at once publish every command exactly once"
start_processor outbox-processor-second "$second_port"
# The second processor joins the confirmation consumer group; until the rebalance is over
# nobody confirms, and the 8 s timeout of this test would fail the commands. Wait until the
# three partitions are split between the two.
last_assignment() {  # the partition count of the last assignment in a log, empty after a revoke
  grep -oE 'assigned [0-9]+ partition|revoked [0-9]+ partition' "$1" | tail -n 1 |
    awk '$1 == "assigned" { print $2 }'
}
group_settled() {
  local first second
  first=$(last_assignment "$K12N_STACK_DIR/log/outbox-processor.log")
  second=$(last_assignment "$state/outbox-processor-second.log")
  [ -n "$first" ] && [ -n "$second" ] && [ $((first + second)) = 3 ]
}
wait_until 90 "the two processors share the telemetry partitions" group_settled
before=$(all_messages)
stack_before=$(metric "$stack_port" outbox_messages_published_total)
ids=()
for value in $(seq 100 119); do
  ids+=("$(patch "{\"curve\":$value}")")
done
settled() {
  [ "$(sql "SELECT count(*) FROM outbox WHERE id BETWEEN ${ids[0]} AND ${ids[-1]}
            AND status IN ('confirmed', 'failed')")" = 20 ]
}
wait_until 60 "20 commands settled" settled
sleep 2
for value in $(seq 100 119); do
  [ "$(messages "{\"d52\":$value}")" = 1 ] || fail "{\"d52\":$value} was published $(messages "{\"d52\":$value}") times"
done
[ "$(($(all_messages) - before))" = 20 ] || fail "$(($(all_messages) - before)) messages for 20 commands"
bad=$(sql "SELECT count(*) FROM outbox WHERE id BETWEEN ${ids[0]} AND ${ids[-1]}
           AND NOT (status = 'confirmed' OR error_message LIKE 'superseded by outbox % before confirmation')")
[ "$bad" = 0 ] || fail "$bad commands neither confirmed nor superseded"
has_setting curve 119 || fail "settings show curve $(setting curve), want 119"
echo "ok: 20 commands, 20 messages ($(($(metric "$stack_port" outbox_messages_published_total) - stack_before)) by the stack's processor," \
  "$(metric "$second_port" outbox_messages_published_total) by the second);" \
  "$(sql "SELECT count(*) FROM outbox WHERE id BETWEEN ${ids[0]} AND ${ids[-1]} AND status = 'confirmed'") confirmed, the rest superseded"

step "a processor killed between the PUBACK and marking the row published"
"$stack" stop outbox-processor >/dev/null
kill -TERM "${extra_pids[0]}"
wait "${extra_pids[0]}" 2>/dev/null || true
# This one holds its claim for 10 s after the last PUBACK: the window the kill hits. Its consumer
# is in a group of its own, so that its death does not hold up the real group's rebalance (the
# partitions of a killed member wait for its session timeout).
start_processor outbox-processor-doomed "$third_port" FAULT_DELAY_AFTER_PUBLISH_MS=10000 \
  KAFKA_GROUP_ID=settings-e2e-doomed
doomed=$last_pid
id=$(patch '{"curve":150}')
published_once() { [ "$(messages '{"d52":150}')" = 1 ]; }
wait_until 15 "{\"d52\":150} on the write topic" published_once
sleep 0.5
has_status "$id" pending || fail "outbox $id is $(status_of "$id") while its processor still holds it"
kill -KILL "$doomed"
wait "$doomed" 2>/dev/null || true
echo "killed the processor holding outbox $id after its PUBACK"
has_status "$id" pending || fail "outbox $id is $(status_of "$id") after the kill, want pending"
# The restarted processor's consumer rejoins its group first, which can take longer than the 8 s
# confirmation timeout of the steps before.
OUTBOX_CONFIRM_TIMEOUT_S=120 K12N_STACK_PARTS=services "$stack" up >/dev/null
wait_until 60 "outbox $id confirmed after the restart" has_status "$id" confirmed
sleep 2
count=$(messages '{"d52":150}')
[ "$count" = 2 ] || fail "{\"d52\":150} was published $count times, want 2 (once more after the kill)"
has_setting curve 150 || fail "settings show curve $(setting curve), want 150"
echo "ok: published $count times in all (once more after the kill), confirmed, settings curve 150"

echo
echo "PASS: heat pump settings end to end: exact command, confirmation, timeout, one publish per command with two processors, none lost to a kill"
