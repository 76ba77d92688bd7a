#!/usr/bin/env bash
# make bench-api: homelab-api against pgbench running the same SQL, on a private stack
# (PostgreSQL only, port 59232; the API on 59280).
#   1. loads BENCH_API_DAYS (365) days of data ending now into the telemetry database: one
#      SaveEye meter at 1 Hz (31.5 million rows a year, counter consistent with the power), one
#      heat pump every 10 s and three temperature sensors every 5 min. Server-side
#      INSERT ... SELECT generate_series(...), one statement per day and table, as the admin, so the
#      plain-mode statement triggers fold every statement into the hourly base tables exactly as
#      they do for the sink; the energy year loads in two sessions at once, beside a third for the
#      heat pump and the temperatures. The energy time index is built after the load. Then the
#      base tables are checked against the raw rows, and VACUUM ANALYZE; then
#      refresh_daily_base() stores the local days before today, as the telemetry sink does;
#   2. starts homelab-api (reader role, AUTH_MODE=none, a pool of BENCH_API_POOL connections);
#   3. per dashboard endpoint, with the dashboard's parameters (contracts/web.md): pgbench with one
#      client gives the statement's own cost; then wrk against the API and pgbench with the
#      statement that endpoint runs (read from the handler's source) and the same parameter
#      values, at the same concurrency and for the same duration, alternating for a few rounds;
#      the figures are medians over the rounds;
#   4. the API's resident memory: VmHWM after all runs.
# Prints a table and one JSON line per endpoint plus a summary line. Targets are reported as met
# or not; the exit status is non-zero only when something failed to run.
#
# Settings (environment):
#   BENCH_API_DAYS         days of data (365); 7 for a quick run
#   BENCH_API_CONNECTIONS  wrk connections and pgbench clients (64)
#   BENCH_API_THREADS      wrk threads and pgbench threads (2)
#   BENCH_API_ROUNDS       rounds per endpoint (3): wrk, then pgbench, alternating
#   BENCH_API_DURATION     seconds of each tool per round (5), after
#   BENCH_API_WARMUP       seconds of warm-up of each (2)
#   BENCH_API_POOL         homelab-api's DATABASE_POOL_SIZE (4: two per core; the 64
#                          connections queue in the API, not in 64 PostgreSQL backends)
#   BENCH_API_ONLY         space-separated endpoint names to run (all)
#   BENCH_API_KEEP=1       keep the stack and its data in .local/apibench; a later run with the
#                          same BENCH_API_DAYS reuses the data (ending when it was loaded)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
stack="$root/deploy/local/stack.sh"
api_src="$root/applications/homelab-api"
days=${BENCH_API_DAYS:-365}
conns=${BENCH_API_CONNECTIONS:-64}
threads=${BENCH_API_THREADS:-2}
duration=${BENCH_API_DURATION:-5}
rounds=${BENCH_API_ROUNDS:-3}
warmup=${BENCH_API_WARMUP:-2}
pool=${BENCH_API_POOL:-4}
only=" ${BENCH_API_ONLY:-} "
keep=${BENCH_API_KEEP:-0}
api_port=59280
state=$(mktemp -d /tmp/k12n-bench-api.XXXXXX)
if [ "$keep" = 1 ]; then
  export K12N_STACK_DIR="$root/.local/apibench"
else
  export K12N_STACK_DIR="$state/stack"
fi
export K12N_PG_PORT=59232 K12N_MQTT_PORT=59283
export K12N_STACK_PARTS="postgres migrate"
export K12N_BIN_DIR=${K12N_BIN_DIR:-$root/build/release/bin}
bin=$(cd "$K12N_BIN_DIR" && pwd)
tz=Europe/Stockholm
cores=$(nproc)
export K12N_TIME_ZONE=$tz

# pgbench of the server's version (deploy/local/stack.sh runs PostgreSQL 15).
pgbench=/usr/lib/postgresql/15/bin/pgbench
for tool in wrk "$pgbench" psql perl curl; do
  command -v "$tool" >/dev/null || {
    echo "bench-api: $tool is missing (scripts/deps.sh installs wrk and postgresql-15)" >&2
    exit 1
  }
done
[ -x "$bin/homelab-api" ] || { echo "bench-api: $bin/homelab-api is missing: build first" >&2; exit 1; }

pids=()  # background processes this script started, stopped by id on exit
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ "$keep" = 1 ]; then
    "$stack" down >/dev/null 2>&1 || true
  else
    "$stack" clean >/dev/null 2>&1 || true
  fi
  rm -rf "$state"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
