#!/usr/bin/env bash
# The backup CronJobs' script against real peers: a private PostgreSQL with both migrated
# databases (deploy/local/stack.sh), a local S3-compatible server (s3rver from the npm registry)
# and Debian's AWS CLI (/usr/bin/aws).
#   1. rows in every table of telemetry and heatpump_settings;
#   2. `pg-backup.sh run` dumps, verifies and uploads each database;
#   3. `pg-backup.sh restore` loads the newest object into a fresh database: the row count of
#      every table equals the source's;
#   4. a failing pg_dump (wrong password, then wrong port) exits non-zero, leaves no spooled file
#      and adds no object to the bucket; `upload` after a failed `dump` uploads nothing either.
# Settings: K12N_BIN_DIR (homelab-migrate), K12N_BACKUP_TEST_PG_PORT (28110),
# K12N_BACKUP_TEST_S3_PORT (28111).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

# Debian's packages first: the test must not depend on another aws or pg_dump on PATH.
export PATH="/usr/bin:/bin:$PATH"
[ "$(command -v aws)" = /usr/bin/aws ] || { echo "backup_test: /usr/bin/aws missing (awscli, scripts/deps.sh)" >&2; exit 1; }

pg_port=${K12N_BACKUP_TEST_PG_PORT:-28110}
s3_port=${K12N_BACKUP_TEST_S3_PORT:-28111}
state=$root/.local/gitops-backup-test
script=$root/gitops/apps/base/backup/pg-backup.sh
s3rver_dir=$here/s3rver
bucket=k12n-backups
started=$(date +%s)

fail() { printf 'backup_test: FAIL: %s\n' "$*" >&2; exit 1; }
note() { printf 'backup_test: %s\n' "$*"; }

[ -x "$s3rver_dir/node_modules/.bin/s3rver" ] || fail "s3rver is not installed: run scripts/deps.sh"

