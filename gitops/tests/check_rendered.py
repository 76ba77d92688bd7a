#!/usr/bin/python3
"""Offline checks of a Flux cluster directory and everything it deploys.

Reads the Flux Kustomizations of --cluster, renders each one's spec.path (relative to --root)
with `kubectl kustomize`, and checks the rendered objects:

  flux        every path exists, no path has two owners, every dependsOn names a Kustomization,
              the dependencies have no cycle
  render      `kubectl kustomize` succeeds for every path
  fields      apiVersion, kind, metadata.name; metadata.namespace on namespaced kinds
  owners      no kind/namespace/name is rendered twice (by one or by two Kustomizations)
  secrets     no kind Secret: secrets come as SealedSecrets
  images      every container image has an explicit tag or digest, never `latest`
  resources   every container and init container requests cpu and memory and limits memory
  probes      every container of a long-running workload has liveness and readiness probes
  helm        every HelmRelease pins its chart version and sets resources (requests and
              limits) in its values: Helm renders those pods in the cluster, not here
  automation  every image under --image-prefix has an ImagePolicy and ImageRepository, and the
              line that sets it in the sources carries the matching setter marker
  topics      (--topics FILE) the topic Job's ConfigMap (label k12n.com/kafka-topics) declares
              exactly the topics of FILE, and a rendered ConfigMap file sets
              auto_create_topics_enabled: false (the broker's bootstrap configuration)

Prints one line per finding and exits 1 when there is any.
"""

import argparse
import os
import pathlib
import re
import subprocess
import sys

import yaml

CLUSTER_SCOPED = {
    "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "ClusterIssuer",
    "StorageClass", "PersistentVolume", "PriorityClass", "IngressClass", "APIService",
    "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "Node",
}
LONG_RUNNING = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod"}
FLUX_KUSTOMIZATION = "kustomize.toolkit.fluxcd.io/"
MARKER = re.compile(r'image:\s*(\S+)\s*#\s*\{"\$imagepolicy":\s*"flux-system:([^"]+)"\}')
IMAGE_LINE = re.compile(r'^\s*(?:-\s*)?image:\s*(\S+)')


class Findings:
    def __init__(self):
        self.lines = []

    def add(self, where, message):
        self.lines.append(f"{where}: {message}")


def load_documents(text, source):
    try:
        return [d for d in yaml.safe_load_all(text) if d is not None]
    except yaml.YAMLError as error:
        raise SystemExit(f"check_rendered: {source}: invalid YAML: {error}")


def flux_kustomizations(cluster, findings):
    result = []
    for path in sorted(cluster.glob("*.yaml")):
        for doc in load_documents(path.read_text(), path):
            if doc.get("kind") == "Kustomization" and str(doc.get("apiVersion", "")).startswith(FLUX_KUSTOMIZATION):
                result.append((path, doc))
    if not result:
        findings.add(str(cluster), "flux: no Flux Kustomization found")
    return result


def check_flux(root, kustomizations, findings):
    names = {(doc.get("metadata") or {}).get("name"): doc for _, doc in kustomizations}
    owners = {}
    for source, doc in kustomizations:
        name = (doc.get("metadata") or {}).get("name")
        spec = doc.get("spec") or {}
        path = str(spec.get("path", "")).removeprefix("./")
        where = f"{source.name}: Kustomization {name}"
        if not path:
            findings.add(where, "flux: spec.path is missing")
        elif not (root / path / "kustomization.yaml").is_file():
            findings.add(where, f"flux: path {path} has no kustomization.yaml")
        elif path in owners:
            findings.add(where, f"flux: path {path} is already owned by Kustomization {owners[path]}")
        else:
            owners[path] = name
        for dep in spec.get("dependsOn", []) or []:
            if dep.get("name") not in names:
                findings.add(where, f"flux: dependsOn {dep.get('name')} names no Kustomization")
    # A cycle leaves Flux waiting forever.
    state = {}

    def visit(name, trail):
        if state.get(name) == "done":
            return
        if state.get(name) == "open":
            findings.add(f"Kustomization {name}", "flux: dependsOn cycle " + " -> ".join(trail + [name]))
            return
        state[name] = "open"
        for dep in names[name].get("spec", {}).get("dependsOn", []) or []:
            if dep.get("name") in names:
                visit(dep["name"], trail + [name])
        state[name] = "done"

    for name in names:
        visit(name, [])
    return owners


def render(kubectl, root, path, owner, findings):
    run = subprocess.run([kubectl, "kustomize", str(root / path)], capture_output=True, text=True)
    if run.returncode != 0:
        findings.add(f"Kustomization {owner}", f"render: kubectl kustomize {path} failed: {run.stderr.strip()}")
        return []
    return load_documents(run.stdout, path)


