// Runs every house rule on a tree and keeps the findings in scope.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "finding.hpp"
#include "rules/rules.hpp"
#include "source_tree.hpp"

namespace arch_review {

struct Scope {
  std::string description;                     // "whole tree", "diff against main (3 files)"
  std::optional<std::set<std::string>> files;  // empty optional: the whole tree
};

struct RuleResult {
  const Rule* rule = nullptr;
  std::string checked;
  std::vector<Finding> violations;
  std::vector<Finding> warnings;
};

struct Review {
  std::string root;
  Scope scope;
  std::vector<RuleResult> results;

  std::size_t violation_count() const;
  std::size_t warning_count() const;
};

Review review(const SourceTree& tree, Scope scope);

}  // namespace arch_review
