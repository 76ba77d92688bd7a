// Two Raspberry Pis share every workload: a container without requests is scheduled blindly and
// one without limits can starve its neighbours.
#include <array>
#include <map>

#include "gitops_manifests.hpp"
#include "rules/rules.hpp"

namespace arch_review {
namespace {

// Where each workload kind keeps its pod spec.
YAML::Node pod_spec(const Manifest& manifest) {
  const auto kind = manifest.kind();
  const auto& node = manifest.node;
  if (kind == "Pod") {
    return node["spec"];
  }
  if (kind == "CronJob") {
    const auto spec = node["spec"]["jobTemplate"]["spec"]["template"]["spec"];
    return spec;
  }
  static constexpr std::array<std::string_view, 5> kTemplated = {"Deployment", "StatefulSet",
                                                                 "DaemonSet", "ReplicaSet", "Job"};
  for (const auto templated : kTemplated) {
    if (kind == templated) {
      return node["spec"]["template"]["spec"];
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

bool has_entries(const YAML::Node& node) {
  return node && node.IsMap() && node.size() > 0;
}

}  // namespace

void check_container_resources(const SourceTree& tree, RuleOutput& out) {
  const auto gitops = load_gitops(tree);
  int containers = 0;
  for (const auto& manifest : gitops.manifests) {
    if (gitops.is_patch(manifest.file)) {
      continue;  // a patch changes fields of an object declared elsewhere
    }
    const auto spec = pod_spec(manifest);
    if (!spec || !spec.IsMap()) {
      continue;
    }
    for (const auto* list : {"initContainers", "containers"}) {
      const auto entries = spec[list];
      if (!entries || !entries.IsSequence()) {
        continue;
      }
      for (const auto& container : entries) {
        ++containers;
        const auto resources = container["resources"];
        const auto where = manifest.kind() + " `" + manifest.name() + "` container `" +
                           (container["name"] ? container["name"].as<std::string>() : "?") + "`";
        for (const auto* part : {"requests", "limits"}) {
          if (!resources || !has_entries(resources[part])) {
            out.violation({manifest.file}, container.Mark().line + 1,
                          where + " has no resources." + part);
          }
        }
      }
    }
  }
  out.set_checked(std::to_string(containers) + " containers in gitops/ workloads");
}

}  // namespace arch_review
