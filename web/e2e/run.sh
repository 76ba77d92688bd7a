#!/usr/bin/env bash
# End-to-end test of heatpump-web: starts a full private stack (PostgreSQL, Mosquitto, broker,
# development OIDC provider, every service with device-sim, nginx gateway serving web/dist),
# loads history fixtures into the telemetry database, drives Debian's Chromium through
# e2e/dashboard.mjs and always stops the stack again.
# Settings: K12N_BIN_DIR (built services), E2E_OUTPUT_DIR (screenshots), and the ports below.
set -euo pipefail
web=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$web/.." && pwd)
stack="$root/deploy/local/stack.sh"

export K12N_STACK_DIR=${E2E_STACK_DIR:-$root/.local/e2e-web}
export K12N_BIN_DIR=${K12N_BIN_DIR:-$root/build/release/bin}
export K12N_PG_PORT=${E2E_PG_PORT:-27532}
export K12N_MQTT_PORT=${E2E_MQTT_PORT:-23983}
export K12N_SERVICE_PORT_BASE=${E2E_SERVICE_PORT_BASE:-23180}
export K12N_GATEWAY_PORT=${E2E_GATEWAY_PORT:-23190}
export K12N_IDP_PORT=${E2E_IDP_PORT:-23191}
export K12N_STACK_PARTS="postgres migrate mosquitto broker idp services gateway"
unset K12N_SERVICES
# device-sim's Shelly sensor reports at its first wake-up; wake soon so the indoor chart fills.
export SHELLY_WAKE_INTERVAL=2
export E2E_OUTPUT_DIR=${E2E_OUTPUT_DIR:-$web/test-results}

# On failure the services' logs are shown before `clean` removes them.
cleanup() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -d "$K12N_STACK_DIR/log" ]; then
    for log in "$K12N_STACK_DIR"/log/*.log; do
      echo "--- $log (last 15 lines)"
      tail -n 15 "$log"
    done >&2
  fi
  "$stack" clean >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM
cleanup

[ -s "$web/dist/index.html" ] || (cd "$web" && npm run build)
"$stack" up >/dev/null
# shellcheck disable=SC1091
source "$K12N_STACK_DIR/stack.env"
psql "$K12N_PG_ADMIN_DSN dbname=telemetry" -q -v ON_ERROR_STOP=1 -f "$web/e2e/fixtures.sql"
# The indoor chart refetches every 5 minutes: start once the sensor's first report is stored.
for _ in $(seq 60); do
  [ "$(psql "$K12N_PG_ADMIN_DSN dbname=telemetry" -Atc 'SELECT count(*) FROM temperature_sensors')" -gt 0 ] && break
  sleep 0.5
done

node "$web/e2e/dashboard.mjs"
