#include "settings.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "patterns.hpp"

namespace rag {
namespace {

namespace fs = std::filesystem;

// The shipped cards and policy, unless configured otherwise.
constexpr std::string_view kDataDir = RAG_K8S_DATA_DIR;
constexpr std::string_view kDefaultRepo = "k12n/homelab";

fs::path default_state_dir() {
  if (const auto state = core::config::process_env("XDG_STATE_HOME")) {
    return fs::path(*state) / "rag-k8s";
  }
  return fs::path(core::config::process_env("HOME").value_or("/tmp")) / ".local/state/rag-k8s";
}

std::vector<std::string> child_environment(const std::string& gh_token) {
  std::vector<std::string> env = {"LANG=C.UTF-8", "NO_COLOR=1"};
  for (const char* name : {"PATH", "HOME", "KUBECONFIG", "GH_CONFIG_DIR"}) {
    if (const auto value = core::config::process_env(name)) {
      env.push_back(std::string(name) + "=" + *value);
    }
  }
  if (!gh_token.empty()) {
    env.push_back("GH_TOKEN=" + gh_token);
  }
  return env;
}

void read_tokens(core::config::Reader& reader, Settings& settings) {
  for (const auto& entry : reader.node("http.tokens")) {
    HttpToken token{entry["name"].as<std::string>(""), entry["sha256"].as<std::string>("")};
    const bool hex = token.sha256.size() == 64 &&
                     std::all_of(token.sha256.begin(), token.sha256.end(), [](char c) {
                       return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                     });
    if (token.name.empty() || !hex) {
      reader.add_problem("http.tokens: every entry needs a name and a lower-case hex sha256");
      continue;
    }
    settings.http_tokens.push_back(std::move(token));
  }
}

}  // namespace

fs::path resolve_binary(const std::string& name, const std::string& path_variable) {
  const auto executable = [](const fs::path& p) {
    return fs::is_regular_file(p) && ::access(p.c_str(), X_OK) == 0;
  };
  if (name.find('/') != std::string::npos) {
    const fs::path p(name);
    return p.is_absolute() && executable(p) ? p : fs::path();
  }
  std::size_t start = 0;
  while (start <= path_variable.size()) {
    auto end = path_variable.find(':', start);
    if (end == std::string::npos) {
      end = path_variable.size();
    }
    const fs::path dir(path_variable.substr(start, end - start));
    if (dir.is_absolute() && executable(dir / name)) {
      return dir / name;
    }
    start = end + 1;
  }
  return {};
}

Settings load_settings(core::config::Reader& reader) {
  Settings s;
  s.state_dir = reader.string("state_dir", default_state_dir().string());
  s.cards_dir = reader.string("cards_dir", (fs::path(kDataDir) / "cards").string());
  s.policy_dir = reader.string("policy_dir", (fs::path(kDataDir) / "policy").string());
  const auto path = core::config::process_env("PATH").value_or("/usr/bin:/bin");
  for (const std::string name : {"kubectl", "flux", "gh"}) {
    const auto configured = reader.string("binaries." + name, name);
    if (auto resolved = resolve_binary(configured, path); !resolved.empty()) {
      s.binaries[name] = std::move(resolved);
    }
  }
  s.repos = reader.list("github.repos", {std::string(kDefaultRepo)});
  s.default_repo = reader.string("github.default_repo", s.repos.empty() ? "" : s.repos.front());
  for (const auto& repo : s.repos) {
    if (!is_repo(repo)) {
      reader.add_problem("github.repos: '" + repo + "' is not owner/name");
    }
  }
  const auto gh_token = reader.secret("github.token", std::string());
  s.protected_namespaces = reader.list("protected_namespaces", {});
  s.llm.base_url = reader.string("llm.base_url", std::string());
  s.llm.model = reader.string("llm.model", std::string());
  s.llm.api_key = reader.secret("llm.api_key", std::string());
  s.llm.timeout = std::chrono::seconds(reader.integer("llm.timeout_seconds", 30, 1, 300));
  if (s.llm.enabled() && !s.llm.base_url.starts_with("http://")) {
    reader.add_problem("llm.base_url: only http:// endpoints (a local server) are supported");
  }
  s.http_address = reader.string("http.address", s.http_address);
  s.http_port = static_cast<std::uint16_t>(reader.integer("http.port", s.http_port, 0, 65535));
  read_tokens(reader, s);
  reader.finish();

  s.child_environment = child_environment(gh_token);
  std::error_code ec;
  fs::create_directories(s.state_dir, ec);
  if (ec || ::chmod(s.state_dir.c_str(), 0700) != 0) {
    throw core::config::ConfigError({"state_dir: cannot create " + s.state_dir.string()});
  }
  return s;
}

}  // namespace rag
