#!/usr/bin/env bash
# make bench-ingest: the ingest pipeline's throughput and memory on a private stack
# (Mosquitto -> mqtt-kafka-bridge -> Kafka dev broker -> telemetry-sink -> PostgreSQL).
#   1. idle resident memory of the bridge and the sink;
#   2. the sink against raw COPY in the same run: M records wait in Kafka while the sink is
#      stopped; the sink is started and its rows/s measured from its first row to its last; then
#      the same M rows are exported, deleted and loaded again with one COPY into the same table
#      (same indexes and triggers). The ratio is sink rows/s over COPY rows/s. This runs on the
#      fresh broker: the dev broker finds a fetch offset by walking every record batch it keeps
#      for the partition, so a backlog behind the end-to-end run's 300,000 records would measure
#      that walk (several CPU seconds) rather than the sink;
#   3. end to end: device-sim's load mode publishes N SaveEye messages at a target rate; the figure
#      is N divided by the time from the first publish until the N-th row is in PostgreSQL, and
#      every message must be a row (lost = 0, duplicated = 0).
# Progress is polled every 10 ms over one kept psql session: a new psql and server process per
# poll would take CPU from the processes being measured on the same two cores.
# Prints a human summary and one JSON result line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
stack="$root/deploy/local/stack.sh"
rate=${BENCH_INGEST_RATE:-25000}
count=${BENCH_INGEST_COUNT:-300000}
sink_count=${BENCH_INGEST_SINK_COUNT:-60000}
state=$(mktemp -d /tmp/k12n-bench-ingest.XXXXXX)
export K12N_STACK_DIR="$state/stack"
export K12N_PG_PORT=58432 K12N_MQTT_PORT=58883
export K12N_SERVICE_PORT_BASE=58080
export K12N_STACK_PARTS="postgres migrate mosquitto broker services"
export K12N_SERVICES="mqtt-kafka-bridge telemetry-sink"
export K12N_BIN_DIR=${K12N_BIN_DIR:-$root/build/release/bin}
# The topics are the deployment's (deploy/kafka-topics.yaml: three energy partitions). The dev
# broker keeps at most 5 MB per partition and drops the oldest records beyond that, which at this
# load's batch sizes is about 40,000 SaveEye records (a 150,000-record backlog lost 27,000). The
# sink phase's 60,000 records are 20,000 per partition; a loss would fail the row counts below.
bin=$(cd "$K12N_BIN_DIR" && pwd)
finish() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -d "$K12N_STACK_DIR/log" ]; then
    rm -rf /tmp/k12n-bench-ingest-logs && cp -r "$K12N_STACK_DIR/log" /tmp/k12n-bench-ingest-logs
    echo "bench-ingest: failed; service logs kept in /tmp/k12n-bench-ingest-logs" >&2
  fi
  [ -z "${POLL_PID:-}" ] || kill "$POLL_PID" 2>/dev/null || true
  "$stack" clean >/dev/null 2>&1 || true
  rm -rf "$state"
}
trap finish EXIT

