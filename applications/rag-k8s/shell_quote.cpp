#include "shell_quote.hpp"

#include <algorithm>

namespace rag {

std::string shell_quote(std::string_view word) {
  const auto safe = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("_@%+=:,./-").find(c) != std::string_view::npos;
  };
  if (!word.empty() && std::all_of(word.begin(), word.end(), safe)) {
    return std::string(word);
  }
  std::string out = "'";
  for (const char c : word) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

std::string display_command(const std::vector<std::vector<std::string>>& steps) {
  std::string out;
  for (const auto& step : steps) {
    if (!out.empty()) {
      out += " && ";
    }
    for (std::size_t i = 0; i < step.size(); ++i) {
      out += (i == 0 ? "" : " ") + shell_quote(step[i]);
    }
  }
  return out;
}

}  // namespace rag
