#!/usr/bin/env bash
# The web image's runtime without Docker: renders /env-config.js with render-env-config.sh and
# runs Debian's nginx on web/docker/nginx.conf (paths moved to a temporary directory, port
# K12N_WEB_TEST_PORT) over a stand-in dist/. Checks the rendered values and their escaping,
# Cache-Control no-store, the SPA fallback and 404s for missing assets.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
port=${K12N_WEB_TEST_PORT:-28201}
work=$(mktemp -d /tmp/k12n-web-serve.XXXXXX)
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
fail() { echo "serve_test: $*" >&2; exit 1; }

mkdir -p "$work/dist/assets" "$work/state"
echo '<!doctype html><title>Heatpump Monitor</title><script src="/env-config.js"></script>' >"$work/dist/index.html"
echo 'console.log("bundle")' >"$work/dist/assets/index-abc123.js"
# nginx's workers drop to an unprivileged user when the test runs as root.
chmod -R a+rX "$work"

API_URL='https://heatpump.example/api' AUTH_MODE=proxy OAUTH_SCOPES='openid "quoted" back\slash
second line' TIME_ZONE='' "$here/render-env-config.sh" "$work/state/env-config.js"
node -e '
  const vm = require("vm"); const fs = require("fs");
  const sandbox = { window: {} };
  vm.runInNewContext(fs.readFileSync(process.argv[1], "utf8"), sandbox);
  const want = { API_URL: "https://heatpump.example/api", AUTH_MODE: "proxy",
                 OAUTH_SCOPES: "openid \"quoted\" back\\slash\nsecond line", TIME_ZONE: "" };
  const got = sandbox.window.ENV;
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    console.error("window.ENV is", got); process.exit(1);
  }' "$work/state/env-config.js" || fail "rendered env-config.js differs"

sed -e "s#/tmp/nginx#$work/state#g" -e "s#/usr/share/k12n/web#$work/dist#g" \
    -e "s#listen 8080;#listen 127.0.0.1:$port;#" "$here/nginx.conf" >"$work/nginx.conf"
nginx -e stderr -c "$work/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break
  kill -0 "$nginx_pid" 2>/dev/null || fail "nginx exited"
  sleep 0.1
done

headers() { curl -fsS -D - -o /dev/null "http://127.0.0.1:$port$1"; }
body() { curl -fsS "http://127.0.0.1:$port$1"; }

headers /env-config.js | grep -qi '^cache-control: no-store' || fail "env-config.js is cacheable"
headers /env-config.js | grep -qi '^content-type: application/javascript' || fail "env-config.js content type"
body /env-config.js | grep -q '"AUTH_MODE": "proxy"' || fail "env-config.js is not the rendered file"
body /dashboard | grep -q 'Heatpump Monitor' || fail "no SPA fallback for /dashboard"
body /settings/ThermIQ_1 | grep -q 'Heatpump Monitor' || fail "no SPA fallback for a nested path"
headers /assets/index-abc123.js | grep -qi '^cache-control: public, max-age=31536000, immutable' ||
  fail "hashed assets are not immutable"
status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/assets/missing.js")
[ "$status" = 404 ] || fail "a missing asset answered $status, not 404"
echo "serve_test: env-config.js, SPA fallback and caching headers as expected"
