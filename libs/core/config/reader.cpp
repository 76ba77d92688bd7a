#include "core/config/reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace core::config {
namespace {

std::string join_lines(const std::vector<std::string>& problems) {
  std::string out = "configuration has " + std::to_string(problems.size()) + " problem(s):";
  for (const auto& p : problems) {
    out += "\n  - " + p;
  }
  return out;
}

std::vector<std::string> split_key(std::string_view key) {
  std::vector<std::string> parts;
  std::string part;
  for (const char c : key) {
    if (c == '.') {
      parts.push_back(std::move(part));
      part.clear();
    } else {
      part.push_back(c);
    }
  }
  parts.push_back(std::move(part));
  return parts;
}

std::string trim(std::string s) {
  const auto not_space = [](unsigned char c) { return std::isspace(c) == 0; };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

}  // namespace

ConfigError::ConfigError(const std::vector<std::string>& problems)
    : std::runtime_error(join_lines(problems)), problems_(problems) {}

std::optional<std::string> process_env(const std::string& name) {
  const char* value = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe): read at start-up
  if (value == nullptr) {
    return std::nullopt;
  }
  return std::string(value);
}

Reader::Reader(const std::string& yaml_path, EnvLookup env) : env_(std::move(env)) {
  if (yaml_path.empty()) {
    return;
  }
  try {
    root_ = YAML::LoadFile(yaml_path);
    expand(root_, "");
  } catch (const YAML::BadFile&) {
    problems_.push_back(yaml_path + ": cannot read the configuration file");
  } catch (const YAML::Exception& e) {
    problems_.push_back(yaml_path + ": " + e.what());
  }
}

std::string Reader::env_name(std::string_view key) {
  std::string name;
  for (const char c : key) {
    name.push_back(c == '.' || c == '-' ? '_'
                                        : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return name;
}

// Replaces ${VAR} and ${VAR:-default} in every scalar of the document, recording unset variables.
void Reader::expand(YAML::Node node, const std::string& path) {
  if (node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      const auto key = it->first.as<std::string>();
      expand(it->second, path.empty() ? key : path + "." + key);
    }
    return;
  }
  if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      expand(node[i], path + "[" + std::to_string(i) + "]");
    }
    return;
  }
  if (!node.IsScalar()) {
    return;
  }
  const auto text = node.Scalar();
  if (text.find("${") == std::string::npos) {
    return;
  }
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto start = text.find("${", pos);
    if (start == std::string::npos) {
      out.append(text, pos);
      break;
    }
    out.append(text, pos, start - pos);
    const auto end = text.find('}', start);
    if (end == std::string::npos) {
      problems_.push_back(path + ": unterminated ${ in value");
      return;
    }
    const auto expr = text.substr(start + 2, end - start - 2);
    const auto sep = expr.find(":-");
    const auto var = expr.substr(0, sep);
    if (const auto value = env_(var)) {
      out += *value;
    } else if (sep != std::string::npos) {
      out += expr.substr(sep + 2);
    } else {
      problems_.push_back(path + ": references ${" + var + "}, which is not set");
    }
    pos = end + 1;
  }
  node = out;
}

std::optional<std::string> Reader::raw(std::string_view key) {
  if (auto value = env_(env_name(key))) {
    return value;
  }
  const auto found = node(key);
  if (!found || found.IsNull()) {
    return std::nullopt;
  }
  if (!found.IsScalar()) {
    problems_.push_back(std::string(key) + ": expected a single value");
    return std::nullopt;
  }
  return found.Scalar();
}

YAML::Node Reader::node(std::string_view key) const {
  if (!root_) {
    return {};
  }
  // Walk with const lookups and reset(): assigning a YAML::Node would overwrite the tree.
  YAML::Node current = root_;
  for (const auto& part : split_key(key)) {
    if (!current.IsMap()) {
      return {};
    }
    const YAML::Node& view = current;
    const YAML::Node next = view[part];
    if (!next) {
      return {};
    }
    current.reset(next);
  }
  return current;
}

std::string Reader::string(std::string_view key, std::optional<std::string> fallback) {
  if (auto value = raw(key)) {
    return *value;
  }
  if (fallback) {
    return *fallback;
  }
  problems_.push_back(std::string(key) + ": required (environment " + env_name(key) + ")");
  return {};
}

