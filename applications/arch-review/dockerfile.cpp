#include "dockerfile.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "source_tree.hpp"

namespace arch_review {
namespace {

std::string trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) {
    return {};
  }
  const auto end = text.find_last_not_of(" \t\r");
  return std::string(text.substr(begin, end - begin + 1));
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::vector<std::string> words(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::vector<std::string> result;
  for (std::string word; in >> word;) {
    result.push_back(word);
  }
  return result;
}

Stage stage_from(const Instruction& from) {
  Stage stage;
  stage.line = from.line;
  std::vector<std::string> parts;
  for (auto& word : words(from.arguments)) {
    if (!word.starts_with("--")) {
      parts.push_back(word);
    }
  }
  if (!parts.empty()) {
    stage.base = parts[0];
  }
  if (parts.size() >= 3 && upper(parts[1]) == "AS") {
    stage.name = parts[2];
  }
  return stage;
}

}  // namespace

std::vector<Stage> parse_dockerfile(std::string_view text) {
  std::vector<Instruction> instructions;
  std::istringstream in{std::string(text)};
  std::string pending;
  int pending_line = 0;
  int line_number = 0;
  for (std::string raw; std::getline(in, raw);) {
    ++line_number;
    const auto line = trim(raw);
    if (line.starts_with('#') || (line.empty() && pending.empty())) {
      continue;
    }
    if (pending.empty()) {
      pending_line = line_number;
    }
    const bool continued = line.ends_with('\\');
    pending += continued ? line.substr(0, line.size() - 1) + " " : line;
    if (continued) {
      continue;
    }
    const auto space = pending.find_first_of(" \t");
    instructions.push_back({pending_line, upper(pending.substr(0, space)),
                            space == std::string::npos ? "" : trim(pending.substr(space))});
    pending.clear();
  }

  std::vector<Stage> stages;
  for (const auto& instruction : instructions) {
    if (instruction.keyword == "FROM") {
      stages.push_back(stage_from(instruction));
    } else if (!stages.empty()) {
      stages.back().instructions.push_back(instruction);
    }
  }
  return stages;
}

CopySources copy_sources(const Instruction& instruction) {
  CopySources result;
  std::string arguments = instruction.arguments;
  // JSON form: ["a", "b", "dest"]
  if (arguments.starts_with('[')) {
    std::replace_if(
        arguments.begin(), arguments.end(),
        [](char c) { return c == '[' || c == ']' || c == ',' || c == '"'; }, ' ');
  }
  for (auto& word : words(arguments)) {
    if (word.starts_with("--from=")) {
      result.from_stage = true;
    } else if (!word.starts_with("--")) {
      result.sources.push_back(word);
    }
  }
  if (!result.sources.empty()) {
    result.sources.pop_back();  // the destination
  }
  return result;
}

bool is_dockerfile(std::string_view relative_path) {
  const auto name = file_name(relative_path);
  return name == "Dockerfile" || name.starts_with("Dockerfile.") ||
         ends_with_any(name, {".Dockerfile", ".dockerfile"});
}

}  // namespace arch_review