s3_pid=
cleanup() {
  [ -z "$s3_pid" ] || kill "$s3_pid" 2>/dev/null || true
  [ -z "$s3_pid" ] || wait "$s3_pid" 2>/dev/null || true
  K12N_STACK_DIR=$state deploy/local/stack.sh down >/dev/null 2>&1 || true
  K12N_STACK_DIR=$state deploy/local/stack.sh clean >/dev/null 2>&1 || true
  rm -rf "$state"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rm -rf "$state"
mkdir -p "$state/s3" "$state/spool"
K12N_STACK_DIR=$state K12N_PG_PORT=$pg_port K12N_STACK_PARTS="postgres migrate" \
  deploy/local/stack.sh up >"$state/stack.log" 2>&1 || { cat "$state/stack.log"; fail "stack did not start"; }
# shellcheck disable=SC1091
source "$state/stack.env"
admin_password=$(sed -n 's/.*password=\([^ ]*\).*/\1/p' <<<"$K12N_PG_ADMIN_DSN")

node "$s3rver_dir/node_modules/.bin/s3rver" --silent -d "$state/s3" -a 127.0.0.1 -p "$s3_port" \
  --configure-bucket "$bucket" >"$state/s3rver.log" 2>&1 &
s3_pid=$!

export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1
export AWS_CONFIG_FILE=$state/aws-config AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER=
printf '[default]\ns3 =\n  addressing_style = path\n' >"$AWS_CONFIG_FILE"
export S3_ENDPOINT_URL=http://127.0.0.1:$s3_port S3_BUCKET=$bucket S3_PREFIX=k12n/postgres
export BACKUP_DIR=$state/spool
for _ in $(seq 100); do
  aws --endpoint-url "$S3_ENDPOINT_URL" s3api head-bucket --bucket "$bucket" >/dev/null 2>&1 && break
  sleep 0.2
done
aws --endpoint-url "$S3_ENDPOINT_URL" s3api head-bucket --bucket "$bucket" || fail "s3rver did not start"

export PGHOST=127.0.0.1 PGPORT=$pg_port PGUSER=postgres PGPASSWORD=$admin_password
sql() { psql -X -v ON_ERROR_STOP=1 -Atq -d "$1" -c "$2"; }

# 1. Rows in every table (the triggers of plain mode fill the hourly base tables).
sql telemetry "
  INSERT INTO energy_consumption (time, device_serial, active_power_total, active_energy_total)
    SELECT now() - make_interval(mins => i), 'meter-1', 500 + i % 300, 1000000 + i * 10
    FROM generate_series(1, 3000) AS i;
  INSERT INTO temperature_sensors (time, device_id, location, temperature_c, humidity)
    SELECT now() - make_interval(mins => i), 'shelly-1', 'indoor', 21 + (i % 10) / 10.0, 40
    FROM generate_series(1, 700) AS i;
  INSERT INTO heatpump_status (time, device_id, outdoor_temp, compressor_on, runtime_compressor)
    SELECT now() - make_interval(mins => i), 'ThermIQ_1', -3 + i % 7, i % 2 = 0, 1000 + i / 60
    FROM generate_series(1, 1200) AS i;
  -- Stored local days up to tomorrow's, then one late reading each, which the plain-mode
  -- triggers note for the next refresh: every table of 006_daily_base holds rows too.
  SELECT refresh_daily_base(now() + interval '2 days');
  INSERT INTO energy_consumption (time, device_serial, active_power_total, active_energy_total)
    VALUES (now() - interval '1 hour 30 seconds', 'BACKUP-1', 100, 1);
  INSERT INTO heatpump_status (time, device_id, runtime_compressor)
    VALUES (now() - interval '1 hour 30 seconds', 'ThermIQ_1', 1000);"
sql heatpump_settings "
  INSERT INTO settings (device_id, indoor_target_temp, mode) VALUES ('ThermIQ_1', 21.5, 1), ('ThermIQ_2', 20, 0);
  INSERT INTO outbox (aggregate_type, aggregate_id, event_type, payload, status)
    SELECT 'heatpump', 'ThermIQ_1', 'settings_changed', jsonb_build_object('indoor_target_temp', 20 + i % 3), 'confirmed'
    FROM generate_series(1, 40) AS i;
  INSERT INTO device_reports (device_id, reported, received_at) VALUES ('ThermIQ_1', jsonb_build_object('d50', 21.5), now());"

# Exact row count of every table outside the system schemas, one "schema.table count" per line.
row_counts() {
  local db=$1 tables
  tables=$(sql "$db" "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables
                      WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")
  local t
  for t in $tables; do printf '%s %s\n' "$t" "$(sql "$db" "SELECT count(*) FROM $t")"; done
}
# shellcheck disable=SC2016 # a JMESPath literal, not a shell expansion
objects() { aws --endpoint-url "$S3_ENDPOINT_URL" s3api list-objects-v2 --bucket "$bucket" --query 'length(Contents || `[]`)' --output text; }

for db in telemetry heatpump_settings; do
  row_counts "$db" >"$state/$db.before"
  awk '$2 == 0 { bad = 1; print "empty table " $1 > "/dev/stderr" } END { exit bad }' "$state/$db.before" ||
    fail "every table of $db must hold rows before the backup"
done
note "source rows: $(cat "$state"/*.before | awk '{ s += $2 } END { print s }') in $(cat "$state"/*.before | wc -l) tables"

# 2. Backups.
for db in telemetry heatpump_settings; do
  BACKUP_NAME=$db PGDATABASE=$db "$script" run || fail "backup of $db failed"
done
[ "$(objects)" = 2 ] || fail "expected 2 objects after two backups, found $(objects)"
[ -z "$(ls -A "$state/spool")" ] || fail "spool directory not empty after upload: $(ls "$state/spool")"

# 3. Restore into fresh databases and compare.
for db in telemetry heatpump_settings; do
  sql postgres "CREATE DATABASE ${db}_restored"
  key=$(BACKUP_NAME=$db "$script" list | tail -n 1)
  [[ $key == k12n/postgres/$db/$db-*.sql.gz ]] || fail "unexpected object key '$key'"
  BACKUP_NAME=$db PGDATABASE=${db}_restored "$script" restore || fail "restore of $db failed"
  row_counts "${db}_restored" >"$state/$db.after"
  diff -u "$state/$db.before" "$state/$db.after" || fail "row counts of $db differ after restore"
  # Restoring over a database that has tables is refused.
  if BACKUP_NAME=$db PGDATABASE=${db}_restored "$script" restore >/dev/null 2>&1; then
    fail "restore into a non-empty database succeeded"
  fi
done
note "restored row counts identical for telemetry and heatpump_settings"

# 4. A failing pg_dump uploads nothing.
before=$(objects)
if BACKUP_NAME=telemetry PGDATABASE=telemetry PGPASSWORD=wrong "$script" run 2>"$state/wrong-password.log"; then
  fail "backup with a wrong password succeeded"
fi
grep -q 'password authentication failed' "$state/wrong-password.log" ||
  fail "wrong password: pg_dump's error missing: $(cat "$state/wrong-password.log")"
if BACKUP_NAME=telemetry PGDATABASE=telemetry PGPORT=$((pg_port + 50)) "$script" run 2>"$state/wrong-port.log"; then
  fail "backup against a closed port succeeded"
fi
if BACKUP_NAME=telemetry PGDATABASE=telemetry PGPASSWORD=wrong "$script" dump 2>/dev/null; then
  fail "dump with a wrong password succeeded"
fi
if BACKUP_NAME=telemetry "$script" upload 2>"$state/upload.log"; then
  fail "upload after a failed dump succeeded"
fi
grep -q 'expected one dump' "$state/upload.log" || fail "upload after a failed dump: $(cat "$state/upload.log")"
[ "$(objects)" = "$before" ] || fail "a failed backup added objects: $before -> $(objects)"
[ -z "$(ls -A "$state/spool")" ] || fail "a failed dump left files: $(ls "$state/spool")"
note "failing pg_dump: non-zero exit, no object uploaded, nothing spooled"

note "PASS in $(($(date +%s) - started)) s"
