#!/usr/bin/env bash
# Installs every Debian package in scripts/packages.txt that is missing. Idempotent: when
# everything is present it only asks dpkg and returns within a second.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

mapfile -t wanted < <(grep -v -e '^#' -e '^[[:space:]]*$' "$here/packages.txt")
missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$pkg")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/k12n-apt.log 2>&1; then
    "${sudo[@]}" apt-get update -q >/tmp/k12n-apt.log 2>&1
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >>/tmp/k12n-apt.log 2>&1 ||
      { tail -n 30 /tmp/k12n-apt.log; echo "deps: apt-get install failed" >&2; exit 1; }
  fi
fi

# The packaged mosquitto and nginx services are not used: the local stack runs its own.
for unit in mosquitto nginx; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$unit" 2>/dev/null; then
    systemctl stop "$unit" || true
  fi
done

# npm is not in packages.txt: a NodeSource nodejs bundles its own and conflicts with Debian's npm
# package, which Debian's nodejs needs.
if ! command -v npm >/dev/null 2>&1; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
  echo "deps: installing npm"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends npm >>/tmp/k12n-apt.log 2>&1 ||
    { tail -n 30 /tmp/k12n-apt.log; echo "deps: apt-get install npm failed" >&2; exit 1; }
fi

# npm packages of the web app and of the local stack's identity provider.
for npm_dir in "$here/../web" "$here/../deploy/local/idp"; do
  if [ -f "$npm_dir/package.json" ]; then
    if [ ! -d "$npm_dir/node_modules" ] || [ "$npm_dir/package-lock.json" -nt "$npm_dir/node_modules" ]; then
      (cd "$npm_dir" && npm ci --no-audit --no-fund)
    fi
  fi
done

# The local S3-compatible server of the backup test (gitops/tests/backup_test.sh).
s3rver="$here/../gitops/tests/s3rver"
if [ ! -d "$s3rver/node_modules" ] || [ "$s3rver/package-lock.json" -nt "$s3rver/node_modules" ]; then
  (cd "$s3rver" && npm ci --no-audit --no-fund --silent)
fi
