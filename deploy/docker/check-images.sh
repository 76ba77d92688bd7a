#!/usr/bin/env bash
# Static checks of the image Dockerfiles (Docker itself need not be installed):
#  - each service's runtime stage is bookworm-slim, runs as 10001, ships /usr/local/bin/<name>;
#  - its runtime packages are exactly the Debian packages of the libraries the built binary
#    links (readelf NEEDED -> path -> dpkg -S), plus ca-certificates/tzdata where listed;
#  - deploy/docker/build-packages.txt is a subset of scripts/packages.txt;
#  - the files the build stage copies are enough to configure the project and define the target.
# Usage: deploy/docker/check-images.sh <directory with the built service binaries>
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin_dir=${1:?usage: check-images.sh <bin dir>}
services=(homelab-api energy-ws heatpump-settings-api outbox-processor mqtt-kafka-bridge
          telemetry-sink homelab-migrate)
failures=0
fail() { echo "check-images: $*" >&2; failures=$((failures + 1)); }

# Instructions with continuation lines joined and comments dropped, one per line.
instructions() {
  sed -e '/^[[:space:]]*#/d' "$1" | sed -e ':a' -e '/\\$/N; s/\\\n/ /; ta' | sed -e '/^[[:space:]]*$/d'
}
# The instructions of the last stage.
runtime_stage() { instructions "$1" | awk '/^FROM /{stage=""} {stage=stage $0 "\n"} END{printf "%s", stage}'; }
# The packages of the apt-get install in the given instructions.
installed_packages() {
  grep -o 'apt-get install [^&]*' | tr ' ' '\n' | grep -v -e '^-' -e '^apt-get$' -e '^install$' -e '^$' | sort -u
}
# Debian packages of the libraries a binary links directly (libc6 and libgcc-s1 are in every image).
linked_packages() {
  local binary=$1 lib path
  for lib in $(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    path=$(ldd "$binary" | awk -v lib="$lib" '$1 == lib { print $3 }')
    [ -n "$path" ] || { fail "$binary: $lib not found by ldd"; continue; }
    dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null ||
      dpkg -S "/usr$path" 2>/dev/null || fail "$binary: no Debian package owns $path"
  done | cut -d: -f1 | sort -u | grep -v -x -e libc6 -e libgcc-s1
}

for name in "${services[@]}"; do
  dockerfile="$root/applications/$name/Dockerfile"
  [ -f "$dockerfile" ] || { fail "applications/$name/Dockerfile is missing"; continue; }
  runtime=$(runtime_stage "$dockerfile")
  grep -q '^FROM debian:bookworm-slim' <<<"$runtime" || fail "$name: runtime stage is not debian:bookworm-slim"
  grep -q '^USER 10001' <<<"$runtime" || fail "$name: runtime stage does not run as 10001"
  grep -q "^COPY --from=build .*/bin/$name /usr/local/bin/$name\$" <<<"$runtime" ||
    fail "$name: runtime stage does not install /usr/local/bin/$name"
  grep -q "^ENTRYPOINT \[\"/usr/local/bin/$name\"\]" <<<"$runtime" || fail "$name: ENTRYPOINT is not the binary"
  instructions "$dockerfile" | grep -q -- "--target $name\$" || fail "$name: build stage does not build only --target $name"

  binary="$bin_dir/$name"
  [ -x "$binary" ] || { fail "$binary is not built"; continue; }
  declared=$(installed_packages <<<"$runtime")
  needed=$(linked_packages "$binary")
  missing=$(comm -13 <(grep -v -x -e ca-certificates -e tzdata <<<"$declared") <(echo "$needed"))
  extra=$(comm -23 <(grep -v -x -e ca-certificates -e tzdata <<<"$declared") <(echo "$needed"))
  [ -z "$missing" ] || fail "$name: the runtime stage lacks $(echo "$missing" | tr '\n' ' ')(linked by the binary)"
  [ -z "$extra" ] || fail "$name: the runtime stage installs $(echo "$extra" | tr '\n' ' ')which the binary does not link"
done

# The build packages are the project's own.
build_list="$root/deploy/docker/build-packages.txt"
unknown=$(comm -23 <(grep -v -e '^#' -e '^[[:space:]]*$' "$build_list" | sort -u) \
                   <(grep -v -e '^#' -e '^[[:space:]]*$' "$root/scripts/packages.txt" | sort -u))
[ -z "$unknown" ] || fail "build-packages.txt lists packages scripts/packages.txt does not: $unknown"

# The build stage's copies, replayed into an empty directory, configure and define each target.
context=$(mktemp -d /tmp/k12n-image-context.XXXXXX)
trap 'rm -rf "$context"' EXIT
copies=$(instructions "$root/applications/homelab-api/Dockerfile" |
  awk '/^FROM .* AS build$/{build=1; next} /^FROM /{build=0} build && /^COPY / && !/--from/')
while read -r _ sources; do
  read -r -a parts <<<"$sources"
  dest=${parts[${#parts[@]}-1]}
  unset 'parts[${#parts[@]}-1]'
  for source in "${parts[@]}"; do
    case $dest in
      ./) target="$context/$source" ;;
      */) target="$context/$dest$(basename "$source")" ;;
      *) target="$context/$dest" ;;
    esac
    mkdir -p "$(dirname "$target")"
    cp -r "$root/$source" "$target"
  done
done <<<"$copies"
rm -rf "$context/build"
if ! (cd "$context" && cmake --preset release >"$context/configure.log" 2>&1); then
  tail -n 20 "$context/configure.log" >&2
  fail "the build stage's files do not configure the project"
else
  targets=$(ninja -C "$context/build/release" -t targets all 2>/dev/null | cut -d: -f1)
  for name in "${services[@]}"; do
    grep -q -x "$name" <<<"$targets" || fail "the build stage's files do not define target $name"
  done
fi

[ "$failures" -eq 0 ] || { echo "check-images: $failures problem(s)" >&2; exit 1; }
echo "check-images: ${#services[@]} service images match their binaries and build context"
