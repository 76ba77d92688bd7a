#include "card_template.hpp"

#include <stdexcept>

namespace rag {
namespace {

// Parses text[at..] up to the brace that closes a placeholder opened just before `at`.
std::vector<Piece> parse_pieces(std::string_view text, std::size_t& at, bool inside_default);

Piece parse_placeholder(std::string_view text, std::size_t& at) {
  Piece piece;
  piece.placeholder = true;
  while (at < text.size() && text[at] != '}' && text[at] != '|') {
    piece.text.push_back(text[at++]);
  }
  if (at >= text.size() || piece.text.empty()) {
    throw std::invalid_argument("unterminated or empty placeholder in '" + std::string(text) + "'");
  }
  if (text[at] == '|') {
    ++at;
    piece.fallback = parse_pieces(text, at, true);
  }
  ++at;  // the closing brace
  return piece;
}

std::vector<Piece> parse_pieces(std::string_view text, std::size_t& at, bool inside_default) {
  std::vector<Piece> pieces;
  std::string literal;
  const auto flush = [&] {
    if (!literal.empty()) {
      pieces.push_back({false, std::move(literal), std::nullopt});
      literal.clear();
    }
  };
  while (at < text.size()) {
    const char c = text[at];
    if (c == '}' && inside_default) {
      flush();
      return pieces;
    }
    if (c == '{') {
      flush();
      ++at;
      pieces.push_back(parse_placeholder(text, at));
    } else if (c == '}') {
      throw std::invalid_argument("unbalanced '}' in '" + std::string(text) + "'");
    } else {
      literal.push_back(c);
      ++at;
    }
  }
  if (inside_default) {
    throw std::invalid_argument("unterminated default in '" + std::string(text) + "'");
  }
  flush();
  return pieces;
}

Element parse_element(std::string_view token) {
  if (token.find_first_of("[]") != std::string_view::npos) {
    throw std::invalid_argument("misplaced '[' or ']' in '" + std::string(token) + "'");
  }
  std::size_t at = 0;
  Element element{parse_pieces(token, at, false)};
  if (element.pieces.empty()) {
    throw std::invalid_argument("empty argv element");
  }
  return element;
}

void collect(const std::vector<Piece>& pieces, std::set<std::string>& out, bool with_defaults) {
  for (const auto& piece : pieces) {
    if (piece.placeholder) {
      out.insert(piece.text);
      if (piece.fallback && with_defaults) {
        collect(*piece.fallback, out, with_defaults);
      }
    }
  }
}

bool present(const Params& params, const std::string& name) {
  const auto it = params.find(name);
  if (it == params.end()) {
    return false;
  }
  const auto* flag = std::get_if<bool>(&it->second);
  return flag == nullptr || *flag;
}

void render_pieces(const std::vector<Piece>& pieces, const Params& params, std::string& out,
                   Rendering& rendering) {
  for (const auto& piece : pieces) {
    if (!piece.placeholder) {
      out += piece.text;
    } else if (const auto it = params.find(piece.text); it != params.end()) {
      auto value = to_text(it->second);
      rendering.substituted.push_back(value);
      out += value;
    } else if (piece.fallback) {
      render_pieces(*piece.fallback, params, out, rendering);
    } else {
      rendering.missing.insert(piece.text);
    }
  }
}

}  // namespace

Template parse_template(std::string_view text) {
  Template tmpl{std::string(text), {}};
  Group* open = nullptr;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(' ', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    auto token = text.substr(start, end - start);
    start = end + 1;
    if (token.empty()) {
      continue;
    }
    if (token.starts_with('[')) {
      if (open != nullptr) {
        throw std::invalid_argument("nested '[' in '" + std::string(text) + "'");
      }
      tmpl.groups.push_back({{}, true, {}});
      open = &tmpl.groups.back();
      token.remove_prefix(1);
    } else if (open == nullptr) {
      tmpl.groups.push_back({{}, false, {}});
    }
    const bool closes = token.ends_with(']');
    if (closes) {
      if (open == nullptr) {
        throw std::invalid_argument("unbalanced ']' in '" + std::string(text) + "'");
      }
      token.remove_suffix(1);
    }
    auto& group = open != nullptr ? *open : tmpl.groups.back();
    group.elements.push_back(parse_element(token));
    if (closes) {
      std::set<std::string> names;
      for (const auto& element : open->elements) {
        collect(element.pieces, names, false);
      }
      if (names.empty()) {
        // [--previous]: the boolean parameter named after the option.
        auto flag = open->elements.front().pieces.front().text;
        names.insert(flag.substr(flag.find_first_not_of('-')));
      }
      open->needs.assign(names.begin(), names.end());
      open = nullptr;
    }
  }
  if (open != nullptr) {
    throw std::invalid_argument("unterminated '[' in '" + std::string(text) + "'");
  }
  return tmpl;
}

Rendering render(const Template& tmpl, const Params& params) {
  Rendering rendering;
  for (const auto& group : tmpl.groups) {
    if (group.optional) {
      bool all = true;
      for (const auto& name : group.needs) {
        all = all && present(params, name);
      }
      if (!all) {
        continue;
      }
    }
    for (const auto& element : group.elements) {
      std::string out;
      // Flag-only groups have no placeholder; their literal is emitted as is.
      render_pieces(element.pieces, params, out, rendering);
      rendering.argv.push_back(std::move(out));
    }
  }
  return rendering;
}

std::string render_text(std::string_view text, const Params& params) {
  std::size_t at = 0;
  const auto pieces = parse_pieces(text, at, false);
  std::string out;
  Rendering ignored;
  render_pieces(pieces, params, out, ignored);
  // Absent parameters leave double or trailing spaces behind.
  std::string text_out;
  for (const char c : out) {
    if (c != ' ' || (!text_out.empty() && text_out.back() != ' ')) {
      text_out.push_back(c);
    }
  }
  while (!text_out.empty() && text_out.back() == ' ') {
    text_out.pop_back();
  }
  return text_out;
}

std::set<std::string> parameters_of(const Template& tmpl) {
  std::set<std::string> names;
  for (const auto& group : tmpl.groups) {
    for (const auto& element : group.elements) {
      collect(element.pieces, names, true);
    }
    names.insert(group.needs.begin(), group.needs.end());
  }
  return names;
}

}  // namespace rag

namespace rag {

std::set<std::string> required_parameters_of(const Template& tmpl) {
  std::set<std::string> names;
  for (const auto& group : tmpl.groups) {
    if (group.optional) {
      continue;
    }
    for (const auto& element : group.elements) {
      for (const auto& piece : element.pieces) {
        if (piece.placeholder && !piece.fallback) {
          names.insert(piece.text);
        }
      }
    }
  }
  return names;
}

}  // namespace rag
