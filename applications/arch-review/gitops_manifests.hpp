// The YAML documents and kustomize Kustomizations of the GitOps tree.
#pragma once

#include <yaml-cpp/yaml.h>

#include <set>
#include <string>
#include <vector>

#include "source_tree.hpp"

namespace arch_review {

struct Manifest {
  std::string file;
  int line = 0;  // 1-based line where the document starts
  YAML::Node node;

  std::string kind() const;
  std::string api_version() const;
  std::string name() const;
  std::string ns() const;  // metadata.namespace, or empty
};

// A kustomization.yaml: what it lists, paths normalised relative to the root.
struct Kustomization {
  std::string file;
  std::string directory;
  std::string ns;                      // its `namespace:` setting, or empty
  std::vector<std::string> resources;  // files and directories
  std::set<std::string> patches;       // patch files (partial objects, not owners)
  bool generates_secrets = false;      // has a secretGenerator
};

struct GitopsTree {
  std::vector<Manifest> manifests;  // every document under gitops/ with a kind
  std::vector<Kustomization> kustomizations;
  std::vector<std::string> unreadable;  // "file: reason" for files YAML cannot parse

  bool is_patch(const std::string& file) const;
};

GitopsTree load_gitops(const SourceTree& tree);
bool is_kustomization_file(const std::string& relative_path);
// "a/b/../c" -> "a/c", relative to the root.
std::string normalise(const std::string& directory, const std::string& entry);

}  // namespace arch_review
