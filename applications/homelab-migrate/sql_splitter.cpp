#include "sql_splitter.hpp"

#include <string>

namespace migrate {
namespace {

bool is_identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool is_identifier_char(char c) {
  return is_identifier_start(c) || (c >= '0' && c <= '9') || c == '$';
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string lower(std::string_view word) {
  std::string out(word);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

class Splitter {
 public:
  explicit Splitter(std::string_view script) : s_(script) {}

  std::vector<Statement> run() {
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (is_space(c)) {
        advance();
      } else if (c == '-' && peek(1) == '-') {
        while (i_ < s_.size() && s_[i_] != '\n') {
          ++i_;
        }
      } else if (c == '/' && peek(1) == '*') {
        skip_block_comment();
      } else {
        token(c);
      }
    }
    if (start_ != kNpos) {
      emit(end_);
    }
    return std::move(statements_);
  }

 private:
  static constexpr std::size_t kNpos = std::string_view::npos;

  char peek(std::size_t ahead) const { return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0'; }

  void advance() {
    if (s_[i_] == '\n') {
      ++line_;
    }
    ++i_;
  }

  void token(char c) {
    if (c == ';' && start_ == kNpos) {  // empty statement
      ++i_;
      return;
    }
    if (start_ == kNpos) {
      start_ = i_;
      start_line_ = line_;
    }
    if (c == ';' && parens_ == 0 && atomic_depth_ == 0) {
      emit(i_ + 1);
      ++i_;
      return;
    }
    if (c == '\'') {
      skip_quoted('\'', false);
    } else if (c == '"') {
      skip_quoted('"', false);
    } else if (c == '$') {
      skip_dollar_quote();
    } else if (is_identifier_start(c)) {
      word();
    } else {
      if (c == '(') {
        ++parens_;
      } else if (c == ')' && parens_ > 0) {
        --parens_;
      }
      ++i_;
    }
    end_ = i_;
  }

  void emit(std::size_t end) {
    statements_.push_back({s_.substr(start_, end - start_), start_line_});
    start_ = kNpos;
    parens_ = 0;
    atomic_depth_ = 0;
    words_.clear();
  }

  // Nested /* */ comments, as PostgreSQL allows.
  void skip_block_comment() {
    int depth = 0;
    while (i_ < s_.size()) {
      if (s_[i_] == '/' && peek(1) == '*') {
        ++depth;
        i_ += 2;
      } else if (s_[i_] == '*' && peek(1) == '/') {
        i_ += 2;
        if (--depth == 0) {
          return;
        }
      } else {
        advance();
      }
    }
  }

  // From the opening quote through the closing one; a doubled quote is an escaped quote, and in
  // E'' strings a backslash escapes the next character.
  void skip_quoted(char quote, bool backslash_escapes) {
    ++i_;
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (backslash_escapes && c == '\\' && i_ + 1 < s_.size()) {
        ++i_;
        advance();
      } else if (c == quote && peek(1) == quote) {
        i_ += 2;
      } else if (c == quote) {
        ++i_;
        return;
      } else {
        advance();
      }
    }
  }

  // $tag$ ... $tag$ with an empty or identifier tag; any other $ ($1 parameters) is an operator.
  void skip_dollar_quote() {
    std::size_t j = i_ + 1;
    if (j < s_.size() && is_identifier_start(s_[j])) {
      while (j < s_.size() && is_identifier_char(s_[j]) && s_[j] != '$') {
        ++j;
      }
    }
    if (j >= s_.size() || s_[j] != '$') {
      ++i_;
      return;
    }
    const auto tag = s_.substr(i_, j - i_ + 1);
    i_ = j + 1;
    while (i_ < s_.size()) {
      if (s_.substr(i_, tag.size()) == tag) {
        i_ += tag.size();
        return;
      }
      advance();
    }
  }

  // Identifiers and keywords; E'...' strings; BEGIN ATOMIC bodies of CREATE FUNCTION/PROCEDURE,
  // where semicolons separate the body's statements until the matching END.
  void word() {
    const std::size_t begin = i_;
    while (i_ < s_.size() && is_identifier_char(s_[i_])) {
      ++i_;
    }
    const auto text = lower(s_.substr(begin, i_ - begin));
    if (text == "e" && i_ < s_.size() && s_[i_] == '\'') {
      skip_quoted('\'', true);
      return;
    }
    if (words_.size() < 4) {
      words_.push_back(text);
    }
    // CASE ... END nests inside a BEGIN ATOMIC body and ends with the same keyword.
    if ((text == "begin" && defines_routine()) || (text == "case" && atomic_depth_ > 0)) {
      ++atomic_depth_;
    } else if (text == "end" && atomic_depth_ > 0) {
      --atomic_depth_;
    }
  }

  bool defines_routine() const {
    const auto routine = [](const std::string& w) { return w == "function" || w == "procedure"; };
    if (words_.size() < 2 || words_[0] != "create") {
      return false;
    }
    return routine(words_[1]) || (words_.size() >= 4 && words_[1] == "or" &&
                                  words_[2] == "replace" && routine(words_[3]));
  }

  std::string_view s_;
  std::size_t i_ = 0;
  int line_ = 1;
  std::size_t start_ = kNpos;
  std::size_t end_ = 0;
  int start_line_ = 1;
  int parens_ = 0;
  int atomic_depth_ = 0;
  std::vector<std::string> words_;  // the statement's first words, lower case
  std::vector<Statement> statements_;
};

}  // namespace

std::vector<Statement> split_statements(std::string_view script) {
  return Splitter(script).run();
}

int line_of_position(const Statement& statement, int position) {
  int line = statement.line;
  int characters = 0;
  for (const char c : statement.text) {
    // UTF-8 continuation bytes belong to the character before them.
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U && ++characters >= position) {
      break;
    }
    if (c == '\n') {
      ++line;
    }
  }
  return line;
}

}  // namespace migrate
