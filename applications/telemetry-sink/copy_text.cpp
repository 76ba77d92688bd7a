#include "copy_text.hpp"

namespace sink {

void append_copy_line(std::string& out, const Row& row) {
  bool first = true;
  for (const auto& value : row.values) {
    if (!first) {
      out.push_back('\t');
    }
    first = false;
    if (!value) {
      out += "\\N";
      continue;
    }
    for (const char c : *value) {
      switch (c) {
        case '\\':
          out += "\\\\";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        default:
          out.push_back(c);
      }
    }
  }
  out.push_back('\n');
}

}  // namespace sink
