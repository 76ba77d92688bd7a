#include "card_catalog.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace rag {
namespace {

constexpr std::array<std::string_view, 3> kBinaries = {"kubectl", "flux", "gh"};
constexpr std::array<std::string_view, 4> kRisks = {"none", "low", "medium", "high"};

template <typename List>
bool contains(const List& list, std::string_view value) {
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

Scope parse_scope(const std::string& text) {
  if (text == "ns") {
    return Scope::ns;
  }
  if (text == "cluster") {
    return Scope::cluster;
  }
  if (text == "flux") {
    return Scope::flux;
  }
  if (text == "gh") {
    return Scope::gh;
  }
  throw std::runtime_error("scope must be ns, cluster, flux or gh");
}

std::vector<std::string> strings(const YAML::Node& node) {
  std::vector<std::string> out;
  for (const auto& item : node) {
    out.push_back(item.as<std::string>());
  }
  return out;
}

// The rules a card file must follow so that the contract's guarantees hold for every card.
void check(const Card& card) {
  if (!contains(kIntents, card.intent) || !contains(kResources, card.resource)) {
    throw std::runtime_error("intent or resource outside the request enums");
  }
  if (!contains(kRisks, card.risk) || !contains(kBinaries, card.binary)) {
    throw std::runtime_error("risk or binary not allowed");
  }
  if (card.steps.empty() || card.timeout.count() <= 0) {
    throw std::runtime_error("a card needs argv steps and a positive timeout");
  }
  for (const auto& step : card.steps) {
    const auto& first = step.groups.front();
    const auto& pieces = first.elements.front().pieces;
    if (first.optional || pieces.size() != 1 || pieces.front().placeholder ||
        pieces.front().text != card.binary) {
      throw std::runtime_error("every step must start with the card's binary");
    }
  }
  for (const auto& name : card.parameters) {
    if (find_field(name) == nullptr) {
      throw std::runtime_error("unknown parameter '" + name + "'");
    }
  }
  const bool reads_namespace = card.parameters.contains("namespace");
  const bool needs_namespace = card.scope == Scope::ns || card.scope == Scope::flux;
  if (reads_namespace != needs_namespace) {
    throw std::runtime_error("scope and {namespace} disagree");
  }
  if (card.scope == Scope::flux && card.default_namespace.empty()) {
    throw std::runtime_error("flux cards need default_namespace");
  }
  if ((card.scope == Scope::gh) != card.parameters.contains("repo")) {
    throw std::runtime_error("GitHub cards, and only they, read {repo}");
  }
}

}  // namespace

std::string_view to_string(Scope scope) {
  switch (scope) {
    case Scope::ns:
      return "ns";
    case Scope::cluster:
      return "cluster";
    case Scope::flux:
      return "flux";
    case Scope::gh:
      return "gh";
  }
  return "";
}

std::string Card::risk_for(const Params& params) const {
  if (high_risk_when) {
    const auto it = params.find(high_risk_when->first);
    if (it != params.end() && to_text(it->second) == high_risk_when->second) {
      return "high";
    }
  }
  return risk;
}

Card load_card(const std::filesystem::path& file) {
  const auto root = YAML::LoadFile(file.string());
  Card card;
  card.id = root["id"].as<std::string>();
  card.order = root["order"].as<std::size_t>();
  card.title = root["title"].as<std::string>();
  card.summary = root["summary"].as<std::string>();
  card.intent = root["intent"].as<std::string>();
  card.resource = root["resource"].as<std::string>();
  card.verb = root["verb"].as<std::string>();
  card.risk = root["risk"].as<std::string>();
  if (const auto when = root["high_risk_when"]) {
    if (!when.IsMap() || when.size() != 1) {
      throw std::runtime_error("high_risk_when must be one {parameter: value}");
    }
    card.high_risk_when = {when.begin()->first.as<std::string>(),
                           when.begin()->second.as<std::string>()};
  }
  card.scope = parse_scope(root["scope"].as<std::string>());
  card.write = root["write"].as<bool>();
  card.timeout = std::chrono::seconds(root["timeout"].as<std::int64_t>());
  card.default_namespace = root["default_namespace"].as<std::string>("");
  card.keywords = strings(root["keywords"]);
  card.examples = strings(root["examples"]);
  for (const auto& step : strings(root["argv"])) {
    card.steps.push_back(parse_template(step));
    const auto names = parameters_of(card.steps.back());
    card.parameters.insert(names.begin(), names.end());
    const auto required = required_parameters_of(card.steps.back());
    card.required.insert(required.begin(), required.end());
  }
  card.binary = root["binary"].as<std::string>();
  if (file.stem().string() != card.id) {
    throw std::runtime_error("the file name must be the card id");
  }
  check(card);
  return card;
}

CardCatalog::CardCatalog(const std::filesystem::path& directory) {
  std::vector<std::string> problems;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (entry.path().extension() == ".yaml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<Card> cards;
  for (const auto& file : files) {
    try {
      cards.push_back(load_card(file));
    } catch (const std::exception& e) {
      problems.push_back(file.filename().string() + ": " + e.what());
    }
  }
  if (!problems.empty()) {
    std::string message = "bad card files:";
    for (const auto& p : problems) {
      message += "\n  - " + p;
    }
    throw std::runtime_error(message);
  }
  *this = CardCatalog(std::move(cards));
}

CardCatalog::CardCatalog(std::vector<Card> cards) : cards_(std::move(cards)) {
  std::sort(cards_.begin(), cards_.end(),
            [](const Card& a, const Card& b) { return a.order < b.order; });
  for (std::size_t i = 1; i < cards_.size(); ++i) {
    if (cards_[i].order == cards_[i - 1].order) {
      throw std::runtime_error("cards " + cards_[i - 1].id + " and " + cards_[i].id +
                               " share an order");
    }
  }
  if (cards_.empty()) {
    throw std::runtime_error("no cards found");
  }
}

const Card* CardCatalog::find(std::string_view id) const {
  const auto it =
      std::find_if(cards_.begin(), cards_.end(), [&](const Card& c) { return c.id == id; });
  return it == cards_.end() ? nullptr : &*it;
}

std::vector<const Card*> CardCatalog::matching(const std::optional<std::string>& intent,
                                               const std::optional<std::string>& resource) const {
  std::vector<const Card*> out;
  for (const auto& card : cards_) {
    if ((!intent || card.intent == *intent) && (!resource || card.resource == *resource)) {
      out.push_back(&card);
    }
  }
  return out;
}

}  // namespace rag