"$stack" up >/dev/null
# shellcheck disable=SC1091
source "$K12N_STACK_DIR/stack.env"
admin_telemetry="${K12N_PG_ADMIN_DSN/dbname=postgres/dbname=telemetry}"
sql() { psql "$admin_telemetry" -v ON_ERROR_STOP=1 -Atqc "$1"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", b - a }'; }

# ---------------------------------------------------------------------------------------------
# 1. The data. WAL may grow so that checkpoints do not interrupt the load.
sql "ALTER SYSTEM SET max_wal_size = '16GB'" >/dev/null
sql "ALTER SYSTEM SET checkpoint_timeout = '1h'" >/dev/null
sql "SELECT pg_reload_conf()" >/dev/null
marker="$K12N_STACK_DIR/bench-api-loaded"
if [ -s "$marker" ] && [ "$(cut -d' ' -f1 "$marker")" = "$days" ]; then
  read -r _ start_s end_s load_s <"$marker"
  echo "bench-api: reusing the $days days loaded earlier ($(date -u -d "@$end_s" +%FT%TZ) end)"
else
  [ "$(sql "SELECT count(*) FROM energy_consumption")" = 0 ] ||
    { echo "bench-api: $K12N_STACK_DIR holds other data: remove it" >&2; exit 1; }
  end_s=$(date -u +%s)
  start_s=$((end_s - days * 86400))
  chunk=86400

  # Generators run on the server: one INSERT ... SELECT generate_series(...) per day and table, as
  # the admin. Cumulative counters need every earlier second: a temporary table carries the total
  # from one call to the next and a window sum continues it inside a call. The meter's power is a
  # deterministic function of the second, so the year loads in two sessions at once: the second
  # one starts its counter from the power summed over the first half, without inserting it.
  cat >"$state/energy.sql" <<'SQL'
SET jit = off;
SET work_mem = '256MB';
SET synchronous_commit = off;
-- Per phase, in W: standby and lights, a daily profile with morning and evening peaks (local time
-- is taken as UTC+1), winter about 2.5 times summer, noise, and appliances switched on per minute,
-- ten minutes, half hour or hour by a hash of the period (kettle, stove, washing machine,
-- dishwasher, an 11 kW car charger). About 6 000 kWh a year, 0.7 kW on average.
CREATE FUNCTION pg_temp.meter_power(from_s BIGINT, to_s BIGINT)
RETURNS TABLE (s BIGINT, l1 INTEGER, l2 INTEGER, l3 INTEGER) LANGUAGE sql IMMUTABLE AS $$
  SELECT g.s,
         (p.base * 0.40 + 60 + p.noise * 20 + p.kettle * 2000 + p.stove * 800 + p.ev * 3680)::int,
         (p.base * 0.35 + 45 + p.noise * 15 + p.wash * 2000 + p.stove * 800 + p.ev * 3680)::int,
         (p.base * 0.25 + 35 + p.noise * 10 + p.dish * 1800 + p.stove * 800 + p.ev * 3680)::int
  FROM generate_series(from_s, to_s - 1) AS g(s),
  LATERAL (SELECT ((g.s + 3600) % 86400) / 3600.0::float8 AS h) AS d,
  LATERAL (SELECT
      (1.0 + 0.45 * cos(2 * pi() * (g.s - 1736899200) / 31557600.0::float8))
        * (120 + 350 * exp(-((d.h - 7.5) ^ 2)) + 600 * exp(-((d.h - 19) ^ 2) / 4)) AS base,
      (hashint8extended(g.s, 0) & 65535) / 65536.0::float8 AS noise,
      ((hashint8extended(g.s / 60, 1) & 1023) < 12)::int AS kettle,
      ((hashint8extended(g.s / 600, 2) & 1023) < 25)::int AS stove,
      ((hashint8extended(g.s / 1800, 3) & 1023) < 20)::int AS wash,
      ((hashint8extended(g.s / 1800, 4) & 1023) < 20)::int AS dish,
      ((hashint8extended(g.s / 3600, 5) & 1023) < 15)::int AS ev) AS p
$$;
CREATE TEMP TABLE bench_carry (ws BIGINT NOT NULL);  -- watt-seconds since the first reading
CREATE FUNCTION pg_temp.load_energy(from_s BIGINT, to_s BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  added BIGINT;
BEGIN
  WITH inserted AS (
    INSERT INTO energy_consumption (time, device_serial, meter_type, wifi_rssi, active_power_total,
        active_power_l1, active_power_l2, active_power_l3, active_production_total,
        active_energy_total, active_energy_production, voltage_l1, voltage_l2, voltage_l3,
        current_l1, current_l2, current_l3, power_factor)
    SELECT to_timestamp(w.s), 'BENCH-SAVEEYE-1', '', -72 + (random() * 6)::int, w.l1 + w.l2 + w.l3,
           w.l1, w.l2, w.l3, 0,
           100000000 + (c.ws + sum(w.l1 + w.l2 + w.l3) OVER (ORDER BY w.s)) / 3600, 83,
           229 + (random() * 3)::int, 229 + (random() * 3)::int, 229 + (random() * 3)::int,
           w.l1 * 1000 / 218, w.l2 * 1000 / 218, w.l3 * 1000 / 218, 94 + (random() * 4)::int
    FROM bench_carry AS c, pg_temp.meter_power(from_s, to_s) AS w
    RETURNING active_power_total)
  SELECT sum(active_power_total) INTO added FROM inserted;
  UPDATE bench_carry SET ws = ws + added;
END;
$$;
SQL

  cat >"$state/heatpump.sql" <<'SQL'
SET jit = off;
SET work_mem = '256MB';
SET synchronous_commit = off;
-- Seconds each runtime counter has run since the first reading.
CREATE TEMP TABLE bench_runtime (compressor BIGINT NOT NULL, hotwater BIGINT NOT NULL,
                                 aux BIGINT NOT NULL);
INSERT INTO bench_runtime VALUES (0, 0, 0);
-- One ThermIQ heat pump every 10 s: outdoor temperature from the season, the time of day and a
-- slow weather wave; the compressor runs a share of each hour that grows with the cold, plus hot
-- water twice a day; the 3 kW heater helps below -12 C. Runtime counters are whole hours.
CREATE FUNCTION pg_temp.load_heatpump(from_s BIGINT, to_s BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  compressor_s BIGINT;
  hotwater_s BIGINT;
  aux_s BIGINT;
BEGIN
  WITH inserted AS (
    INSERT INTO heatpump_status (time, device_id, outdoor_temp, supplyline_temp, returnline_temp,
        hotwater_temp, brine_out_temp, brine_in_temp, indoor_temp, flowlinepump_speed,
        runtime_compressor, runtime_hotwater, runtime_3kw, runtime_6kw, brinepump_on, compressor_on,
        flowlinepump_on, hotwater_production, aux_heater_3kw_on, aux_heater_6kw_on, integral)
    SELECT to_timestamp(w.s), 'ThermIQ_4091519A3058', round(w.outdoor::numeric, 1),
           round((CASE WHEN w.hw THEN 52 WHEN w.heat THEN 22 + (20 - w.outdoor) * 0.55 ELSE 24 END)::numeric, 1),
           round((CASE WHEN w.hw THEN 46 WHEN w.heat THEN 18 + (20 - w.outdoor) * 0.45 ELSE 23 END)::numeric, 1),
           round((48 + 4 * cos(2 * pi() * w.h / 12))::numeric, 1),
           round((1.5 - 2 * w.season - CASE WHEN w.heat OR w.hw THEN 3 ELSE 0 END)::numeric, 1),
           round((3.5 - 2 * w.season - CASE WHEN w.heat OR w.hw THEN 1 ELSE 0 END)::numeric, 1),
           round((21.5 + 0.4 * sin(2 * pi() * w.h / 24))::numeric, 1), (40 + 50 * w.duty)::int,
           12000 + (c.compressor + 10 * sum((w.heat OR w.hw)::int) OVER win) / 3600,
           3000 + (c.hotwater + 10 * sum(w.hw::int) OVER win) / 3600,
           40 + (c.aux + 10 * sum(w.aux::int) OVER win) / 3600,
           5, w.heat OR w.hw, w.heat OR w.hw, true, w.hw, w.aux, false, (-400 * w.duty)::int
    FROM bench_runtime AS c,
    LATERAL (
      SELECT g.s, o.season, d.h, o.outdoor, q.duty,
             (g.s % 3600) < q.duty * 3600 AS heat,
             (d.h >= 3 AND d.h < 3.5) OR (d.h >= 17 AND d.h < 17.34) AS hw,
             o.outdoor < -12 AND (g.s % 3600) < q.duty * 3600 AS aux
      FROM generate_series(from_s, to_s - 1, 10) AS g(s),
      LATERAL (SELECT ((g.s + 3600) % 86400) / 3600.0::float8 AS h) AS d,
      LATERAL (SELECT cos(2 * pi() * (g.s - 1736899200) / 31557600.0::float8) AS season) AS z,
      LATERAL (SELECT z.season,
                      6 - 11 * z.season + 3 * cos(2 * pi() * (d.h - 15) / 24)
                        + 4 * sin(2 * pi() * g.s / (3.7 * 86400)) + random() * 0.4 AS outdoor) AS o,
      LATERAL (SELECT least(1.0, greatest(0.0, (17 - o.outdoor) / 25)) AS duty) AS q
    ) AS w
    WINDOW win AS (ORDER BY w.s)
    RETURNING compressor_on, hotwater_production, aux_heater_3kw_on)
  SELECT 10 * count(*) FILTER (WHERE compressor_on), 10 * count(*) FILTER (WHERE hotwater_production),
         10 * count(*) FILTER (WHERE aux_heater_3kw_on)
    INTO compressor_s, hotwater_s, aux_s FROM inserted;
  UPDATE bench_runtime SET compressor = compressor + compressor_s,
                           hotwater = hotwater + hotwater_s, aux = aux + aux_s;
END;
$$;
SQL

  # Three Shelly H&T sensors every 5 minutes; no counters, so one statement for the whole range.
  temperature_sql() {
    cat <<SQL
INSERT INTO temperature_sensors (time, device_id, mac_address, location, temperature_c,
    temperature_f, humidity, wifi_rssi, battery_voltage, battery_percent)
SELECT to_timestamp(g.s), 'shellyhtg3-' || lower(l.mac), l.mac, l.location, round(v.c::numeric, 1),
       round((v.c * 1.8 + 32)::numeric, 1), round((45 + 10 * sin(g.s / 40000.0))::numeric, 1),
       -55 - (random() * 10)::int, 0, 0
FROM generate_series($start_s, $end_s - 1, 300) AS g(s),
(VALUES ('indoor', 'E4B32322A0F4', 21.0, 0.0), ('outdoor', 'E4B32322A0F5', 6.0, 11.0),
        ('garage', 'E4B32322A0F6', 12.0, 6.0)) AS l(location, mac, mean, seasonal),
LATERAL (SELECT l.mean - l.seasonal * cos(2 * pi() * (g.s - 1736899200) / 31557600.0)
                + 0.5 * sin(2 * pi() * g.s / 86400.0) + random() * 0.2 AS c) AS v;
SQL
  }

  # chunk_calls <function> <from> <to>: one call per day.
  chunk_calls() {
    local from
    for ((from = $2; from < $3; from += chunk)); do
      printf 'SELECT pg_temp.%s(%d, %d);\n' "$1" "$from" "$((from + chunk < $3 ? from + chunk : $3))"
    done
  }
  # load <name> <psql input...>: a loading session in the background.
  load_pids=()
  load() {
    local name=$1
    shift
    printf '%s\n' "$@" | psql "$admin_telemetry" -v ON_ERROR_STOP=1 -q -o /dev/null \
      >"$state/load-$name.log" 2>&1 &
    load_pids+=($!)
    pids+=($!)
  }

  echo "bench-api: loading $days days of data ($(date -u -d "@$start_s" +%FT%TZ) to $(date -u -d "@$end_s" +%FT%TZ)) ..."
  load_start=$(now)
  # The time index takes each new row at its left edge; it is built once after the load instead,
  # with its definition as the migration created it.
  time_indexes=$(sql "SELECT COALESCE(string_agg(indexdef, '; '), 'SELECT') FROM pg_indexes
                      WHERE tablename = 'energy_consumption' AND indexname NOT IN
                            (SELECT conname FROM pg_constraint
                             WHERE conrelid = 'energy_consumption'::regclass)")
  sql "DO \$\$ DECLARE i record; BEGIN
         FOR i IN SELECT indexname FROM pg_indexes
                  WHERE tablename = 'energy_consumption' AND indexname NOT IN
                        (SELECT conname FROM pg_constraint
                         WHERE conrelid = 'energy_consumption'::regclass) LOOP
           EXECUTE format('DROP INDEX %I', i.indexname);
         END LOOP;
       END \$\$" >/dev/null
  half=$((days / 2))
  mid_s=$((start_s + half * chunk))
  load energy-1 "$(cat "$state/energy.sql")" "INSERT INTO bench_carry VALUES (0);" \
    "$(chunk_calls load_energy "$start_s" "$mid_s")"
  load energy-2 "$(cat "$state/energy.sql")" \
    "INSERT INTO bench_carry SELECT COALESCE(sum(l1 + l2 + l3), 0) FROM pg_temp.meter_power($start_s, $mid_s);" \
    "$(chunk_calls load_energy "$mid_s" "$end_s")"
  load heatpump "$(cat "$state/heatpump.sql")" "$(chunk_calls load_heatpump "$start_s" "$end_s")" \
    "$(temperature_sql)"
  for i in "${!load_pids[@]}"; do
    wait "${load_pids[$i]}" || { cat "$state"/load-*.log >&2; exit 1; }
  done
  insert_end=$(now)
  psql "$admin_telemetry" -v ON_ERROR_STOP=1 -q -c "SET maintenance_work_mem = '1GB'" \
    -c "$time_indexes" -c "VACUUM ANALYZE" -c "CHECKPOINT"
  load_end=$(now)
  load_s=$(elapsed "$load_start" "$load_end")
  echo "bench-api: inserts $(elapsed "$load_start" "$insert_end") s; time index, VACUUM ANALYZE and" \
    "CHECKPOINT $(elapsed "$insert_end" "$load_end") s"
  echo "$days $start_s $end_s $load_s" >"$marker"
fi
energy_rows=$(sql "SELECT count(*) FROM energy_consumption")
heatpump_rows=$(sql "SELECT count(*) FROM heatpump_status")
temperature_rows=$(sql "SELECT count(*) FROM temperature_sensors")
hourly_rows=$(sql "SELECT count(*) FROM energy_hourly_base")
db_mb=$(sql "SELECT pg_database_size('telemetry') / 1048576")
# The hourly base tables must agree with the raw rows they were folded from.
base_check=$(sql "SELECT (SELECT sum(measurement_count) FROM energy_hourly_base) = $energy_rows
                     AND (SELECT sum(measurement_count) FROM heatpump_hourly_base) = $heatpump_rows
                     AND (SELECT max(last_total) - min(first_total) FROM energy_hourly_base)
                         = (SELECT max(active_energy_total) - min(active_energy_total) FROM energy_consumption)")
[ "$base_check" = t ] || { echo "bench-api: the hourly base tables do not match the raw rows" >&2; exit 1; }
# The stored local days, as the telemetry sink's maintenance pass keeps them (db/telemetry/006),
# and their agreement with the hours they were folded from.
refresh_start=$(now)
stored_until=$(sql "SELECT refresh_daily_base()")
refresh_s=$(awk -v a="$refresh_start" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
days_check=$(sql "SELECT (SELECT sum(energy_wh) FROM energy_daily_base)
                         = (SELECT sum(energy_wh) FROM energy_hourly_by_meter_between('-infinity', '$stored_until'))")
[ "$days_check" = t ] || { echo "bench-api: the stored days do not match the hours" >&2; exit 1; }
echo "bench-api: local days before $stored_until stored in $refresh_s s"
data_kwh=$(sql "SELECT round(sum(total_energy_kwh)) FROM energy_hourly")
echo "bench-api: $energy_rows energy, $heatpump_rows heat pump, $temperature_rows temperature rows," \
  "$hourly_rows energy hours ($data_kwh kWh), $db_mb MB, loaded in $load_s s"

# ---------------------------------------------------------------------------------------------
# 2. The API. No authentication: the bench measures the data path; a JWT check adds the same
# small constant to every request.
DATABASE_URL="$K12N_TELEMETRY_READER_DSN" HTTP_ADDRESS=127.0.0.1 HTTP_PORT="$api_port" \
  AUTH_MODE=none DATABASE_POOL_SIZE="$pool" TIME_ZONE="$tz" LOG_LEVEL=warn LOG_FORMAT=text \
  "$bin/homelab-api" >"$state/homelab-api.log" 2>&1 &
api_pid=$!
pids+=("$api_pid")
api="http://127.0.0.1:$api_port"
for _ in $(seq 100); do
  curl -sf -o /dev/null "$api/readyz" && break
  sleep 0.1
done
curl -sf -o /dev/null "$api/readyz" || { cat "$state/homelab-api.log" >&2; exit 1; }
kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$api_pid/status"; }
mb() { awk -v v="$1" 'BEGIN { printf "%.1f", v / 1024 }'; }
rss_idle=$(kb VmRSS)

# ---------------------------------------------------------------------------------------------
# 3. Endpoints. The pgbench statement is the handler's SQL constant, read from the source, with
# $n replaced by the pgbench variable :pn, which -M prepared sends as a parameter of a prepared
# statement, as the API does.
api_sql() {  # api_sql <source file> <constant>
  perl -0777 -ne 'print "$1\n" if /\b'"$2"'\b[^;]*?R"sql\((.*?)\)sql"/s' "$api_src/$1"
}
utc() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
local_s() { TZ=$tz date -d "$1" +%s; }
bench_now=$(date -u +%s)
to=$(utc "$bench_now")
hour_start=$(utc $((bench_now / 3600 * 3600)))
# contracts/web.md: history from now - 24 h floored to the hour; daily bars from the local
# midnight 29 days ago to the next one; monthly bars from the local start of the month 11 months
# ago to the start of the next month. Yearly (not on the dashboard): the last five local years.
history_from=$(utc $(((bench_now - 86400) / 3600 * 3600)))
today=$(TZ=$tz date -d "@$bench_now" +%F)
month=$(TZ=$tz date -d "@$bench_now" +%Y-%m-01)
year=$(TZ=$tz date -d "@$bench_now" +%Y-01-01)
daily_from=$(utc "$(local_s "$today -29 days")")
daily_to=$(utc "$(local_s "$today +1 day")")
monthly_from=$(utc "$(local_s "$month -11 months")")
monthly_to=$(utc "$(local_s "$month +1 month")")
yearly_from=$(utc "$(local_s "$year -4 years")")
yearly_to=$(utc "$(local_s "$year +1 year")")

cat >"$state/report.lua" <<'LUA'
-- One line for the shell: requests, duration (us), latency p50, p99 (us), errors.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %d %d %d %d %d %d %d %d %d\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
LUA

results="$state/results"
: >"$results"
failed=0
pg_env=(env PGOPTIONS="-c default_transaction_read_only=on -c jit=off -c plan_cache_mode=force_generic_plan -c statement_timeout=30000")
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# col <api|pg> <field>: the median of one figure over the rounds of an endpoint.
col() { awk -v t="$1" -v c="$2" '$1 == t { print $c }' "$state/rounds" | median; }
# run_wrk <seconds> <url>: "requests/s p50 p99 errors" (latencies in microseconds). The timeout
# is long: no request may time out, however slow the statement.
run_wrk() {
  local w
  w=$(wrk -t"$threads" -c"$conns" -d"${1}s" --timeout 60s -s "$state/report.lua" "$2" | grep '^WRK ')
  # shellcheck disable=SC2086
  set -- $w
  awk -v n="$2" -v d="$3" -v p50="$4" -v p99="$5" -v e=$(($6 + $7 + $8 + $9 + ${10})) \
    'BEGIN { printf "%.0f %d %d %d\n", n / (d / 1e6), p50, p99, e }'
}
# run_pgbench <seconds> <script> <definitions...>: "tps p50 p99" (microseconds), as
# telemetry_reader with the session settings of the API's connections (reader_conninfo.cpp).
run_pgbench() {
  local seconds=$1 script=$2 logdir="$state/pgbench-log" out
  shift 2
  rm -rf "$logdir" && mkdir -p "$logdir"
  out=$(cd "$logdir" && "${pg_env[@]}" "$pgbench" -n -M prepared -c "$conns" -j "$threads" \
    -T "$seconds" -f "$script" "$@" -l --log-prefix=tx "$K12N_TELEMETRY_READER_DSN" \
    2>"$state/pgbench.err") || { cat "$state/pgbench.err" >&2; return 1; }
  # Per-transaction log: the third field is the latency in microseconds.
  cat "$logdir"/tx.* | awk '{ print $3 }' | sort -n |
    awk -v tps="$(awk '/^tps = / { print $3 }' <<<"$out")" \
      '{ v[NR] = $1 } END { printf "%.0f %d %d\n", tps, v[int(NR * 0.50) + 1], v[int(NR * 0.99) + 1] }'
}
# wrk stops without waiting for its requests in flight, which the API still answers; pgbench must
# not share the database with them.
api_idle() {
  local _ idle=0
  for _ in $(seq 600); do
    if curl -s "$api/metrics" | grep -q '^db_pool_connections{state="in_use"} 0$'; then
      idle=$((idle + 1))
      [ "$idle" -lt 2 ] || return 0
    else
      idle=0
    fi
    sleep 0.1
  done
  echo "bench-api: the API stayed busy for 60 s after wrk" >&2
  return 1
}
# bench <name> <api path and query> <source file> <constant> [parameter values...]
# After a warm-up of each, wrk and pgbench alternate for $rounds rounds; every figure reported is
# the median over the rounds, so a burst of other load on the machine moves one round only.
bench() {
  local name=$1 path=$2 file=$3 constant=$4
  shift 4
  [ "$only" = "  " ] || [[ $only == *" $name "* ]] || return 0
  local script="$state/$name.sql" defs=() i=0 value args=""
  api_sql "$file" "$constant" >"$state/$name.raw.sql"
  [ -s "$state/$name.raw.sql" ] || { echo "bench-api: no SQL $constant in $file" >&2; failed=1; return; }
  sed -e 's/\$\([0-9]\)/:p\1/g' -e '$ s/$/;/' "$state/$name.raw.sql" >"$script"
  for value in "$@"; do
    i=$((i + 1))
    defs+=(-D "p$i=$value")
    args+="${args:+, }'$value'"
  done
  # The API must answer 200 with as many rows as the statement returns with these values.
  local code rows sql_rows
  code=$(curl -s -o "$state/$name.json" -w '%{http_code}' "$api$path")
  if [ "$code" != 200 ]; then
    echo "bench-api: $name answered $code: $(head -c 300 "$state/$name.json")" >&2
    failed=1
    return
  fi
  rows=$(perl -0777 -ne 'my $n = () = /\{/g; print($n ? $n : 0)' "$state/$name.json")
  sql_rows=$(psql "$K12N_TELEMETRY_READER_DSN" -v ON_ERROR_STOP=1 -Atq \
    -c "PREPARE q AS $(cat "$state/$name.raw.sql")" -c "EXECUTE q${args:+($args)}" | wc -l)
  if [ "$name" != energy_hourly_total ] && [ "$rows" != "$sql_rows" ]; then
    echo "bench-api: $name: the API returned $rows rows, the statement $sql_rows" >&2
    failed=1
  fi
  # The statement's own cost: pgbench with one client. At $conns connections on $cores cores a
  # request then waits about $conns * single / $cores; rounds of slow statements last at least four
  # times that (at most 60 s), so that every round sees many complete requests.
  local single seconds=$duration warm=$warmup
  single=$("${pg_env[@]}" "$pgbench" -n -M prepared -c 1 -j 1 -T 2 -f "$script" "${defs[@]}" \
    "$K12N_TELEMETRY_READER_DSN" 2>"$state/pgbench.err" | awk '/^latency average/ { print $4 }') ||
    { cat "$state/pgbench.err" >&2; failed=1; return; }
  seconds=$(awk -v d="$duration" -v c="$conns" -v n="$cores" -v x="$single" \
    'BEGIN { s = int(4 * c * x / 1000 / n + 0.999); print (s < d) ? d : (s > 60) ? 60 : s }')
  [ "$seconds" = "$duration" ] || warm=$seconds
  run_wrk "$warm" "$api$path" >/dev/null
  api_idle
  run_pgbench "$warm" "$script" "${defs[@]}" >/dev/null || { failed=1; return; }
  local round w p
  : >"$state/rounds"
  for ((round = 1; round <= rounds; round++)); do
    w=$(run_wrk "$seconds" "$api$path") || { failed=1; return; }
    api_idle
    p=$(run_pgbench "$seconds" "$script" "${defs[@]}") || { failed=1; return; }
    printf 'api %s\npg %s\n' "$w" "$p" >>"$state/rounds"
  done
  local rps p50 p99 errors tps pg_p50 pg_p99 ratio
  rps=$(col api 2) p50=$(col api 3) p99=$(col api 4) tps=$(col pg 2) pg_p50=$(col pg 3) pg_p99=$(col pg 4)
  errors=$(awk '$1 == "api" { e += $5 } END { print e + 0 }' "$state/rounds")
  ratio=$(awk -v a="$rps" -v b="$tps" 'BEGIN { printf "%.2f", a / b }')
  printf '%s %s %s %s %s %s %s %s %s %s %s %s %s\n' "$name" "$rps" "$p50" "$p99" "$errors" "$tps" \
    "$pg_p50" "$pg_p99" "$ratio" "$rows" "$(wc -c <"$state/$name.json")" "$single" "$seconds" \
    >>"$results"
  echo "bench-api: $name: API $(paste -sd' ' <(awk '$1 == "api" { print $2 }' "$state/rounds")) req/s," \
    "pgbench $(paste -sd' ' <(awk '$1 == "pg" { print $2 }' "$state/rounds")) tps" >&2
}

bench energy_latest /api/v1/energy/latest energy_routes.cpp kLatestSql
bench energy_hourly_total /api/v1/energy/hourly-total energy_routes.cpp kHourTotalSql "$hour_start"
bench energy_history_24h "/api/v1/energy/history?from=$history_from&to=$to" energy_routes.cpp \
  kHistorySql "$history_from" "$to"
bench energy_daily_30d "/api/v1/energy/daily-summary?from=$daily_from&to=$daily_to" \
  energy_routes.cpp kDaily "$daily_from" "$daily_to"
bench energy_monthly_12m "/api/v1/energy/monthly-summary?from=$monthly_from&to=$monthly_to" \
  energy_routes.cpp kMonthly "$monthly_from" "$monthly_to"
bench energy_yearly_5y "/api/v1/energy/yearly-summary?from=$yearly_from&to=$yearly_to" \
  energy_routes.cpp kYearly "$yearly_from" "$yearly_to"
bench heatpump_latest /api/v1/heatpump/latest heatpump_routes.cpp kLatestSql
bench heatpump_daily_30d "/api/v1/heatpump/daily-summary?from=$daily_from&to=$daily_to" \
  heatpump_routes.cpp kDailySummarySql "$daily_from" "$daily_to"
bench temperature_latest "/api/v1/temperature/latest?location=indoor" temperature_routes.cpp \
  kLatestSql indoor
bench temperature_all_latest /api/v1/temperature/all-latest temperature_routes.cpp kAllLatestSql
# The API counts the 24 hours back from the request; the statement's bound is taken just before.
bench temperature_history_24h "/api/v1/temperature/history?location=indoor&hours=24" \
  temperature_routes.cpp kHistorySql indoor "$(utc $(($(date -u +%s) - 86400)))"

# ---------------------------------------------------------------------------------------------
# 4. Memory, report.
rss_hwm=$(kb VmHWM)
rss_after=$(kb VmRSS)
api_threads=$(kb Threads)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
yes_no() { if [ "$1" = 1 ]; then echo met; else echo "NOT met"; fi; }
ms() { awk -v v="$1" 'BEGIN { printf "%.2f", v / 1000 }'; }
bool() { if [ "$1" = 1 ]; then echo true; else echo false; fi; }

echo
echo "homelab-api benchmark, started $started ($cores cores; $conns connections, $threads threads;" \
  "medians of $rounds rounds of ${duration} s per tool after ${warmup} s warm-up; API pool $pool, auth none)"
echo "  data: $days days: $energy_rows energy rows (1 Hz, one meter, $data_kwh kWh), $heatpump_rows heat pump rows," \
  "$temperature_rows temperature rows, $db_mb MB; loaded in $load_s s"
echo "  load average before: $load_before, after: $load_after"
printf '  %-24s %9s %8s %8s %9s %8s %8s %6s %8s %5s %7s  %s\n' endpoint "API req/s" "p50 ms" \
  "p99 ms" "pgbench" "p50 ms" "p99 ms" ratio "1-cl ms" rows bytes targets
all_ratio=1 all_p99=1
[ -s "$results" ] || all_ratio=0 all_p99=0
: >"$state/json"
while read -r name rps p50 p99 errors tps pg_p50 pg_p99 ratio rows bytes single seconds; do
  ratio_ok=$(awk -v r="$ratio" 'BEGIN { print (r >= 0.70) ? 1 : 0 }')
  p99_ok=$(awk -v p="$p99" 'BEGIN { print (p < 20000) ? 1 : 0 }')
  [ "$ratio_ok" = 1 ] || all_ratio=0
  [ "$p99_ok" = 1 ] || all_p99=0
  [ "$errors" = 0 ] || failed=1
  printf '  %-24s %9s %8s %8s %9s %8s %8s %6s %8s %5s %7s  ratio %s, p99 %s%s%s\n' "$name" "$rps" \
    "$(ms "$p50")" "$(ms "$p99")" "$tps" "$(ms "$pg_p50")" "$(ms "$pg_p99")" "$ratio" \
    "$(awk -v v="$single" 'BEGIN { printf "%.2f", v }')" "$rows" "$bytes" "$(yes_no "$ratio_ok")" \
    "$(yes_no "$p99_ok")" "$([ "$errors" = 0 ] || echo ", $errors wrk errors")" \
    "$([ "$seconds" = "$duration" ] || echo " (rounds of $seconds s)")"
  {
    printf '{"bench":"api","endpoint":"%s","api_rps":%s,"api_p50_ms":%s,"api_p99_ms":%s,' \
      "$name" "$rps" "$(ms "$p50")" "$(ms "$p99")"
    printf '"api_errors":%s,"pgbench_tps":%s,"pgbench_p50_ms":%s,"pgbench_p99_ms":%s,' \
      "$errors" "$tps" "$(ms "$pg_p50")" "$(ms "$pg_p99")"
    printf '"pgbench_1_client_ms":%s,"round_s":%s,' "$single" "$seconds"
    printf '"ratio":%s,"rows":%s,"bytes":%s,"ratio_met":%s,"p99_met":%s}\n' "$ratio" "$rows" \
      "$bytes" "$(bool "$ratio_ok")" "$(bool "$p99_ok")"
  } >>"$state/json"
done <"$results"
rss_ok=$([ "$rss_hwm" -lt $((32 * 1024)) ] && echo 1 || echo 0)
echo "  homelab-api RSS: idle $(mb "$rss_idle") MB, after the runs $(mb "$rss_after") MB," \
  "peak (VmHWM) $(mb "$rss_hwm") MB; $api_threads threads"
echo "  targets: API/pgbench >= 0.70 $(yes_no "$all_ratio"); p99 < 20 ms $(yes_no "$all_p99");" \
  "RSS < 32 MB $(yes_no "$rss_ok")"
cat "$state/json"
printf '{"bench":"api","summary":true,"started":"%s","cores":%s,"connections":%s,"pool":%s,' \
  "$started" "$cores" "$conns" "$pool"
printf '"rounds":%s,"duration_s":%s,"days":%s,"energy_rows":%s,"heatpump_rows":%s,"temperature_rows":%s,' \
  "$rounds" "$duration" "$days" "$energy_rows" "$heatpump_rows" "$temperature_rows"
printf '"db_mb":%s,"load_s":%s,"refresh_s":%s,"rss_kb":{"idle":%s,"after":%s,"peak":%s},' \
  "$db_mb" "$load_s" "$refresh_s" "$rss_idle" "$rss_after" "$rss_hwm"
printf '"loadavg_before":"%s","loadavg_after":"%s","ratio_met":%s,"p99_met":%s,"rss_met":%s,' \
  "$load_before" "$load_after" "$(bool "$all_ratio")" "$(bool "$all_p99")" "$(bool "$rss_ok")"
printf '"failed":%s}\n' "$(bool "$failed")"
[ "$failed" = 0 ]
