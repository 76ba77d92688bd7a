#include "bm25.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

namespace rag {
namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

const std::set<std::string, std::less<>>& stop_words() {
  static const std::set<std::string, std::less<>> words = {
      "a",     "about", "after", "all",   "an",   "and",   "any",   "are",   "as",     "at",
      "be",    "been",  "but",   "by",    "can",  "could", "did",   "do",    "does",   "for",
      "from",  "had",   "has",   "have",  "how",  "i",     "if",    "in",    "into",   "is",
      "it",    "its",   "me",    "my",    "of",   "on",    "or",    "our",   "please", "so",
      "some",  "that",  "the",   "their", "them", "then",  "there", "these", "this",   "those",
      "to",    "up",    "us",    "was",   "we",   "were",  "what",  "when",  "where",  "which",
      "while", "who",   "why",   "will",  "with", "would", "you",   "your"};
  return words;
}

std::string card_text(const Card& card) {
  std::string text = card.id + " " + card.title + " " + card.intent + " " + card.resource;
  for (const auto& k : card.keywords) {
    text += " " + k;
  }
  for (const auto& e : card.examples) {
    text += " " + e;
  }
  return text;
}

}  // namespace

std::vector<std::string> tokenize(std::string_view text) {
  std::vector<std::string> tokens;
  std::string current;
  const auto flush = [&] {
    if (!current.empty() && !stop_words().contains(current)) {
      tokens.push_back(current);
    }
    current.clear();
  };
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0) {
      current.push_back(static_cast<char>(std::tolower(byte)));
    } else {
      flush();
    }
  }
  flush();
  return tokens;
}

Bm25Index::Bm25Index(const CardCatalog& catalog) {
  std::map<std::string, double, std::less<>> containing;
  double total = 0;
  for (const auto& card : catalog.cards()) {
    Document document;
    for (const auto& token : tokenize(card_text(card))) {
      document.frequencies[token] += 1;
      document.length += 1;
    }
    for (const auto& [token, count] : document.frequencies) {
      containing[token] += 1;
    }
    total += document.length;
    documents_[&card] = std::move(document);
  }
  const auto n = static_cast<double>(documents_.size());
  average_length_ = n > 0 ? total / n : 0;
  for (const auto& [token, with] : containing) {
    idf_[token] = std::log(1 + (n - with + 0.5) / (with + 0.5));
  }
}

std::vector<Scored> Bm25Index::rank(std::string_view query,
                                    const std::vector<const Card*>& candidates) const {
  const auto terms = tokenize(query);
  std::vector<Scored> out;
  for (const auto* card : candidates) {
    const auto& document = documents_.at(card);
    double score = 0;
    for (const auto& term : terms) {
      const auto f = document.frequencies.find(term);
      if (f == document.frequencies.end()) {
        continue;
      }
      const double norm = kK1 * (1 - kB + kB * document.length / average_length_);
      score += idf_.find(term)->second * f->second * (kK1 + 1) / (f->second + norm);
    }
    out.push_back({card, score});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Scored& a, const Scored& b) { return a.score > b.score; });
  return out;
}

}  // namespace rag
