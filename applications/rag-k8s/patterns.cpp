#include "patterns.hpp"

#include <algorithm>
#include <cstdint>

namespace rag {
namespace {

bool lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool alnum(char c) {
  return lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

bool digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_of(std::string_view text, bool (*allowed)(char)) {
  return std::all_of(text.begin(), text.end(), allowed);
}

// [A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?, at most 63 characters: a label key's name or a value.
bool is_qualified_name(std::string_view text) {
  if (text.empty() || text.size() > 63 || !alnum(text.front()) || !alnum(text.back())) {
    return false;
  }
  return all_of(text, [](char c) { return alnum(c) || c == '-' || c == '_' || c == '.'; });
}

bool is_label_value(std::string_view text) {
  return text.empty() || is_qualified_name(text);
}

// An optional DNS subdomain prefix and '/', then a qualified name.
bool is_label_key(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return is_qualified_name(text);
  }
  return is_dns_subdomain(text.substr(0, slash)) && is_qualified_name(text.substr(slash + 1));
}

bool is_selector_term(std::string_view term) {
  if (term.starts_with('!')) {
    return is_label_key(term.substr(1));
  }
  for (const std::string_view op : {"!=", "==", "="}) {
    if (const auto at = term.find(op); at != std::string_view::npos) {
      return is_label_key(term.substr(0, at)) && is_label_value(term.substr(at + op.size()));
    }
  }
  return is_label_key(term);
}

}  // namespace

bool is_dns_label(std::string_view text) {
  if (text.empty() || text.size() > 63 || !lower_alnum(text.front()) || !lower_alnum(text.back())) {
    return false;
  }
  return all_of(text, [](char c) { return lower_alnum(c) || c == '-'; });
}

bool is_dns_subdomain(std::string_view text) {
  if (text.empty() || text.size() > 253) {
    return false;
  }
  std::size_t start = 0;
  while (true) {
    const auto dot = text.find('.', start);
    if (!is_dns_label(text.substr(start, dot - start))) {
      return false;
    }
    if (dot == std::string_view::npos) {
      return true;
    }
    start = dot + 1;
  }
}

bool is_label_selector(std::string_view text) {
  if (text.empty() || text.size() > 256) {
    return false;
  }
  std::size_t start = 0;
  while (true) {
    const auto comma = text.find(',', start);
    if (!is_selector_term(text.substr(start, comma - start))) {
      return false;
    }
    if (comma == std::string_view::npos) {
      return true;
    }
    start = comma + 1;
  }
}

bool is_since(std::string_view text) {
  if (text.size() < 2 || text.size() > 5 || text.front() == '0') {
    return false;
  }
  const auto number = text.substr(0, text.size() - 1);
  if (!all_of(number, digit)) {
    return false;
  }
  std::int64_t value = 0;
  for (const char c : number) {
    value = value * 10 + (c - '0');
  }
  constexpr std::int64_t kMaxHours = 168;
  switch (text.back()) {
    case 's':
      return value <= kMaxHours * 3600;
    case 'm':
      return value <= kMaxHours * 60;
    case 'h':
      return value <= kMaxHours;
    default:
      return false;
  }
}

bool is_repo(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return false;
  }
  const auto owner = text.substr(0, slash);
  const auto name = text.substr(slash + 1);
  // The contract's pattern allows a leading '-', which would read as an option.
  return !owner.empty() && owner.size() <= 39 && owner.front() != '-' && !name.empty() &&
         name.size() <= 100 && all_of(owner, [](char c) { return alnum(c) || c == '-'; }) &&
         all_of(name, [](char c) { return alnum(c) || c == '.' || c == '_' || c == '-'; });
}

bool is_workflow(std::string_view text) {
  if (!text.empty() && text.size() <= 16 && all_of(text, digit)) {
    return text.front() != '0';
  }
  std::string_view stem;
  if (text.ends_with(".yaml")) {
    stem = text.substr(0, text.size() - 5);
  } else if (text.ends_with(".yml")) {
    stem = text.substr(0, text.size() - 4);
  } else {
    return false;
  }
  // A leading '-' is allowed by the contract's pattern but would read as an option.
  return !stem.empty() && stem.size() <= 100 && stem.front() != '-' &&
         all_of(stem, [](char c) { return alnum(c) || c == '.' || c == '_' || c == '-'; });
}

}  // namespace rag
