#include "cpp_scan.hpp"

#include <algorithm>
#include <cctype>

namespace arch_review {
namespace {

bool identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

class Scanner {
 public:
  explicit Scanner(std::string_view source) : src_(source) {}

  CppScan run() {
    while (pos_ < src_.size()) {
      const char c = src_[pos_];
      if (c == '/' && peek(1) == '/') {
        blank_until(src_.find('\n', pos_));
      } else if (c == '/' && peek(1) == '*') {
        const auto end = src_.find("*/", pos_ + 2);
        blank_until(end == std::string_view::npos ? end : end + 2);
      } else if (c == '"') {
        string_literal();
      } else if (c == '\'') {
        char_literal();
      } else {
        emit(c);
      }
    }
    return std::move(out_);
  }

 private:
  char peek(std::size_t ahead) const {
    return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0';
  }

  void emit(char c) {
    if (c == '\n') {
      ++line_;
    } else if (std::isspace(static_cast<unsigned char>(c)) == 0) {
      last_literal_open_ = false;
    }
    out_.code.push_back(c);
    ++pos_;
  }

  void blank_until(std::size_t end) {
    end = std::min(end, src_.size());
    for (; pos_ < end; ++pos_) {
      const bool newline = src_[pos_] == '\n';
      line_ += newline ? 1 : 0;
      out_.code.push_back(newline ? '\n' : ' ');
    }
  }

  // Copies src_[pos_, end) to the code and returns it.
  std::string take(std::size_t end) {
    end = std::min(end, src_.size());
    std::string text(src_.substr(pos_, end - pos_));
    line_ += static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    out_.code += text;
    pos_ = end;
    return text;
  }

  void string_literal() {
    const int start_line = line_;
    const bool raw = pos_ > 0 && src_[pos_ - 1] == 'R';
    std::string body;
    if (raw) {
      const auto open = src_.find('(', pos_);
      const std::string delimiter(src_.substr(pos_ + 1, open - pos_ - 1));
      const auto close = src_.find(")" + delimiter + "\"", open);
      if (open == std::string_view::npos || close == std::string_view::npos) {
        take(src_.size());
        return;
      }
      body = std::string(src_.substr(open + 1, close - open - 1));
      take(close + delimiter.size() + 2);
    } else {
      std::size_t end = pos_ + 1;
      while (end < src_.size() && src_[end] != '"' && src_[end] != '\n') {
        end += src_[end] == '\\' ? 2U : 1U;
      }
      const auto text = take(end + 1);
      body = text.substr(1, text.size() >= 2 ? text.size() - 2 : 0);
    }
    if (last_literal_open_ && !out_.literals.empty()) {
      out_.literals.back().text += body;
    } else {
      out_.literals.push_back({body, start_line});
    }
    last_literal_open_ = true;
  }

  void char_literal() {
    // A quote after a digit or letter is a digit separator (1'000) or part of a prefix.
    if (pos_ > 0 && identifier_char(src_[pos_ - 1])) {
      emit('\'');
      return;
    }
    std::size_t end = pos_ + 1;
    while (end < src_.size() && src_[end] != '\'' && src_[end] != '\n') {
      end += src_[end] == '\\' ? 2U : 1U;
    }
    take(end + 1);
    last_literal_open_ = false;
  }

  std::string_view src_;
  std::size_t pos_ = 0;
  int line_ = 1;
  bool last_literal_open_ = false;
  CppScan out_;
};

}  // namespace

CppScan scan_cpp(std::string_view source) {
  return Scanner(source).run();
}

int line_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(),
                                         text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

}  // namespace arch_review
