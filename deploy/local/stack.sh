#!/usr/bin/env bash
# The local stack: PostgreSQL, Mosquitto, the Kafka dev broker and the platform services on
# loopback, with data under $K12N_STACK_DIR.
# Usage: stack.sh up | down | status | stop <name> | clean
#
# Settings (environment):
#   K12N_STACK_DIR   state directory (default .local/dev)
#   K12N_BIN_DIR     where the built binaries are (default build/release/bin)
#   K12N_PG_PORT     PostgreSQL port (default 55432)
#   K12N_MQTT_PORT   Mosquitto port (default 51883)
#   K12N_TIME_ZONE   platform time zone (default Europe/Stockholm)
#   K12N_STACK_PARTS which parts `up` starts (default "postgres migrate mosquitto broker idp
#                    services gateway"). With the part idp (or a running provider) the API
#                    services run in jwt mode against it, otherwise with AUTH_MODE=none.
#   K12N_SERVICE_PORT_BASE first HTTP port of the services (default 51080): homelab-api +0,
#                    mqtt-kafka-bridge +1, telemetry-sink +2, energy-ws +3 (/ws/energy),
#                    device-sim +9; each serves /healthz, /readyz and /metrics.
#                    K12N_API_HTTP_PORT, K12N_BRIDGE_HTTP_PORT, K12N_SINK_HTTP_PORT,
#                    K12N_WS_HTTP_PORT and K12N_DEVICE_SIM_HTTP_PORT override one port.
#   K12N_SETTINGS_HTTP_PORT, K12N_OUTBOX_HTTP_PORT heatpump-settings-api (/api/v1/heatpump/settings,
#                    default base +4) and outbox-processor (health and metrics only, base +5)
#   K12N_GATEWAY_PORT nginx serving web/dist and routing /api, /ws like the ingress (default base +10)
#   K12N_IDP_PORT    the development OpenID Connect provider (deploy/local/idp, default base +11)
#   K12N_KAFKA_TOPICS topic list the dev broker declares (default deploy/kafka-topics.yaml)
#   K12N_SERVICES    which services the "services" part starts
#                    (default "mqtt-kafka-bridge telemetry-sink device-sim homelab-api energy-ws
#                    heatpump-settings-api outbox-processor")
# `up` writes $K12N_STACK_DIR/stack.env with every address and credential; source it to talk to
# the stack. `down` stops exactly the processes `up` started, by process id.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
dir=${K12N_STACK_DIR:-.local/dev}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
bin=${K12N_BIN_DIR:-build/release/bin}
pg_port=${K12N_PG_PORT:-55432}
mqtt_port=${K12N_MQTT_PORT:-51883}
time_zone=${K12N_TIME_ZONE:-Europe/Stockholm}
parts=" ${K12N_STACK_PARTS:-postgres migrate mosquitto broker idp services gateway} "
port_base=${K12N_SERVICE_PORT_BASE:-51080}
api_http_port=${K12N_API_HTTP_PORT:-$port_base}
bridge_http_port=${K12N_BRIDGE_HTTP_PORT:-$((port_base + 1))}
sink_http_port=${K12N_SINK_HTTP_PORT:-$((port_base + 2))}
ws_http_port=${K12N_WS_HTTP_PORT:-$((port_base + 3))}
settings_http_port=${K12N_SETTINGS_HTTP_PORT:-$((port_base + 4))}
outbox_http_port=${K12N_OUTBOX_HTTP_PORT:-$((port_base + 5))}
device_sim_http_port=${K12N_DEVICE_SIM_HTTP_PORT:-$((port_base + 9))}
gateway_port=${K12N_GATEWAY_PORT:-$((port_base + 10))}
idp_port=${K12N_IDP_PORT:-$((port_base + 11))}
gateway_url="http://127.0.0.1:$gateway_port"
idp_issuer="http://127.0.0.1:$idp_port"
# The audience of the provider's access tokens, which the API services accept.
api_audience=heatpump-api
idp_user=homeowner
kafka_topics=${K12N_KAFKA_TOPICS:-deploy/kafka-topics.yaml}
services=" ${K12N_SERVICES:-mqtt-kafka-bridge telemetry-sink device-sim homelab-api energy-ws heatpump-settings-api outbox-processor} "
pg_bin=/usr/lib/postgresql/15/bin
run="$dir/run"
mkdir -p "$run" "$dir/secrets" "$dir/log"

