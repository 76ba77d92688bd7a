#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "card_catalog.hpp"

namespace rag {

// Lower-cased alphanumeric runs without the fixed English stop words.
std::vector<std::string> tokenize(std::string_view text);

struct Scored {
  const Card* card;
  double score;
};

// Okapi BM25 (k1 = 1.2, b = 0.75, IDF = ln(1 + (N - n + 0.5) / (n + 0.5))) over each card's text:
// its id split on '-', title, intent, resource, keywords and examples (section 8). Document
// statistics are over every card, so a card's score does not depend on the candidate set.
class Bm25Index {
 public:
  explicit Bm25Index(const CardCatalog& catalog);

  // The candidates by descending score; equal scores keep table order.
  std::vector<Scored> rank(std::string_view query,
                           const std::vector<const Card*>& candidates) const;

 private:
  struct Document {
    std::map<std::string, double, std::less<>> frequencies;
    double length = 0;
  };
  std::map<const Card*, Document> documents_;
  std::map<std::string, double, std::less<>> idf_;
  double average_length_ = 0;
};

}  // namespace rag
