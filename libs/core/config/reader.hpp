#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace core::config {

// Thrown by Reader::finish(); what() lists every problem found, one per line.
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(const std::vector<std::string>& problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// The process environment, as an EnvLookup.
std::optional<std::string> process_env(const std::string& name);

// Reads settings by dotted key ("http.port"). The environment variable named after the key
// (HTTP_PORT) wins over the optional YAML file, whose scalars may reference ${VAR} or
// ${VAR:-default}. Problems are collected instead of thrown so that finish() can report all of
// them at once; getters return the fallback (or an empty value) for a key with a problem.
class Reader {
 public:
  explicit Reader(const std::string& yaml_path = {}, EnvLookup env = process_env);

  std::string string(std::string_view key, std::optional<std::string> fallback = std::nullopt);
  std::optional<std::string> optional_string(std::string_view key);
  // A secret is read like a string, or from the file named by <KEY>_FILE, and never logged.
  std::string secret(std::string_view key, std::optional<std::string> fallback = std::nullopt);
  std::int64_t integer(std::string_view key, std::optional<std::int64_t> fallback,
                       std::int64_t min, std::int64_t max);
  double number(std::string_view key, std::optional<double> fallback, double min, double max);
  bool boolean(std::string_view key, std::optional<bool> fallback);
  // Environment form: comma-separated; YAML form: a sequence of scalars.
  std::vector<std::string> list(std::string_view key, std::vector<std::string> fallback);
  // A structured YAML subtree (no environment override), already ${VAR}-expanded.
  YAML::Node node(std::string_view key) const;

  void add_problem(std::string problem) { problems_.push_back(std::move(problem)); }
  const std::vector<std::string>& problems() const { return problems_; }
  // Throws ConfigError when any problem was recorded.
  void finish() const;

  static std::string env_name(std::string_view key);

 private:
  std::optional<std::string> raw(std::string_view key);
  void expand(YAML::Node node, const std::string& path);

  EnvLookup env_;
  YAML::Node root_;
  std::vector<std::string> problems_;
};

}  // namespace core::config
