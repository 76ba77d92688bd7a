#!/bin/sh
# Writes window.ENV for the SPA from the environment (contracts/web.md section 1): each key that
# is set becomes a JSON string; unset keys are left out so the app applies its defaults.
# Usage: render-env-config.sh <output file>
set -eu
out=${1:?usage: render-env-config.sh <output file>}

# A JSON string literal: backslash, quote and control characters escaped.
json_string() {
  printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' -e 's/\r/\\r/g' |
    sed -e ':a' -e 'N' -e '$!ba' -e 's/\n/\\n/g' | { printf '"'; cat; printf '"'; }
}

keys="API_URL WS_URL AUTH_MODE OIDC_ISSUER_URL AUTHENTIK_URL OAUTH_CLIENT_ID OAUTH_REDIRECT_URI OAUTH_SCOPES TIME_ZONE"
tmp="$out.tmp"
{
  printf 'window.ENV = {'
  separator=''
  for key in $keys; do
    value=$(printenv "$key") || continue
    printf '%s\n  "%s": %s' "$separator" "$key" "$(json_string "$value")"
    separator=','
  done
  printf '\n};\n'
} >"$tmp"
mv "$tmp" "$out"