std::optional<std::string> Reader::optional_string(std::string_view key) { return raw(key); }

std::string Reader::secret(std::string_view key, std::optional<std::string> fallback) {
  if (auto value = raw(key)) {
    return *value;
  }
  const auto file_key = std::string(key) + "_file";
  if (auto path = raw(file_key)) {
    std::ifstream in(*path);
    if (!in) {
      problems_.push_back(std::string(key) + ": cannot read the secret file named by " +
                          env_name(file_key));
      return {};
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    auto value = buffer.str();
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) {
      value.pop_back();
    }
    return value;
  }
  if (fallback) {
    return *fallback;
  }
  problems_.push_back(std::string(key) + ": required (environment " + env_name(key) + " or " +
                      env_name(file_key) + ")");
  return {};
}

std::int64_t Reader::integer(std::string_view key, std::optional<std::int64_t> fallback,
                             std::int64_t min, std::int64_t max) {
  const auto value = raw(key);
  if (!value) {
    if (fallback) {
      return *fallback;
    }
    problems_.push_back(std::string(key) + ": required (environment " + env_name(key) + ")");
    return 0;
  }
  const auto text = trim(*value);
  std::int64_t parsed = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, parsed);
  if (ec != std::errc() || ptr != end) {
    problems_.push_back(std::string(key) + ": '" + text + "' is not an integer");
    return fallback.value_or(0);
  }
  if (parsed < min || parsed > max) {
    problems_.push_back(std::string(key) + ": " + text + " is outside " + std::to_string(min) +
                        ".." + std::to_string(max));
    return fallback.value_or(0);
  }
  return parsed;
}

double Reader::number(std::string_view key, std::optional<double> fallback, double min,
                      double max) {
  const auto value = raw(key);
  if (!value) {
    if (fallback) {
      return *fallback;
    }
    problems_.push_back(std::string(key) + ": required (environment " + env_name(key) + ")");
    return 0;
  }
  const auto text = trim(*value);
  double parsed = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, parsed);
  if (ec != std::errc() || ptr != end) {
    problems_.push_back(std::string(key) + ": '" + text + "' is not a number");
    return fallback.value_or(0);
  }
  if (parsed < min || parsed > max) {
    problems_.push_back(std::string(key) + ": " + text + " is out of range");
    return fallback.value_or(0);
  }
  return parsed;
}

bool Reader::boolean(std::string_view key, std::optional<bool> fallback) {
  const auto value = raw(key);
  if (!value) {
    if (fallback) {
      return *fallback;
    }
    problems_.push_back(std::string(key) + ": required (environment " + env_name(key) + ")");
    return false;
  }
  const auto text = trim(*value);
  if (text == "true" || text == "1" || text == "yes" || text == "on") {
    return true;
  }
  if (text == "false" || text == "0" || text == "no" || text == "off") {
    return false;
  }
  problems_.push_back(std::string(key) + ": '" + text + "' is not a boolean (true or false)");
  return fallback.value_or(false);
}

std::vector<std::string> Reader::list(std::string_view key, std::vector<std::string> fallback) {
  if (auto value = env_(env_name(key))) {
    std::vector<std::string> items;
    std::stringstream in(*value);
    std::string item;
    while (std::getline(in, item, ',')) {
      if (auto trimmed = trim(item); !trimmed.empty()) {
        items.push_back(std::move(trimmed));
      }
    }
    return items;
  }
  const auto found = node(key);
  if (!found || found.IsNull()) {
    return fallback;
  }
  if (found.IsScalar()) {
    return {found.Scalar()};
  }
  if (!found.IsSequence()) {
    problems_.push_back(std::string(key) + ": expected a list");
    return fallback;
  }
  std::vector<std::string> items;
  for (const auto& item : found) {
    if (!item.IsScalar()) {
      problems_.push_back(std::string(key) + ": every list item must be a single value");
      return fallback;
    }
    items.push_back(item.Scalar());
  }
  return items;
}

void Reader::finish() const {
  if (!problems_.empty()) {
    throw ConfigError(problems_);
  }
}

}  // namespace core::config