def pod_spec(obj):
    kind = obj.get("kind")
    spec = obj.get("spec") or {}
    if kind == "Pod":
        return spec
    if kind == "CronJob":
        return (((spec.get("jobTemplate") or {}).get("spec") or {}).get("template") or {}).get("spec")
    if kind in LONG_RUNNING or kind == "Job":
        return (spec.get("template") or {}).get("spec")
    return None


def image_tag_problem(image):
    if "@sha256:" in image:
        return None
    last = image.rsplit("/", 1)[-1]
    if ":" not in last:
        return "has no tag"
    if last.rsplit(":", 1)[1] == "latest":
        return "uses the tag latest"
    return None


def resource_blocks(node):
    """Every mapping under a `resources` key of Helm values."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "resources" and isinstance(value, dict):
                yield value
            else:
                yield from resource_blocks(value)
    elif isinstance(node, list):
        for item in node:
            yield from resource_blocks(item)


def check_helm_release(obj, where, findings):
    chart = ((obj.get("spec") or {}).get("chart") or {}).get("spec") or {}
    version = str(chart.get("version") or "")
    if not re.fullmatch(r"v?[0-9]+\.[0-9]+\.[0-9]+", version):
        findings.add(where, f"helm: chart version '{version}' is not pinned to x.y.z")
    blocks = list(resource_blocks((obj.get("spec") or {}).get("values") or {}))
    if not blocks:
        findings.add(where, "helm: values set no resources")
    for block in blocks:
        if not block.get("requests") or not block.get("limits"):
            findings.add(where, "helm: a resources block in the values lacks requests or limits")


def check_object(obj, where, findings, images):
    for field in ("apiVersion", "kind"):
        if not obj.get(field):
            findings.add(where, f"fields: {field} is missing")
    meta = obj.get("metadata") or {}
    if not meta.get("name"):
        findings.add(where, "fields: metadata.name is missing")
    if obj.get("kind") not in CLUSTER_SCOPED and not meta.get("namespace"):
        findings.add(where, "fields: metadata.namespace is missing")
    if obj.get("kind") == "Secret":
        findings.add(where, "secrets: plain Secret; commit a SealedSecret instead")
    if obj.get("kind") == "HelmRelease":
        check_helm_release(obj, where, findings)
    spec = pod_spec(obj)
    if spec is None:
        return
    needs_probes = obj.get("kind") in LONG_RUNNING
    groups = [("container", spec.get("containers") or [], needs_probes),
              ("init container", spec.get("initContainers") or [], False)]
    for label, containers, probes in groups:
        for container in containers:
            cwhere = f"{where} {label} {container.get('name')}"
            image = str(container.get("image") or "")
            if not image:
                findings.add(cwhere, "images: no image")
            else:
                images.append((image, cwhere))
                problem = image_tag_problem(image)
                if problem:
                    findings.add(cwhere, f"images: {image} {problem}")
            resources = container.get("resources") or {}
            requests = resources.get("requests") or {}
            limits = resources.get("limits") or {}
            for key in ("cpu", "memory"):
                if key not in requests:
                    findings.add(cwhere, f"resources: requests.{key} is missing")
            if "memory" not in limits:
                findings.add(cwhere, "resources: limits.memory is missing")
            if probes:
                for probe in ("livenessProbe", "readinessProbe"):
                    if probe not in container:
                        findings.add(cwhere, f"probes: {probe} is missing")


def check_automation(root, sources, rendered, images, prefix, findings):
    def named(kind):
        return {(o.get("metadata") or {}).get("name"): o for _, o in rendered if o.get("kind") == kind}

    policies = named("ImagePolicy")
    repositories = named("ImageRepository")
    for name, policy in policies.items():
        ref = ((policy.get("spec") or {}).get("imageRepositoryRef") or {}).get("name")
        if ref not in repositories:
            findings.add(f"ImagePolicy {name}", f"automation: imageRepositoryRef {ref} names no ImageRepository")
    markers = {}
    for path in sorted(sources.rglob("*.yaml")):
        if "node_modules" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = IMAGE_LINE.match(line)
            if not match or not match.group(1).startswith(prefix):
                continue
            marker = MARKER.search(line)
            where = f"{path.relative_to(root)}:{number}"
            if not marker:
                if image_tag_problem(match.group(1)) is None:
                    findings.add(where, f"automation: {match.group(1)} has no $imagepolicy setter marker")
                continue
            image, policy = marker.groups()
            expected = image.split("@")[0].rsplit(":", 1)[0].removeprefix(prefix)
            if policy != expected:
                findings.add(where, f"automation: marker names policy {policy}, the image is {expected}")
            markers[image] = where
    for image, where in images:
        if not image.startswith(prefix):
            continue
        name = image.split("@")[0].rsplit(":", 1)[0].removeprefix(prefix)
        if name not in policies:
            findings.add(where, f"automation: no ImagePolicy {name} for {image}")
        elif ((repositories.get(name) or {}).get("spec") or {}).get("image") != prefix + name:
            findings.add(where, f"automation: ImageRepository {name} does not watch {prefix}{name}")
        if image not in markers:
            findings.add(where, f"automation: {image} is set by no line with a setter marker")


def normalized_topics(doc, source):
    topics = (doc or {}).get("topics")
    if not isinstance(topics, list) or not topics:
        raise SystemExit(f"check_rendered: {source}: no topics list")
    return sorted((str(t.get("name")), int(t.get("partitions")), int(t.get("retention_ms"))) for t in topics)


def auto_create_disabled(config_map):
    for text in (config_map.get("data") or {}).values():
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError:
            continue
        if isinstance(doc, dict) and doc.get("auto_create_topics_enabled") is False:
            return True
    return False


def check_topics(rendered, topics_file, findings):
    expected = normalized_topics(yaml.safe_load(topics_file.read_text()), topics_file)
    maps = [o for _, o in rendered if o.get("kind") == "ConfigMap"
            and ((o.get("metadata") or {}).get("labels") or {}).get("k12n.com/kafka-topics") == "true"]
    if len(maps) != 1:
        findings.add("topics", f"expected one ConfigMap labelled k12n.com/kafka-topics, found {len(maps)}")
        return
    data = (maps[0].get("data") or {}).get("topics.yaml")
    if data is None:
        findings.add("topics", "the topic ConfigMap has no topics.yaml")
        return
    declared = normalized_topics(yaml.safe_load(data), "topic ConfigMap")
    if not any(auto_create_disabled(o) for _, o in rendered if o.get("kind") == "ConfigMap"):
        findings.add("topics", "no ConfigMap sets auto_create_topics_enabled: false for the broker")
    for topic in sorted(set(expected) - set(declared)):
        findings.add("topics", f"{topic} is in {topics_file.name} but not declared by the Job")
    for topic in sorted(set(declared) - set(expected)):
        findings.add("topics", f"{topic} is declared by the Job but not in {topics_file.name}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", required=True, type=pathlib.Path, help="repository root (Flux paths are relative to it)")
    parser.add_argument("--cluster", required=True, type=pathlib.Path, help="directory of the Flux Kustomizations")
    parser.add_argument("--topics", type=pathlib.Path, help="topic list the topic Job must declare")
    parser.add_argument("--image-prefix", default="ghcr.io/k12n/", help="images managed by Flux image automation")
    parser.add_argument("--kubectl", default="kubectl")
    args = parser.parse_args()
    root = args.root.resolve()
    cluster = args.cluster.resolve()

    findings = Findings()
    kustomizations = flux_kustomizations(cluster, findings)
    owners = check_flux(root, kustomizations, findings)

    rendered = []
    cluster_docs = [doc for path in sorted(cluster.glob("*.yaml")) for doc in load_documents(path.read_text(), path)]
    rendered += [("flux-system", doc) for doc in cluster_docs]
    for path, owner in owners.items():
        rendered += [(owner, doc) for doc in render(args.kubectl, root, path, owner, findings)]

    seen = {}
    images = []
    for owner, obj in rendered:
        meta = obj.get("metadata") or {}
        group = str(obj.get("apiVersion", "")).split("/")[0] if "/" in str(obj.get("apiVersion", "")) else "core"
        key = (group, obj.get("kind"), meta.get("namespace") or "", meta.get("name"))
        where = f"{owner}: {obj.get('kind')}/{meta.get('namespace') or '-'}/{meta.get('name')}"
        if key in seen:
            findings.add(where, f"owners: also rendered by Kustomization {seen[key]}")
        seen[key] = owner
        check_object(obj, where, findings, images)

    # The sources that set tags: the tree the Flux paths share (gitops/ for the homelab).
    sources = pathlib.Path(os.path.commonpath([root / p for p in owners])) if owners else root
    check_automation(root, sources, rendered, images, args.image_prefix, findings)
    if args.topics:
        check_topics(rendered, args.topics, findings)

    for line in findings.lines:
        print(f"check_rendered: {line}")
    if findings.lines:
        print(f"check_rendered: {len(findings.lines)} finding(s)")
        return 1
    print(f"check_rendered: {len(owners)} Kustomizations, {len(rendered)} objects, {len(images)} containers: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
