#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "card_template.hpp"
#include "request.hpp"

namespace rag {

// ns: namespace required; cluster: no namespace; flux: namespace optional with a default; gh:
// GitHub, no namespace.
enum class Scope { ns, cluster, flux, gh };

std::string_view to_string(Scope scope);

// One card of contracts/rag-k8s.md section 2, read from cards/<id>.yaml.
struct Card {
  std::string id;
  std::size_t order = 0;  // the card table's order, which breaks ties
  std::string title;
  std::string summary;  // a template: "Restart deployment {name} in namespace {namespace}"
  std::string intent;
  std::string resource;
  std::string verb;
  std::string risk;  // none, low, medium, high
  // A parameter value that raises the risk to high (scale-deployment with replicas 0).
  std::optional<std::pair<std::string, std::string>> high_risk_when;
  Scope scope = Scope::ns;
  bool write = false;
  std::string binary;  // kubectl, flux or gh: the first element of every step
  std::vector<Template> steps;
  std::chrono::seconds timeout{60};
  std::string default_namespace;  // flux cards
  std::vector<std::string> keywords;
  std::vector<std::string> examples;
  std::set<std::string> parameters;  // every request parameter the card reads
  std::set<std::string> required;    // those it cannot render without

  // The risk for these parameters.
  std::string risk_for(const Params& params) const;
};

// The cards of a directory, in table order. Throws std::runtime_error naming every bad file.
class CardCatalog {
 public:
  explicit CardCatalog(const std::filesystem::path& directory);
  explicit CardCatalog(std::vector<Card> cards);

  const std::vector<Card>& cards() const { return cards_; }
  const Card* find(std::string_view id) const;
  // The cards matching the given intent and resource (either may be absent), in table order.
  std::vector<const Card*> matching(const std::optional<std::string>& intent,
                                    const std::optional<std::string>& resource) const;

 private:
  std::vector<Card> cards_;
};

// Reads and checks one card file.
Card load_card(const std::filesystem::path& file);

}  // namespace rag
