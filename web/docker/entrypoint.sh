#!/bin/sh
# Renders /env-config.js from the environment, then runs nginx in the foreground.
set -eu
mkdir -p /tmp/nginx
/usr/local/bin/render-env-config.sh /tmp/nginx/env-config.js
exec nginx -e stderr -g 'daemon off;'
