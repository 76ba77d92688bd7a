#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "card_catalog.hpp"
#include "request.hpp"

namespace rag {

// Namespaces where write cards are always denied (section 3.3 rule 1); configuration can only add.
inline constexpr std::array<std::string_view, 3> kProtectedNamespaces = {
    "kube-system", "kube-public", "kube-node-lease"};
// Where only the Flux cards may write.
inline constexpr std::string_view kFluxNamespace = "flux-system";

struct ForbiddenCombination {
  std::string verb;
  std::string resource;
  std::string reason;
};

struct ConfirmationRule {
  std::string verb;
  std::optional<std::string> resource;
  std::optional<std::string> risk_level;
  std::vector<std::pair<std::string, std::string>> conditions;  // parameter, value as text
};

// The policy of section 3: the two policy files plus the fixed rules and the repository list.
struct Policy {
  std::set<std::string, std::less<>> allowed_verbs;
  std::set<std::string, std::less<>> allowed_resources;
  std::vector<ForbiddenCombination> forbidden;
  std::vector<ConfirmationRule> confirmation_required;
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> namespace_verbs;
  std::set<std::string, std::less<>> unlisted_verbs;
  std::set<std::string, std::less<>> protected_namespaces;
  std::set<std::string, std::less<>> repos;

  // Reasons to deny the card with these parameters and rendered steps; empty when allowed.
  // namespace_ is the effective namespace (empty for cluster and GitHub cards).
  std::vector<std::string> denials(const Card& card, const Params& params,
                                   const std::string& namespace_,
                                   const std::vector<std::vector<std::string>>& argv,
                                   const std::vector<std::string>& substituted) const;
  // Whether a confirmation_required entry or the card's risk asks for confirmation.
  bool needs_confirmation(const Card& card, const Params& params) const;
};

// Reads rbac-allowlist.yaml and namespaces.yaml from the directory; the fixed protected
// namespaces are added to extra_protected. Throws std::runtime_error naming every problem.
Policy load_policy(const std::filesystem::path& directory,
                   const std::vector<std::string>& extra_protected,
                   const std::vector<std::string>& repos);

}  // namespace rag
