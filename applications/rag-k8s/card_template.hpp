#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "request.hpp"

namespace rag {

// A piece of one argv element: literal text, or a {parameter} with an optional {parameter|default}
// whose default may itself hold placeholders ({selector|app={name}}).
struct Piece {
  bool placeholder = false;
  std::string text;  // the literal, or the parameter name
  std::optional<std::vector<Piece>> fallback;
};

// One argv element.
struct Element {
  std::vector<Piece> pieces;
};

// Elements emitted together. A [ ... ] group is emitted only when every parameter it names is
// present; a group naming none ([--previous]) is the boolean parameter named after its option.
struct Group {
  std::vector<Element> elements;
  bool optional = false;
  std::vector<std::string> needs;  // parameters that must be present (true for a boolean)
};

// The argv template of one step in the notation of contracts/rag-k8s.md section 2. Each
// space-separated token is one element, and a replacement never splits or joins elements.
struct Template {
  std::string text;  // as written in the card
  std::vector<Group> groups;
};

// Throws std::invalid_argument for an unbalanced brace or bracket or an empty element.
Template parse_template(std::string_view text);

// The rendered elements, and what stopped them.
struct Rendering {
  std::vector<std::string> argv;
  std::set<std::string> missing;         // parameters needed but absent
  std::vector<std::string> substituted;  // every value taken from the parameters
};

Rendering render(const Template& tmpl, const Params& params);
// Display text (summaries): absent parameters render as nothing.
std::string render_text(std::string_view text, const Params& params);
// Every parameter the template reads.
std::set<std::string> parameters_of(const Template& tmpl);
// The parameters without which the template cannot render (outside groups, without a default).
std::set<std::string> required_parameters_of(const Template& tmpl);

}  // namespace rag
