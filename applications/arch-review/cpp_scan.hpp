// Splits C++ source into code without comments and its string literals, so rules search SQL and
// topic names where a program can actually use them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace arch_review {

struct StringLiteral {
  std::string text;  // adjacent literals ("a" "b") joined; escapes left as written
  int line = 0;      // line of the first literal, 1-based
};

struct CppScan {
  std::string code;  // comments blanked (newlines kept), literals kept
  std::vector<StringLiteral> literals;
};

CppScan scan_cpp(std::string_view source);

// 1-based line of offset in text.
int line_of(std::string_view text, std::size_t offset);

}  // namespace arch_review
