#!/usr/bin/env bash
# Offline checks of the GitOps tree (make test): renders every path of the Flux Kustomizations in
# gitops/clusters/homelab with `kubectl kustomize` and checks the objects (check_rendered.py:
# Flux paths and dependencies, required fields, one owner per object, no plain Secret, tagged
# images with setter markers, requests/limits/probes, the topic Job against
# deploy/kafka-topics.yaml), then runs yamllint on gitops/ with the repository's .yamllint.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

for tool in /usr/bin/kubectl /usr/bin/yamllint; do
  [ -x "$tool" ] || { echo "render_check: $tool is missing (scripts/deps.sh)" >&2; exit 1; }
done

/usr/bin/python3 "$here/check_rendered.py" --root "$root" --cluster gitops/clusters/homelab \
  --topics deploy/kafka-topics.yaml --kubectl /usr/bin/kubectl
/usr/bin/yamllint --strict -c .yamllint gitops/
echo "render_check: yamllint gitops/: ok"
