// The house rules, one file each.
#pragma once

#include <string_view>
#include <vector>

#include "finding.hpp"
#include "source_tree.hpp"

namespace arch_review {

struct Rule {
  std::string_view id;
  std::string_view statement;  // what a compliant tree looks like
  void (*check)(const SourceTree& tree, RuleOutput& out);
};

void check_read_only_api(const SourceTree& tree, RuleOutput& out);
void check_dockerfile_layers(const SourceTree& tree, RuleOutput& out);
void check_migrations(const SourceTree& tree, RuleOutput& out);
void check_no_plain_secret(const SourceTree& tree, RuleOutput& out);
void check_container_resources(const SourceTree& tree, RuleOutput& out);
void check_one_owner(const SourceTree& tree, RuleOutput& out);
void check_kafka_topics(const SourceTree& tree, RuleOutput& out);

// In report order.
const std::vector<Rule>& house_rules();

}  // namespace arch_review
