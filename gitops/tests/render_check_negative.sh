#!/usr/bin/env bash
# Each check of render_check.sh can fail: the good fixture (fixtures/render/good) passes, and each
# mutation of a fresh copy below breaks one rule and must be rejected with that rule's message.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
good=$here/fixtures/render/good
work=$(mktemp -d /tmp/k12n-render-check.XXXXXX)
trap 'rm -rf "$work"' EXIT

check() {
  /usr/bin/python3 "$here/check_rendered.py" --root "$1" --cluster "$1/cluster" \
    --topics "$1/topics.yaml" --kubectl /usr/bin/kubectl
}

check "$good" >/dev/null || { check "$good"; echo "render_check_negative: FAIL: the good fixture is rejected" >&2; exit 1; }

failures=0 cases=0
# expect_rejected <name> <expected message> <mutation command...> (run inside the copy)
expect_rejected() {
  local name=$1 expected=$2 copy=$work/$1
  shift 2
  cases=$((cases + 1))
  cp -r "$good" "$copy"
  (cd "$copy" && "$@")
  local output status=0
  output=$(check "$copy" 2>&1) || status=$?
  if [ "$status" -eq 0 ]; then
    echo "render_check_negative: FAIL: $name was accepted" >&2
    failures=$((failures + 1))
  elif ! grep -qF -- "$expected" <<<"$output"; then
    echo "render_check_negative: FAIL: $name rejected without '$expected':" >&2
    echo "$output" >&2
    failures=$((failures + 1))
  else
    echo "render_check_negative: $name rejected: $(grep -F -- "$expected" <<<"$output" | head -n 1)"
  fi
}

drop_namespace() { sed -i '/^  namespace: demo$/d' app/deployment.yaml; }
drop_name() { printf -- '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  namespace: flux-system\n' >cluster/unnamed.yaml; }
second_owner() {
  mkdir app-copy
  cp app/deployment.yaml app-copy/
  printf -- '---\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n' \
    >app-copy/kustomization.yaml
  sed -e 's/name: apps$/name: apps-copy/' -e 's#path: ./app$#path: ./app-copy#' cluster/apps.yaml >cluster/apps-copy.yaml
}
same_path() { sed -e 's/name: apps$/name: apps-again/' cluster/apps.yaml >cluster/apps-again.yaml; }
cluster_and_path() { printf -- '---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n' >cluster/namespace.yaml; }
latest_tag() { sed -i 's/main-20260101000000-abcdef0/latest/' app/deployment.yaml; }
no_tag() { sed -i 's/:main-20260101000000-abcdef0//' app/deployment.yaml; }
no_limits() { sed -i '/^            limits:$/,/^              memory: 64Mi$/d' app/deployment.yaml; }
no_init_requests() { sed -i '0,/^              cpu: 10m$/{/^              cpu: 10m$/d}' app/job.yaml; }
no_probe() { sed -i '/^          readinessProbe:$/,$d' app/deployment.yaml; }
plain_secret() {
  printf -- '---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: plain\n  namespace: demo\nstringData:\n  password: x\n' \
    >>app/sealed-secret.yaml
}
unknown_dependency() { sed -i 's/- name: infra$/- name: infrastructure/' cluster/apps.yaml; }
dependency_cycle() { printf '  dependsOn:\n    - name: apps\n' >>cluster/infra.yaml; }
missing_path() { sed -i 's#path: ./infra$#path: ./infra-gone#' cluster/infra.yaml; }
render_failure() { sed -i 's/  - job.yaml/  - job-gone.yaml/' app/kustomization.yaml; }
no_marker() { sed -i 's/ # {"[$]imagepolicy": "flux-system:demo"}//' app/deployment.yaml; }
wrong_marker() { sed -i 's/flux-system:demo"/flux-system:other"/' app/deployment.yaml; }
no_policy() { sed -i 's/kind: ImagePolicy/kind: ImagePolicyList/' infra/image-automation.yaml; }
chart_unpinned() { sed -i 's/version: 1.2.3/version: ">=1.0.0"/' infra/helm-release.yaml; }
chart_no_limits() { sed -i '/^        limits:$/,/^          memory: 64Mi$/d' infra/helm-release.yaml; }
topic_retention() { sed -i 's/retention_ms: 604800000/retention_ms: 86400000/' app/topics.yaml; }
auto_create_on() { sed -i 's/auto_create_topics_enabled: false/auto_create_topics_enabled: true/' app/broker.yaml; }
topic_missing() { printf '  - name: demo-dlq\n    partitions: 1\n    retention_ms: 604800000\n' >>topics.yaml; }

expect_rejected missing-namespace "fields: metadata.namespace is missing" drop_namespace
expect_rejected missing-name "fields: metadata.name is missing" drop_name
expect_rejected two-owners "owners: also rendered by Kustomization" second_owner
expect_rejected path-owned-twice "is already owned by Kustomization apps" same_path
expect_rejected cluster-and-path "owners: also rendered by Kustomization flux-system" cluster_and_path
expect_rejected latest-tag "uses the tag latest" latest_tag
expect_rejected untagged-image "has no tag" no_tag
expect_rejected no-limits "resources: limits.memory is missing" no_limits
expect_rejected job-init-no-requests "init container prepare: resources: requests.cpu is missing" no_init_requests
expect_rejected no-readiness-probe "probes: readinessProbe is missing" no_probe
expect_rejected plain-secret "secrets: plain Secret" plain_secret
expect_rejected unknown-dependency "dependsOn infrastructure names no Kustomization" unknown_dependency
expect_rejected dependency-cycle "flux: dependsOn cycle" dependency_cycle
expect_rejected missing-path "has no kustomization.yaml" missing_path
expect_rejected render-failure "render: kubectl kustomize app failed" render_failure
expect_rejected no-setter-marker "has no \$imagepolicy setter marker" no_marker
expect_rejected wrong-setter-marker "marker names policy other" wrong_marker
expect_rejected no-image-policy "automation: no ImagePolicy demo" no_policy
expect_rejected chart-unpinned "helm: chart version '>=1.0.0' is not pinned" chart_unpinned
expect_rejected chart-no-limits "helm: a resources block in the values lacks requests or limits" chart_no_limits
expect_rejected topic-retention "declared by the Job but not in topics.yaml" topic_retention
expect_rejected auto-create-enabled "no ConfigMap sets auto_create_topics_enabled: false" auto_create_on
expect_rejected topic-missing "is in topics.yaml but not declared by the Job" topic_missing

# yamllint with the repository's configuration rejects a duplicate key and bad indentation.
cases=$((cases + 1))
printf -- '---\nkind: Deployment\nkind: Service\nmetadata:\n   name: x\n' >"$work/bad.yaml"
if /usr/bin/yamllint --strict -c "$root/.yamllint" "$work/bad.yaml" >"$work/yamllint.out" 2>&1; then
  echo "render_check_negative: FAIL: yamllint accepted a duplicate key" >&2
  failures=$((failures + 1))
elif ! grep -q 'key-duplicates' "$work/yamllint.out" || ! grep -q 'indentation' "$work/yamllint.out"; then
  echo "render_check_negative: FAIL: yamllint findings missing:" >&2
  cat "$work/yamllint.out" >&2
  failures=$((failures + 1))
else
  echo "render_check_negative: yamllint rejected a duplicate key and bad indentation"
fi

[ "$failures" -eq 0 ] || { echo "render_check_negative: $failures of $cases cases failed" >&2; exit 1; }
echo "render_check_negative: all $cases cases rejected"
