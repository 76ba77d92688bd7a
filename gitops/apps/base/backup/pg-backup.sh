#!/usr/bin/env bash
# Backs up one PostgreSQL database to S3 and restores it again.
#
#   pg-backup.sh dump      pg_dump | gzip into $BACKUP_DIR, then verify the file
#   pg-backup.sh upload    upload the verified dump from $BACKUP_DIR, then verify the object
#   pg-backup.sh run       dump, then upload (one process; what the local test runs)
#   pg-backup.sh restore [KEY]   download KEY (default: the newest backup of $BACKUP_NAME) and
#                        load it into $PGDATABASE, which must exist and be empty
#   pg-backup.sh list    the backups of $BACKUP_NAME, oldest first
#
# The CronJob runs `dump` in an init container (PostgreSQL client image) and `upload` in the
# main container (AWS CLI image): a failed dump fails the Job before anything is uploaded.
#
# Environment:
#   PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE  the database (libpq variables)
#   BACKUP_NAME      object name prefix, e.g. telemetry (required)
#   BACKUP_DIR       spool directory (default /backup)
#   S3_BUCKET        bucket (required for upload, restore, list)
#   S3_PREFIX        key prefix (default k12n/postgres)
#   S3_ENDPOINT_URL  S3-compatible endpoint (optional; AWS when empty)
#   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION   credentials for the AWS CLI
set -euo pipefail

die() { printf 'pg-backup: %s\n' "$*" >&2; exit 1; }
log() { printf 'pg-backup: %s\n' "$*"; }

: "${BACKUP_NAME:?BACKUP_NAME is required}"
backup_dir=${BACKUP_DIR:-/backup}
# A partial dump or a downloaded backup, removed however the script ends.
scratch=
trap 'rm -f "${scratch:-}"' EXIT
prefix=${S3_PREFIX:-k12n/postgres}

aws_s3() {
  local endpoint=()
  [ -z "${S3_ENDPOINT_URL:-}" ] || endpoint=(--endpoint-url "$S3_ENDPOINT_URL")
  aws "${endpoint[@]}" "$@"
}

# A plain dump ends with this line; a truncated one does not.
dump_complete() { gzip -dc "$1" | tail -n 20 | grep -q -- '-- PostgreSQL database dump complete'; }

dump() {
  mkdir -p "$backup_dir"
  local file partial
  file="$backup_dir/$BACKUP_NAME-$(date -u +%Y%m%dT%H%M%SZ).sql.gz"
  partial="$file.partial"
  scratch=$partial
  # pipefail: a failing pg_dump fails this line even though gzip succeeded.
  pg_dump --format=plain --no-password | gzip -6 >"$partial"
  gzip -t "$partial" || die "gzip integrity check failed for $partial"
  dump_complete "$partial" || die "dump of $PGDATABASE is incomplete"
  mv "$partial" "$file"
  scratch=
  log "dumped ${PGDATABASE:-?} to $file ($(stat -c %s "$file") bytes)"
}

# The one verified dump the `dump` step left behind.
spooled_dump() {
  local files=()
  shopt -s nullglob
  files=("$backup_dir/$BACKUP_NAME"-*.sql.gz)
  shopt -u nullglob
  [ ${#files[@]} -eq 1 ] || die "expected one dump in $backup_dir, found ${#files[@]}"
  printf '%s\n' "${files[0]}"
}

upload() {
  : "${S3_BUCKET:?S3_BUCKET is required}"
  local file key size remote
  # Only a verified dump gets its final name (dump), so the AWS CLI image needs no gzip.
  file=$(spooled_dump)
  key="$prefix/$BACKUP_NAME/$(basename "$file")"
  aws_s3 s3 cp --only-show-errors "$file" "s3://$S3_BUCKET/$key"
  # Verify: the object exists with the size that was sent.
  size=$(stat -c %s "$file")
  remote=$(aws_s3 s3api head-object --bucket "$S3_BUCKET" --key "$key" --query ContentLength --output text)
  [ "$remote" = "$size" ] || die "uploaded object s3://$S3_BUCKET/$key has $remote bytes, expected $size"
  rm -f "$file"
  log "uploaded s3://$S3_BUCKET/$key ($size bytes, verified)"
}

list() {
  : "${S3_BUCKET:?S3_BUCKET is required}"
  aws_s3 s3api list-objects-v2 --bucket "$S3_BUCKET" --prefix "$prefix/$BACKUP_NAME/" \
    --query 'Contents[].Key' --output text | tr '\t' '\n' | grep -v -e '^None$' -e '^$' | sort || true
}

restore() {
  : "${S3_BUCKET:?S3_BUCKET is required}"
  local key=${1:-} file
  [ -n "$key" ] || key=$(list | tail -n 1)
  [ -n "$key" ] || die "no backup of $BACKUP_NAME in s3://$S3_BUCKET/$prefix/"
  mkdir -p "$backup_dir"
  file="$backup_dir/restore-$(basename "$key")"
  scratch=$file
  aws_s3 s3 cp --only-show-errors "s3://$S3_BUCKET/$key" "$file"
  gzip -t "$file" || die "$key is not a valid gzip file"
  dump_complete "$file" || die "$key is incomplete"
  local tables
  tables=$(psql --no-password -Atc "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
  [ "$tables" = 0 ] || die "$PGDATABASE is not empty ($tables tables): restore into a new database"
  # TimescaleDB dumps restore between timescaledb_pre_restore() and timescaledb_post_restore().
  local timescale=0
  if gzip -dc "$file" | grep -q -m1 '^CREATE EXTENSION IF NOT EXISTS timescaledb '; then
    timescale=1
    psql --no-password -v ON_ERROR_STOP=1 -qc 'CREATE EXTENSION IF NOT EXISTS timescaledb' \
      -c 'SELECT timescaledb_pre_restore()' >/dev/null
  fi
  gzip -dc "$file" | psql --no-password -v ON_ERROR_STOP=1 -q >/dev/null
  [ "$timescale" = 0 ] || psql --no-password -v ON_ERROR_STOP=1 -qc 'SELECT timescaledb_post_restore()' >/dev/null
  log "restored $key into $PGDATABASE"
}

case ${1:-} in
  dump) dump ;;
  upload) upload ;;
  # Not `dump && upload`: errexit does not apply inside a function that runs as part of `&&`.
  run)
    dump
    upload
    ;;
  restore) restore "${2:-}" ;;
  list) list ;;
  *) die "usage: pg-backup.sh dump|upload|run|restore [KEY]|list" ;;
esac
