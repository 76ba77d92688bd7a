#include "policy.hpp"

#include <yaml-cpp/yaml.h>

#include <stdexcept>

namespace rag {
namespace {

std::set<std::string, std::less<>> string_set(const YAML::Node& node) {
  std::set<std::string, std::less<>> out;
  for (const auto& item : node) {
    out.insert(item.as<std::string>());
  }
  return out;
}

std::optional<std::string> optional_string(const YAML::Node& node) {
  return node ? std::optional(node.as<std::string>()) : std::nullopt;
}

void load_allowlist(const YAML::Node& root, Policy& policy) {
  policy.allowed_verbs = string_set(root["allowed_verbs"]);
  policy.allowed_resources = string_set(root["allowed_resources"]);
  if (!root["namespace_scoped"].as<bool>(true)) {
    throw std::runtime_error("namespace_scoped: false is not supported (section 1 requires it)");
  }
  for (const auto& entry : root["forbidden_combinations"]) {
    policy.forbidden.push_back({entry["verb"].as<std::string>(),
                                entry["resource"].as<std::string>(),
                                entry["reason"].as<std::string>("forbidden combination")});
  }
  for (const auto& entry : root["confirmation_required"]) {
    ConfirmationRule rule{entry["verb"].as<std::string>(),
                          optional_string(entry["resource"]),
                          optional_string(entry["risk_level"]),
                          {}};
    for (const auto& condition : entry["conditions"]) {
      for (const auto& pair : condition) {
        rule.conditions.emplace_back(pair.first.as<std::string>(), pair.second.as<std::string>());
      }
    }
    policy.confirmation_required.push_back(std::move(rule));
  }
}

void load_namespaces(const YAML::Node& root, Policy& policy) {
  for (const auto& entry : root["namespaces"]) {
    policy.namespace_verbs[entry["name"].as<std::string>()] = string_set(entry["allowed_verbs"]);
  }
  const auto unlisted = root["unlisted"]["allowed_verbs"];
  policy.unlisted_verbs = unlisted
                              ? string_set(unlisted)
                              : std::set<std::string, std::less<>>{
                                    "get", "describe", "logs", "top", "rollout", "scale", "delete"};
}

}  // namespace

Policy load_policy(const std::filesystem::path& directory,
                   const std::vector<std::string>& extra_protected,
                   const std::vector<std::string>& repos) {
  Policy policy;
  std::string problems;
  const auto read = [&](const char* name, auto load) {
    try {
      load(YAML::LoadFile((directory / name).string()), policy);
    } catch (const std::exception& e) {
      problems += std::string("\n  - ") + name + ": " + e.what();
    }
  };
  read("rbac-allowlist.yaml", load_allowlist);
  read("namespaces.yaml", load_namespaces);
  if (!problems.empty()) {
    throw std::runtime_error("bad policy files:" + problems);
  }
  policy.protected_namespaces.insert(std::begin(kProtectedNamespaces),
                                     std::end(kProtectedNamespaces));
  policy.protected_namespaces.insert(extra_protected.begin(), extra_protected.end());
  policy.repos.insert(repos.begin(), repos.end());
  return policy;
}

std::vector<std::string> Policy::denials(const Card& card, const Params& params,
                                         const std::string& namespace_,
                                         const std::vector<std::vector<std::string>>& argv,
                                         const std::vector<std::string>& substituted) const {
  std::vector<std::string> reasons;
  if (!allowed_verbs.contains(card.verb)) {
    reasons.push_back("verb '" + card.verb + "' is not in the allow-list");
  }
  if (!allowed_resources.contains(card.resource)) {
    reasons.push_back("resource '" + card.resource + "' is not in the allow-list");
  }
  for (const auto& f : forbidden) {
    if (f.verb == card.verb && f.resource == card.resource) {
      reasons.push_back("forbidden combination " + f.verb + "/" + f.resource + ": " + f.reason);
    }
  }
  if (card.scope == Scope::ns || card.scope == Scope::flux) {
    const auto listed = namespace_verbs.find(namespace_);
    const auto& verbs = listed == namespace_verbs.end() ? unlisted_verbs : listed->second;
    if (!verbs.contains(card.verb)) {
      reasons.push_back("verb '" + card.verb + "' is not allowed in namespace '" + namespace_ +
                        "'");
    }
    if (card.write && protected_namespaces.contains(namespace_)) {
      reasons.push_back("namespace '" + namespace_ + "' is protected: write cards are denied");
    }
    if (card.write && namespace_ == kFluxNamespace && card.scope != Scope::flux) {
      reasons.emplace_back("only Flux cards may write in namespace 'flux-system'");
    }
  }
  if (card.scope == Scope::gh) {
    const auto repo = params.find("repo");
    if (repo == params.end() || !repos.contains(to_text(repo->second))) {
      reasons.push_back(
          "repository " +
          (repo == params.end() ? std::string("(none)") : rag::quoted(to_text(repo->second))) +
          " is not in github.repos");
    }
  }
  // Defence in depth for rule 3.3.2 and 3.3.3: whatever the patterns let through, no value may
  // read as an option, and -n may only be followed by the request's namespace.
  for (const auto& value : substituted) {
    if (value.empty() || value.starts_with('-')) {
      reasons.push_back("value " + rag::quoted(value) + " would read as an option");
    }
  }
  for (const auto& step : argv) {
    if (step.empty() || step.front() != card.binary) {
      reasons.emplace_back("argv does not start with the card's binary");
    }
    for (std::size_t i = 0; i + 1 < step.size(); ++i) {
      if (step[i] == "-n" && step[i + 1] != namespace_) {
        reasons.emplace_back("argv names a namespace other than the request's");
      }
    }
  }
  return reasons;
}

bool Policy::needs_confirmation(const Card& card, const Params& params) const {
  const auto risk = card.risk_for(params);
  if (risk == "high") {
    return true;
  }
  for (const auto& rule : confirmation_required) {
    if (rule.verb != card.verb || (rule.resource && *rule.resource != card.resource) ||
        (rule.risk_level && *rule.risk_level != risk)) {
      continue;
    }
    bool all = true;
    for (const auto& [name, value] : rule.conditions) {
      const auto it = params.find(name);
      all = all && it != params.end() && to_text(it->second) == value;
    }
    if (all) {
      return true;
    }
  }
  return false;
}

}  // namespace rag
