#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/config/reader.hpp"

namespace rag {

// An HTTP caller: the token itself is never stored, only its SHA-256.
struct HttpToken {
  std::string name;
  std::string sha256;  // lower-case hex
};

struct LlmSettings {
  std::string base_url;  // empty: disabled
  std::string model;
  std::string api_key;  // from llm.api_key_file
  std::chrono::seconds timeout{30};
  bool enabled() const { return !base_url.empty(); }
};

// Everything rag-k8s reads at start-up. Keys are dotted ("github.repos"); the environment
// variable of the same name (GITHUB_REPOS) wins over the YAML file (core/config).
struct Settings {
  std::filesystem::path state_dir;
  std::filesystem::path cards_dir;
  std::filesystem::path policy_dir;
  // kubectl, flux and gh resolved to absolute paths; a binary that was not found is absent.
  std::map<std::string, std::filesystem::path, std::less<>> binaries;
  std::vector<std::string> repos;
  std::string default_repo;
  std::vector<std::string> protected_namespaces;  // added to the fixed ones
  std::vector<std::string> child_environment;     // section 6's allow-list, as NAME=value
  LlmSettings llm;
  std::string http_address = "127.0.0.1";
  std::uint16_t http_port = 8000;
  std::vector<HttpToken> http_tokens;
};

// Reads the settings, creates the state directory (mode 0700) and resolves the binaries. Throws
// core::config::ConfigError listing every problem.
Settings load_settings(core::config::Reader& reader);

// An executable's absolute path: the value itself when it contains '/', else the first match on
// PATH. Empty when there is none.
std::filesystem::path resolve_binary(const std::string& name, const std::string& path_variable);

}  // namespace rag