log() { printf 'stack: %s\n' "$*"; }
die() { printf 'stack: %s\n' "$*" >&2; exit 1; }

# A random secret, created once and kept so that restarts keep their credentials.
secret() {
  local file="$dir/secrets/$1"
  [ -s "$file" ] || (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$file")
  cat "$file"
}

# PostgreSQL refuses to run as root; as root it runs as the postgres system user, which must be
# able to reach its data directory. When the checkout's path is closed to that user (a private
# temporary directory), the data lives under /var/tmp instead, linked from the state directory.
as_pg=()
[ "$(id -u)" -ne 0 ] || as_pg=(runuser -u postgres --)
pg_data() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "$dir/pg"
    return
  fi
  if [ ! -e "$dir/pg" ]; then
    if runuser -u postgres -- test -x "$dir"; then
      mkdir -p "$dir/pg"
    else
      local alt
      alt=/var/tmp/k12n-pg-$(printf '%s' "$dir" | sha256sum | cut -c1-12)
      mkdir -p "$alt"
      ln -s "$alt" "$dir/pg"
    fi
    chown postgres: "$(readlink -f "$dir/pg")"
  fi
  readlink -f "$dir/pg"
}

wait_for() {  # wait_for <seconds> <description> <command...>
  local seconds=$1 what=$2
  shift 2
  for _ in $(seq $((seconds * 10))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "$what did not become ready within ${seconds}s (logs in $dir/log)"
}

# Running, and not a zombie (an exited process its re-parent has not collected yet).
running() { [[ $(ps -o stat= -p "$1" 2>/dev/null) =~ ^[^Z] ]]; }
alive() { [ -s "$1" ] && running "$(cat "$1")"; }

start_postgres() {
  local data
  data=$(pg_data)
  if [ ! -s "$data/PG_VERSION" ]; then
    # In /tmp: the postgres user may not be able to enter the state directory.
    local pwfile
    pwfile=$(mktemp /tmp/k12n-pg-init.XXXXXX)
    secret postgres >"$pwfile"
    [ ${#as_pg[@]} -eq 0 ] || chown postgres: "$pwfile"
    "${as_pg[@]}" "$pg_bin/initdb" -D "$data" -U postgres --pwfile="$pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/log/initdb.log"
    rm -f "$pwfile"
  fi
  mkdir -p "$data/socket"
  [ ${#as_pg[@]} -eq 0 ] || chown postgres: "$data/socket"
  if "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "postgresql already running"
  else
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$data" -w -t 60 -l "$data/server.log" start -o \
      "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$data/socket -c fsync=on -c max_connections=200" \
      >/dev/null || { tail -n 20 "$data/server.log"; die "postgresql failed to start"; }
  fi
  export PGPASSWORD
  PGPASSWORD=$(secret postgres)
  wait_for 30 postgresql psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -Atc 'SELECT 1'
}

admin_dsn() { echo "host=127.0.0.1 port=$pg_port user=postgres password=$(secret postgres) dbname=postgres"; }

migrate() {
  local migrate_bin="$bin/homelab-migrate"
  [ -x "$migrate_bin" ] || die "$migrate_bin is missing: build first (make build)"
  local db
  for db in telemetry settings; do
    local name=$db
    [ "$db" = settings ] && name=heatpump_settings
    TELEMETRY_WRITER_PASSWORD=$(secret telemetry_writer) \
      TELEMETRY_READER_PASSWORD=$(secret telemetry_reader) \
      SETTINGS_APP_PASSWORD=$(secret settings_app) \
      "$migrate_bin" up --database-url "$(admin_dsn)" --database "$name" \
      --migrations "db/$db" --create-database --time-zone "$time_zone" \
      >"$dir/log/migrate-$db.log" 2>&1 || { cat "$dir/log/migrate-$db.log"; die "migrations of $db failed"; }
  done
}

# One line per client: user, then the topics it may read and write. ACLs are per user.
mqtt_users() {
  cat <<'USERS'
bridge read saveeye/telemetry
bridge read +/events/rpc
bridge read thermiq_heatpump/data
devices write saveeye/telemetry
devices write +/events/rpc
devices write thermiq_heatpump/data
devices read thermiq_heatpump/write
outbox write thermiq_heatpump/write
admin readwrite #
USERS
}

start_mosquitto() {
  local mq="$dir/mosquitto"
  mkdir -p "$mq/data"
  if alive "$run/mosquitto.pid"; then
    log "mosquitto already running"
    return
  fi
  local passwd="$mq/passwd" acl="$mq/acl"
  : >"$passwd"
  chmod 600 "$passwd"
  : >"$acl"
  local user
  for user in $(mqtt_users | cut -d' ' -f1 | sort -u); do
    mosquitto_passwd -b "$passwd" "$user" "$(secret "mqtt-$user")"
    printf 'user %s\n' "$user" >>"$acl"
    mqtt_users | awk -v u="$user" '$1 == u { print "topic " $2 " " $3 }' >>"$acl"
  done
  cat >"$mq/mosquitto.conf" <<CONF
# Generated by deploy/local/stack.sh
user $(id -un)
pid_file $run/mosquitto.pid
listener $mqtt_port 127.0.0.1
allow_anonymous false
password_file $passwd
acl_file $acl
persistence true
persistence_location $mq/data/
autosave_interval 10
# Messages queued per client while it is away or behind: the contract asks for an hour of device
# traffic (10,000); 100,000 also rides out a bridge restart under the 20,000 messages/s benchmark.
max_queued_messages 100000
# QoS 1 messages sent to one client before its PUBACKs: the bridge acknowledges only after Kafka
# did, so the default of 20 would cap it at 20 messages per Kafka round trip.
max_inflight_messages 1000
log_dest file $dir/log/mosquitto.log
log_type error
log_type warning
log_type notice
CONF
  mosquitto -c "$mq/mosquitto.conf" -d 2>>"$dir/log/mosquitto.log"
  wait_for 15 mosquitto mosquitto_pub -h 127.0.0.1 -p "$mqtt_port" -u admin -P "$(secret mqtt-admin)" \
    -t k12n/ready -m up -q 1
}

start_broker() {
  if alive "$run/kafka-dev-broker.pid"; then
    log "kafka-dev-broker already running"
    return
  fi
  local broker_bin="$bin/kafka-dev-broker"
  [ -x "$broker_bin" ] || die "$broker_bin is missing: build first (make build)"
  rm -f "$dir/kafka-bootstrap"
  setsid "$broker_bin" --topics "$kafka_topics" --bootstrap-file "$dir/kafka-bootstrap" \
    >"$dir/log/kafka-dev-broker.log" 2>&1 </dev/null &
  echo $! >"$run/kafka-dev-broker.pid"
  wait_for 20 kafka-dev-broker test -s "$dir/kafka-bootstrap"
}

write_env() {
  cat >"$dir/stack.env" <<ENV
# Generated by deploy/local/stack.sh; source it to reach the local stack.
export K12N_STACK_DIR='$dir'
export K12N_TIME_ZONE='$time_zone'
export K12N_PG_PORT='$pg_port'
export K12N_PG_ADMIN_DSN='$(admin_dsn)'
export K12N_TELEMETRY_WRITER_DSN='host=127.0.0.1 port=$pg_port user=telemetry_writer password=$(secret telemetry_writer) dbname=telemetry'
export K12N_TELEMETRY_READER_DSN='host=127.0.0.1 port=$pg_port user=telemetry_reader password=$(secret telemetry_reader) dbname=telemetry'
export K12N_SETTINGS_DSN='host=127.0.0.1 port=$pg_port user=settings_app password=$(secret settings_app) dbname=heatpump_settings'
export K12N_MQTT_HOST='127.0.0.1'
export K12N_MQTT_PORT='$mqtt_port'
export K12N_MQTT_URI='tcp://127.0.0.1:$mqtt_port'
export K12N_MQTT_ADMIN_PASSWORD='$(secret mqtt-admin)'
export K12N_MQTT_BRIDGE_PASSWORD='$(secret mqtt-bridge)'
export K12N_MQTT_DEVICES_PASSWORD='$(secret mqtt-devices)'
export K12N_MQTT_OUTBOX_PASSWORD='$(secret mqtt-outbox)'
export K12N_KAFKA_BOOTSTRAP='$(cat "$dir/kafka-bootstrap" 2>/dev/null)'
export K12N_GATEWAY_URL='$gateway_url'
export K12N_IDP_ISSUER='$idp_issuer'
export K12N_IDP_USER='$idp_user'
export K12N_IDP_PASSWORD='$(secret idp-user)'
ENV
  chmod 600 "$dir/stack.env"
}

stop_pidfile() {  # stop_pidfile <name>: SIGTERM, then SIGKILL after 10 s
  local pidfile="$run/$1.pid"
  if alive "$pidfile"; then
    local pid
    pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do
      running "$pid" || break
      sleep 0.1
    done
    if running "$pid"; then
      log "$1 did not stop in 10 s, killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "stopped $1"
  fi
  rm -f "$pidfile"
}

# start_service <name> <binary> <http port> [NAME=value ...]: runs a platform service in its own
# session with stack.env and the given settings in its environment, logs to log/<name>.log and
# waits until its /readyz answers 200. `down` stops the services in reverse start order.
start_service() {
  local name=$1 service_bin=$2 port=$3
  shift 3
  if alive "$run/$name.pid"; then
    log "$name already running"
    return
  fi
  [ -x "$service_bin" ] || die "$service_bin is missing: build first (make build)"
  (
    # shellcheck disable=SC1091
    source "$dir/stack.env"
    export HTTP_ADDRESS=127.0.0.1 HTTP_PORT="$port"
    local setting
    for setting in "$@"; do
      export "${setting?}"
    done
    exec setsid "$service_bin" >"$dir/log/$name.log" 2>&1 </dev/null
  ) &
  echo $! >"$run/$name.pid"
  grep -qx "$name" "$run/services" 2>/dev/null || echo "$name" >>"$run/services"
  wait_for 30 "$name" curl -sf -o /dev/null "http://127.0.0.1:$port/readyz"
}

stop_services() {
  [ -f "$run/services" ] || return 0
  local name
  for name in $(tac "$run/services"); do
    stop_pidfile "$name"
  done
  rm -f "$run/services"
}

# The API services validate the development provider's tokens when it is part of the stack;
# without it (the pipeline tests) they run without authentication on loopback.
auth_settings=()
api_auth() {
  if wants idp || alive "$run/idp.pid"; then
    auth_settings=(AUTH_MODE=jwt AUTH_ISSUER="$idp_issuer" AUTH_JWKS_URL="$idp_issuer/jwks"
      AUTH_AUDIENCES="$api_audience" CORS_ALLOWED_ORIGINS="$gateway_url,http://localhost:5173")
  else
    auth_settings=(AUTH_MODE=none)
  fi
}

start_services() {
  # shellcheck disable=SC1091
  source "$dir/stack.env"
  api_auth
  if [[ $services == *" mqtt-kafka-bridge "* ]]; then
    start_service mqtt-kafka-bridge "$bin/mqtt-kafka-bridge" "$bridge_http_port" \
      MQTT_URI="$K12N_MQTT_URI" MQTT_USERNAME=bridge MQTT_PASSWORD_FILE="$dir/secrets/mqtt-bridge" \
      KAFKA_BOOTSTRAP_SERVERS="$K12N_KAFKA_BOOTSTRAP" TIME_ZONE="$K12N_TIME_ZONE"
  fi
  # Kafka -> the telemetry database; ready once both are reachable.
  if [[ $services == *" telemetry-sink "* ]]; then
    start_service telemetry-sink "$bin/telemetry-sink" "$sink_http_port" \
      DATABASE_URL="$K12N_TELEMETRY_WRITER_DSN" KAFKA_BOOTSTRAP_SERVERS="$K12N_KAFKA_BOOTSTRAP"
  fi
  # Simulated devices feeding live data; ready once connected to Mosquitto.
  if [[ $services == *" device-sim "* ]]; then
    start_service device-sim "$bin/device-sim" "$device_sim_http_port" \
      MQTT_URI="$K12N_MQTT_URI" MQTT_USERNAME=devices MQTT_PASSWORD_FILE="$dir/secrets/mqtt-devices" \
      TIME_ZONE="$K12N_TIME_ZONE"
  fi
  # The read-only REST API (authentication: api_auth).
  if [[ $services == *" homelab-api "* ]]; then
    start_service homelab-api "$bin/homelab-api" "$api_http_port" \
      DATABASE_URL="$K12N_TELEMETRY_READER_DSN" TIME_ZONE="$K12N_TIME_ZONE" "${auth_settings[@]}"
  fi
  # Live readings over WebSocket (ws://127.0.0.1:$ws_http_port/ws/energy); ready once its
  # partitions are assigned.
  if [[ $services == *" energy-ws "* ]]; then
    start_service energy-ws "$bin/energy-ws" "$ws_http_port" \
      KAFKA_BROKERS="$K12N_KAFKA_BOOTSTRAP" "${auth_settings[@]}"
  fi
  # Heat pump settings: the API and the outbox processor that publishes its changes to the heat
  # pump as the MQTT user outbox.
  if [[ $services == *" heatpump-settings-api "* ]]; then
    start_service heatpump-settings-api "$bin/heatpump-settings-api" "$settings_http_port" \
      DATABASE_URL="$K12N_SETTINGS_DSN" KAFKA_BROKERS="$K12N_KAFKA_BOOTSTRAP" "${auth_settings[@]}"
  fi
  if [[ $services == *" outbox-processor "* ]]; then
    start_service outbox-processor "$bin/outbox-processor" "$outbox_http_port" \
      DATABASE_URL="$K12N_SETTINGS_DSN" KAFKA_BROKERS="$K12N_KAFKA_BOOTSTRAP" \
      MQTT_URL="$K12N_MQTT_URI" MQTT_USERNAME=outbox MQTT_PASSWORD_FILE="$dir/secrets/mqtt-outbox"
  fi
}

wants() { [[ $parts == *" $1 "* ]]; }

# The development OpenID Connect provider (deploy/local/idp): one public client for the web app,
# the test user $idp_user, RS256 JWT access tokens for the APIs; its key stays in secrets/.
start_idp() {
  if alive "$run/idp.pid"; then
    log "idp already running"
    return
  fi
  [ -d deploy/local/idp/node_modules/oidc-provider ] ||
    die "deploy/local/idp/node_modules is missing: run scripts/deps.sh (make deps)"
  secret idp-user >/dev/null
  (
    export IDP_ISSUER="$idp_issuer" IDP_PORT="$idp_port" IDP_KEYS_FILE="$dir/secrets/idp-jwks.json" \
      IDP_AUDIENCE="$api_audience" IDP_USER="$idp_user" IDP_PASSWORD_FILE="$dir/secrets/idp-user" \
      IDP_APP_ORIGINS="$gateway_url,http://localhost:5173"
    exec setsid node deploy/local/idp/server.js >"$dir/log/idp.log" 2>&1 </dev/null
  ) &
  echo $! >"$run/idp.pid"
  wait_for 30 idp curl -sf -o /dev/null "$idp_issuer/.well-known/openid-configuration"
}

# nginx as the ingress: web/dist with the SPA fallback, /env-config.js rendered here, /api to
# homelab-api, /api/v1/heatpump/settings to the settings API and /ws to energy-ws. Everything it
# writes stays under $dir/gateway, so it runs as any user.
start_gateway() {
  if alive "$run/gateway.pid"; then
    log "gateway already running"
    return
  fi
  # Rebuild when the app's sources changed since the last build, so `make up` never serves a
  # stale app.
  if [ ! -s web/dist/index.html ] || [ -n "$(find web/src web/public web/index.html web/vite.config.ts \
      web/package-lock.json -newer web/dist/index.html -print -quit)" ]; then
    log "building the web app (web/dist)"
    (cd web && npm run build) >"$dir/log/web-build.log" 2>&1 ||
      { tail -n 20 "$dir/log/web-build.log"; die "web build failed"; }
  fi
  local gw="$dir/gateway"
  mkdir -p "$gw/tmp" "$gw/public"
  cat >"$gw/public/env-config.js" <<JS
// Generated by deploy/local/stack.sh
window.ENV = {
  AUTH_MODE: "$(if wants idp || alive "$run/idp.pid"; then echo oidc; else echo none; fi)",
  OIDC_ISSUER_URL: "$idp_issuer",
  OAUTH_CLIENT_ID: "heatpump-web",
  TIME_ZONE: "$time_zone"
};
JS
  local as_user=""
  [ "$(id -u)" -ne 0 ] || as_user="user root;"
  cat >"$gw/nginx.conf" <<CONF
# Generated by deploy/local/stack.sh
$as_user
worker_processes 1;
daemon off;
pid $gw/nginx.pid;
error_log $dir/log/gateway-error.log warn;
events { worker_connections 512; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  # \$uri, not the request line: the WebSocket's token travels in the query string.
  log_format gateway '\$remote_addr [\$time_local] "\$request_method \$uri" \$status \$body_bytes_sent \$request_time';
  access_log $dir/log/gateway-access.log gateway;
  client_body_temp_path $gw/tmp/body;
  proxy_temp_path $gw/tmp/proxy;
  fastcgi_temp_path $gw/tmp/fastcgi;
  uwsgi_temp_path $gw/tmp/uwsgi;
  scgi_temp_path $gw/tmp/scgi;
  gzip on;
  gzip_types application/javascript text/css application/json image/svg+xml;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  server {
    listen 127.0.0.1:$gateway_port;
    root $root/web/dist;
    proxy_http_version 1.1;
    proxy_set_header Host \$host;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme;
    location = /env-config.js {
      root $gw/public;
      add_header Cache-Control "no-store";
    }
    location /api/v1/heatpump/settings { proxy_pass http://127.0.0.1:$settings_http_port; }
    location /api/ { proxy_pass http://127.0.0.1:$api_http_port; }
    location /ws/ {
      proxy_pass http://127.0.0.1:$ws_http_port;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_read_timeout 1h;
    }
    location /assets/ { add_header Cache-Control "public, max-age=31536000, immutable"; }
    location / {
      try_files \$uri /index.html;
      add_header Cache-Control "no-cache";
    }
  }
}
CONF
  (exec setsid nginx -p "$gw" -e "$dir/log/gateway-error.log" -c "$gw/nginx.conf" \
    >"$dir/log/gateway.log" 2>&1 </dev/null) &
  echo $! >"$run/gateway.pid"
  wait_for 15 gateway curl -sf -o /dev/null "$gateway_url/env-config.js"
}

up() {
  if wants postgres; then start_postgres; fi
  if wants migrate; then migrate; fi
  if wants mosquitto; then start_mosquitto; fi
  if wants broker; then start_broker; fi
  write_env
  if wants idp; then start_idp; fi
  if wants services; then start_services; fi
  if wants gateway; then start_gateway; fi
  status
}

down() {
  stop_pidfile gateway
  stop_services
  stop_pidfile idp
  stop_pidfile kafka-dev-broker
  stop_pidfile mosquitto
  stop_postgres
}

stop_postgres() {
  [ -e "$dir/pg" ] || return 0
  local data
  data=$(pg_data)
  if "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
    log "stopped postgresql"
  fi
}

# Stops one process of the stack (for fault tests and restarts); `up` starts it again.
stop_one() {
  case ${1:-} in
    postgres) stop_postgres ;;
    mosquitto | kafka-dev-broker | idp | gateway | mqtt-kafka-bridge | telemetry-sink | device-sim | homelab-api | energy-ws | heatpump-settings-api | outbox-processor) stop_pidfile "$1" ;;
    *) die "usage: stack.sh stop postgres|mosquitto|kafka-dev-broker|idp|gateway|<service>" ;;
  esac
}

status() {
  local pg=down mq=down kb=down
  [ -e "$dir/pg" ] && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$(pg_data)" status >/dev/null 2>&1 && pg=up
  alive "$run/mosquitto.pid" && mq=up
  alive "$run/kafka-dev-broker.pid" && kb=up
  log "postgresql       $pg  127.0.0.1:$pg_port (databases telemetry, heatpump_settings)"
  log "mosquitto        $mq  127.0.0.1:$mqtt_port"
  log "kafka-dev-broker $kb  $(cat "$dir/kafka-bootstrap" 2>/dev/null || echo '-')"
  local name state
  [ ! -f "$run/services" ] || while read -r name; do
    state=down
    alive "$run/$name.pid" && state=up
    log "$(printf '%-16s %s' "$name" "$state")  log/$name.log"
  done <"$run/services"
  if alive "$run/idp.pid"; then
    log "idp              up  $idp_issuer  log/idp.log"
  fi
  log "credentials      $dir/stack.env"
  if alive "$run/gateway.pid"; then
    log "gateway          up  log/gateway-error.log"
    log ""
    log "open $gateway_url/"
    if alive "$run/idp.pid"; then
      log "sign in as $idp_user, password $(secret idp-user)"
    fi
  fi
}

# Removes the state directory, including a PostgreSQL data directory kept under /var/tmp.
clean() {
  down
  [ -L "$dir/pg" ] && rm -rf "$(readlink -f "$dir/pg")"
  rm -rf "$dir"
}

case ${1:-} in
  up) up ;;
  down) down ;;
  status) status ;;
  stop) stop_one "${2:-}" ;;
  clean) clean ;;
  *) die "usage: stack.sh up|down|status|stop <name>|clean" ;;
esac