"$stack" up >/dev/null
# shellcheck disable=SC1091
source "$K12N_STACK_DIR/stack.env"
admin_telemetry="${K12N_PG_ADMIN_DSN/dbname=postgres/dbname=telemetry}"
sql() { psql "$admin_telemetry" -Atqc "$1"; }
pid_of() { cat "$K12N_STACK_DIR/run/$1.pid"; }
# kb <VmRSS|VmHWM> <service>
kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$(pid_of "$2")/status"; }
mb() { awk -v v="$1" 'BEGIN { printf "%.1f", v / 1024 }'; }
now() { echo "$EPOCHREALTIME"; }
# CPU seconds used so far by a process and its children (live ones, and exited ones it reaped).
cpu() {
  local total=0 p
  for p in "$1" $(pgrep -P "$1"); do
    total=$((total + $(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  awk -v t="$total" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }'
}
postmaster() { head -1 "$K12N_STACK_DIR/pg/postmaster.pid"; }
rows() { sql "SELECT count(*) FROM energy_consumption WHERE device_serial LIKE '$1%'"; }
coproc POLL { psql "$admin_telemetry" -Atq -v ON_ERROR_STOP=1 2>&1; }
# poll <prefix>: sets `stored` to the rows stored so far after waiting 10 ms in the server, and
# `polled_at` to when the answer came; no process is started per poll. Read from the hourly base
# that the insert trigger keeps in the same transaction (a count(*) over the raw table would
# cost PostgreSQL as much as the writes).
poll() {
  echo "SELECT COALESCE(sum(measurement_count), 0) FROM pg_sleep(0.01), energy_hourly_base WHERE device_serial LIKE '$1%';" >&"${POLL[1]}"
  if ! read -t 10 -r stored <&"${POLL[0]}" || ! [[ $stored =~ ^[0-9]+$ ]]; then
    echo "bench-ingest: polling session failed: ${stored:-no answer}" >&2
    exit 1
  fi
  polled_at=$EPOCHREALTIME
}
load() {  # load <serial prefix> <rate> <count>
  MQTT_URI="$K12N_MQTT_URI" MQTT_USERNAME=devices MQTT_PASSWORD_FILE="$K12N_STACK_DIR/secrets/mqtt-devices" \
    MQTT_CLIENT_ID="bench-$1" LOAD_SERIAL_PREFIX="$1" LOG_LEVEL=warn \
    "$bin/device-sim" --rate "$2" --count "$3"
}
wait_rows() {  # wait_rows <prefix> <n>: fails once the count has not moved for 20 s
  local seen=-1 moved=$SECONDS
  while poll "$1" && [ "$stored" -lt "$2" ]; do
    if [ "$stored" -ne "$seen" ]; then
      seen=$stored moved=$SECONDS
    elif [ $((SECONDS - moved)) -ge 20 ]; then
      echo "bench-ingest: stuck at $stored of $2 rows" >&2
      exit 1
    fi
  done
}

sleep 5
bridge_idle=$(kb VmRSS mqtt-kafka-bridge)
sink_idle=$(kb VmRSS telemetry-sink)

# The sink alone, then raw COPY of the same rows.
"$stack" stop telemetry-sink >/dev/null
load SINK "$rate" "$sink_count" >/dev/null
sleep 3 # the bridge's last Kafka acknowledgements
pg_before=$(cpu "$(postmaster)")
broker_before=$(cpu "$(pid_of kafka-dev-broker)")
K12N_STACK_PARTS=services "$stack" up >/dev/null
while poll SINK && [ "$stored" -eq 0 ]; do :; done
first=$polled_at base=$stored
wait_rows SINK "$sink_count"
last=$polled_at
sink_stored=$(rows SINK)
sink_rate=$(awk -v n="$((sink_count - base))" -v a="$first" -v b="$last" 'BEGIN { printf "%.0f", n / (b - a) }')
sink_cpu=$(cpu "$(pid_of telemetry-sink)")
pg_sink_cpu=$(awk -v a="$pg_before" -v b="$(cpu "$(postmaster)")" 'BEGIN { printf "%.1f", b - a }')
broker_cpu=$(awk -v a="$broker_before" -v b="$(cpu "$(pid_of kafka-dev-broker)")" 'BEGIN { printf "%.1f", b - a }')
copy_file="$state/sink-rows.copy"
sql "COPY (SELECT * FROM energy_consumption WHERE device_serial LIKE 'SINK%') TO STDOUT" >"$copy_file"
sql "DELETE FROM energy_consumption WHERE device_serial LIKE 'SINK%'"
sql "CHECKPOINT"
pg_before=$(cpu "$(postmaster)")
copy_start=$(now)
psql "$admin_telemetry" -qc "\\copy energy_consumption FROM '$copy_file'"
copy_end=$(now)
pg_copy_cpu=$(awk -v a="$pg_before" -v b="$(cpu "$(postmaster)")" 'BEGIN { printf "%.1f", b - a }')
copy_rate=$(awk -v n="$sink_count" -v a="$copy_start" -v b="$copy_end" 'BEGIN { printf "%.0f", n / (b - a) }')
ratio=$(awk -v s="$sink_rate" -v c="$copy_rate" 'BEGIN { printf "%.2f", s / c }')

# End to end, with the CPU seconds each process spends on it.
e2e_procs="mosquitto mqtt-kafka-bridge kafka-dev-broker telemetry-sink"
declare -A e2e_cpu
for p in $e2e_procs; do e2e_cpu[$p]=$(cpu "$(pid_of "$p")"); done
e2e_cpu[postgres]=$(cpu "$(postmaster)")
start=$(now)
TIMEFORMAT=%U+%S
{ time load E2E "$rate" "$count" >"$state/e2e.json"; } 2>"$state/e2e.time"
wait_rows E2E "$count"
end=$polled_at
e2e_cpu_line="device-sim $(awk -F+ '{ printf "%.1f", $1 + $2 }' "$state/e2e.time")"
for p in $e2e_procs postgres; do
  [ "$p" = postgres ] && after=$(cpu "$(postmaster)") || after=$(cpu "$(pid_of "$p")")
  e2e_cpu_line+=", $p $(awk -v a="${e2e_cpu[$p]}" -v b="$after" 'BEGIN { printf "%.1f", b - a }')"
done
stored=$(rows E2E)
counted=$(sql "SELECT sum(measurement_count) FROM energy_hourly_base WHERE device_serial LIKE 'E2E%'")
e2e_rate=$(awk -v n="$count" -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", n / (b - a) }')
bridge_peak=$(kb VmHWM mqtt-kafka-bridge)
sink_peak=$(kb VmHWM telemetry-sink)
sleep 10
bridge_after=$(kb VmRSS mqtt-kafka-bridge)
sink_after=$(kb VmRSS telemetry-sink)

cat <<SUMMARY
ingest benchmark ($(nproc) cores, device-sim --rate $rate --count $count)
  device-sim load:          $(cat "$state/e2e.json")
  end to end:               $e2e_rate messages/s; $stored rows, $counted measurements counted for $count published
    CPU seconds:            $e2e_cpu_line
  telemetry-sink:           $sink_rate rows/s ($sink_count records waiting in Kafka, $sink_stored rows stored)
    CPU seconds:            sink $sink_cpu (since its start), PostgreSQL $pg_sink_cpu, broker $broker_cpu
  raw COPY, same table:     $copy_rate rows/s (PostgreSQL CPU $pg_copy_cpu s)
  sink / COPY:              $ratio
  mqtt-kafka-bridge RSS:    idle $(mb "$bridge_idle") MB, peak $(mb "$bridge_peak") MB, 10 s after $(mb "$bridge_after") MB
  telemetry-sink RSS:       idle $(mb "$sink_idle") MB, peak $(mb "$sink_peak") MB, 10 s after $(mb "$sink_after") MB
SUMMARY
printf '{"bench":"ingest","e2e_messages_per_s":%s,"published":%s,"rows":%s,"measurements":%s,' \
  "$e2e_rate" "$count" "$stored" "$counted"
printf '"sink_rows_per_s":%s,"copy_rows_per_s":%s,"sink_copy_ratio":%s,' "$sink_rate" "$copy_rate" "$ratio"
printf '"bridge_rss_kb":{"idle":%s,"peak":%s},"sink_rss_kb":{"idle":%s,"peak":%s}}\n' \
  "$bridge_idle" "$bridge_peak" "$sink_idle" "$sink_peak"
[ "$stored" = "$count" ] && [ "$counted" = "$count" ] && [ "$sink_stored" = "$sink_count" ]
