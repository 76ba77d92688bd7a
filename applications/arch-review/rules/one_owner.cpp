// One owner per resource: the original ran a stale copy of a Deployment, without authentication,
// for months because two Kustomizations applied it. A manifest file is listed by one
// kustomization, a Flux Kustomization path is reconciled by one Flux Kustomization, and each
// kind/namespace/name is declared in one file.
#include <map>

#include "gitops_manifests.hpp"
#include "rules/rules.hpp"

namespace arch_review {
namespace {

bool is_flux_kustomization(const Manifest& manifest) {
  return manifest.kind() == "Kustomization" &&
         manifest.api_version().starts_with("kustomize.toolkit.fluxcd.io/");
}

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) {
    text += (text.empty() ? "`" : ", `") + item + "`";
  }
  return text;
}

void check_listed_files(const SourceTree& tree, const GitopsTree& gitops, RuleOutput& out) {
  std::map<std::string, std::vector<std::string>> listed_by;
  for (const auto& k : gitops.kustomizations) {
    for (const auto& resource : k.resources) {
      if (tree.contains(resource)) {  // directories are bases; overlays share them by design
        listed_by[resource].push_back(k.file);
      }
    }
  }
  for (const auto& [file, owners] : listed_by) {
    if (owners.size() > 1) {
      auto files = owners;
      files.insert(files.begin(), file);
      out.violation(
          files, 0,
          "is listed by " + std::to_string(owners.size()) + " kustomizations: " + joined(owners));
    }
  }
}

void check_flux_paths(const SourceTree& tree, const GitopsTree& gitops, RuleOutput& out) {
  std::map<std::string, std::vector<const Manifest*>> by_path;
  for (const auto& manifest : gitops.manifests) {
    if (is_flux_kustomization(manifest) && manifest.node["spec"]["path"]) {
      by_path[normalise("", manifest.node["spec"]["path"].as<std::string>())].push_back(&manifest);
    }
  }
  for (const auto& [path, owners] : by_path) {
    std::vector<std::string> files;
    std::vector<std::string> names;
    for (const auto* owner : owners) {
      files.push_back(owner->file);
      names.push_back(owner->name());
    }
    if (owners.size() > 1) {
      out.violation(files, owners.front()->line,
                    "path `" + path + "` is reconciled by " + std::to_string(owners.size()) +
                        " Flux Kustomizations: " + joined(names));
    }
    // Without a kustomization.yaml Flux applies every manifest below the path, nested ones too.
    const bool generated =
        !tree.contains(path + "/kustomization.yaml") && !tree.contains(path + "/kustomization.yml");
    if (!generated) {
      continue;
    }
    for (const auto& [other, other_owners] : by_path) {
      if (other != path && other.starts_with(path + "/")) {
        out.violation({owners.front()->file, other_owners.front()->file}, owners.front()->line,
                      "Flux Kustomization `" + owners.front()->name() +
                          "` applies everything under `" + path + "`, including `" + other +
                          "` of Flux Kustomization `" + other_owners.front()->name() + "`");
      }
    }
  }
}

void check_declarations(const GitopsTree& gitops, RuleOutput& out) {
  // Namespace set by the kustomization that lists a file, for objects that leave it out.
  std::map<std::string, std::string> listed_namespace;
  for (const auto& k : gitops.kustomizations) {
    for (const auto& resource : k.resources) {
      if (!k.ns.empty()) {
        listed_namespace[resource] = k.ns;
      }
    }
  }
  std::map<std::string, std::vector<const Manifest*>> declared;
  for (const auto& manifest : gitops.manifests) {
    if (gitops.is_patch(manifest.file) || manifest.name().empty()) {
      continue;
    }
    auto ns = manifest.ns();
    if (ns.empty() && listed_namespace.contains(manifest.file)) {
      ns = listed_namespace[manifest.file];
    }
    declared[manifest.kind() + " " + (ns.empty() ? "" : ns + "/") + manifest.name()].push_back(
        &manifest);
  }
  for (const auto& [key, owners] : declared) {
    if (owners.size() < 2) {
      continue;
    }
    std::vector<std::string> files;
    std::vector<std::string> places;
    for (const auto* owner : owners) {
      files.push_back(owner->file);
      places.push_back(owner->file + ":" + std::to_string(owner->line));
    }
    out.violation(
        files, owners[1]->line,
        key + " is declared " + std::to_string(owners.size()) + " times: " + joined(places));
  }
}

}  // namespace

void check_one_owner(const SourceTree& tree, RuleOutput& out) {
  const auto gitops = load_gitops(tree);
  check_listed_files(tree, gitops, out);
  check_flux_paths(tree, gitops, out);
  check_declarations(gitops, out);
  out.set_checked(std::to_string(gitops.kustomizations.size()) + " kustomizations and " +
                  std::to_string(gitops.manifests.size()) + " objects in gitops/");
}

}  // namespace arch_review
