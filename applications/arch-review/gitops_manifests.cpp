#include "gitops_manifests.hpp"

#include <algorithm>
#include <filesystem>

namespace arch_review {
namespace {

std::string scalar(const YAML::Node& node) {
  return node && node.IsScalar() ? node.as<std::string>() : std::string{};
}

std::string directory_of(const std::string& file) {
  const auto slash = file.rfind('/');
  return slash == std::string::npos ? std::string{} : file.substr(0, slash);
}

void add_patch_paths(const YAML::Node& list, const std::string& directory,
                     std::set<std::string>& patches) {
  if (!list || !list.IsSequence()) {
    return;
  }
  for (const auto& entry : list) {
    const auto path = entry.IsScalar() ? entry.as<std::string>() : scalar(entry["path"]);
    if (!path.empty()) {
      patches.insert(normalise(directory, path));
    }
  }
}

Kustomization read_kustomization(const std::string& file, const YAML::Node& node) {
  Kustomization k;
  k.file = file;
  k.directory = directory_of(file);
  k.ns = scalar(node["namespace"]);
  if (const auto resources = node["resources"]; resources && resources.IsSequence()) {
    for (const auto& entry : resources) {
      const auto path = scalar(entry);
      // Remote resources (URLs) are owned elsewhere.
      if (!path.empty() && path.find("://") == std::string::npos) {
        k.resources.push_back(normalise(k.directory, path));
      }
    }
  }
  const auto generator = node["secretGenerator"];
  k.generates_secrets = generator && generator.IsSequence() && generator.size() > 0;
  add_patch_paths(node["patches"], k.directory, k.patches);
  add_patch_paths(node["patchesStrategicMerge"], k.directory, k.patches);
  add_patch_paths(node["patchesJson6902"], k.directory, k.patches);
  return k;
}

}  // namespace

std::string Manifest::kind() const {
  return scalar(node["kind"]);
}
std::string Manifest::api_version() const {
  return scalar(node["apiVersion"]);
}
std::string Manifest::name() const {
  return node["metadata"] ? scalar(node["metadata"]["name"]) : std::string{};
}
std::string Manifest::ns() const {
  return node["metadata"] ? scalar(node["metadata"]["namespace"]) : std::string{};
}

bool GitopsTree::is_patch(const std::string& file) const {
  return std::ranges::any_of(kustomizations,
                             [&](const Kustomization& k) { return k.patches.contains(file); });
}

bool is_kustomization_file(const std::string& relative_path) {
  const auto name = file_name(relative_path);
  return name == "kustomization.yaml" || name == "kustomization.yml" || name == "Kustomization";
}

std::string normalise(const std::string& directory, const std::string& entry) {
  auto path = (std::filesystem::path(directory) / entry).lexically_normal().generic_string();
  while (path.ends_with('/')) {
    path.pop_back();
  }
  return path;
}

GitopsTree load_gitops(const SourceTree& tree) {
  GitopsTree gitops;
  for (const auto& file : tree.under("gitops/")) {
    if (!ends_with_any(file, {".yaml", ".yml"}) && !is_kustomization_file(file)) {
      continue;
    }
    const auto text = tree.read(file);
    if (!text) {
      gitops.unreadable.push_back(file + ": cannot be read");
      continue;
    }
    std::vector<YAML::Node> documents;
    try {
      documents = YAML::LoadAll(*text);
    } catch (const YAML::Exception& e) {
      gitops.unreadable.push_back(file + ": " + e.what());
      continue;
    }
    for (const auto& document : documents) {
      if (!document.IsMap()) {
        continue;
      }
      if (is_kustomization_file(file)) {
        gitops.kustomizations.push_back(read_kustomization(file, document));
      } else if (document["kind"]) {
        gitops.manifests.push_back({file, document.Mark().line + 1, document});
      }
    }
  }
  return gitops;
}

}  // namespace arch_review
