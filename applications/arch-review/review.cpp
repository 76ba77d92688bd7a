#include "review.hpp"

#include <algorithm>

namespace arch_review {
namespace {

bool in_scope(const Finding& finding, const Scope& scope) {
  if (!scope.files) {
    return true;
  }
  return std::any_of(finding.files.begin(), finding.files.end(),
                     [&](const std::string& file) { return scope.files->contains(file); });
}

}  // namespace

std::size_t Review::violation_count() const {
  std::size_t count = 0;
  for (const auto& result : results) {
    count += result.violations.size();
  }
  return count;
}

std::size_t Review::warning_count() const {
  std::size_t count = 0;
  for (const auto& result : results) {
    count += result.warnings.size();
  }
  return count;
}

Review review(const SourceTree& tree, Scope scope) {
  Review result{tree.root().string(), std::move(scope), {}};
  for (const auto& rule : house_rules()) {
    RuleOutput output;
    rule.check(tree, output);
    RuleResult rule_result{&rule, output.checked(), {}, {}};
    for (const auto& finding : output.findings()) {
      if (!in_scope(finding, result.scope)) {
        continue;
      }
      (finding.severity == Severity::violation ? rule_result.violations : rule_result.warnings)
          .push_back(finding);
    }
    result.results.push_back(std::move(rule_result));
  }
  return result;
}

}  // namespace arch_review
