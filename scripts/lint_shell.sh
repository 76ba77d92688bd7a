#!/usr/bin/env bash
# Runs shellcheck on every tracked shell script (git ls-files '*.sh'), so a finding anywhere in the
# tree fails the test run. Usage: scripts/lint_shell.sh [repository root]
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"

command -v shellcheck >/dev/null || { echo "lint_shell: shellcheck is not installed (scripts/deps.sh)" >&2; exit 1; }
mapfile -t scripts < <(git ls-files -z '*.sh' | tr '\0' '\n')
[ ${#scripts[@]} -gt 0 ] || { echo "lint_shell: no tracked *.sh files under $root" >&2; exit 1; }

# -x follows `source` lines to files given on the command line or relative to the script.
shellcheck -x "${scripts[@]}"
echo "lint_shell: ${#scripts[@]} scripts pass shellcheck"
