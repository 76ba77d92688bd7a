#include "sandbox.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <random>
#include <sstream>

namespace rag::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr std::array<const char*, 3> kBinaries = {"kubectl", "flux", "gh"};

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string unique_name() {
  std::random_device random;
  return "rag-k8s-test-" + std::to_string(getpid()) + "-" + std::to_string(random());
}

}  // namespace

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

json::object Run::json() const {
  boost::system::error_code ec;
  auto value = json::parse(out, ec);
  EXPECT_FALSE(ec) << "stdout is not JSON: " << out << "\nstderr: " << err;
  if (ec || !value.is_object()) {
    return {};
  }
  return value.as_object();
}

Sandbox::Sandbox() : root_(fs::temp_directory_path() / unique_name()) {
  fs::create_directories(root_ / "bin");
  fs::create_directories(root_ / "records");
  for (const auto* binary : kBinaries) {
    stand_in(binary, "echo ok");
  }
  cards_dir_ = fs::path(RAG_K8S_SOURCE_DIR) / "cards";
  configure("");
}

Sandbox::~Sandbox() {
  std::error_code ignored;
  fs::remove_all(root_, ignored);
}

void Sandbox::stand_in(const std::string& binary, const std::string& body) const {
  const auto record = (root_ / "records" / binary).string();
  const auto path = root_ / "bin" / binary;
  write(path,
        "#!/bin/sh\n"
        "{ basename \"$0\"; for a in \"$@\"; do printf '%s\\n' \"$a\"; done; echo @@end; } >> '" +
            record +
            ".argv'\n"
            "env > '" +
            record +
            ".env'\n"
            "pwd > '" +
            record + ".cwd'\n" + body + "\n");
  fs::permissions(path, fs::perms::owner_all);
}

void Sandbox::configure(const std::string& extra_yaml) const {
  // A top-level key of extra_yaml replaces the sandbox's own.
  const auto given = [&](const std::string& key) {
    return extra_yaml.starts_with(key + ":") ||
           extra_yaml.find("\n" + key + ":") != std::string::npos;
  };
  std::string yaml = extra_yaml;
  const auto add = [&](const std::string& key, const std::string& value) {
    if (!given(key)) {
      yaml += key + ":" + value + "\n";
    }
  };
  add("state_dir", " " + state().string());
  add("cards_dir", " " + cards_dir_.string());
  add("policy_dir", " " + (fs::path(RAG_K8S_SOURCE_DIR) / "policy").string());
  std::string binaries;
  for (const auto* binary : kBinaries) {
    binaries += std::string("\n  ") + binary + ": " + (root_ / "bin" / binary).string();
  }
  add("binaries", binaries);
  add("github", "\n  repos: [k12n/homelab, k12n/other]\n  default_repo: k12n/homelab");
  write(config(), yaml);
}

void Sandbox::shorten_timeout(const std::string& card, int seconds, const std::string& extra_yaml) {
  const auto copy = root_ / "cards";
  fs::create_directories(copy);
  for (const auto& entry : fs::directory_iterator(fs::path(RAG_K8S_SOURCE_DIR) / "cards")) {
    auto text = read_file(entry.path());
    if (entry.path().stem() == card) {
      const auto at = text.find("\ntimeout: ");
      const auto end = text.find('\n', at + 1);
      text.replace(at, end - at, "\ntimeout: " + std::to_string(seconds));
    }
    write(copy / entry.path().filename(), text);
  }
  cards_dir_ = copy;
  configure(extra_yaml);
}

std::vector<std::vector<std::string>> Sandbox::calls(const std::string& binary) const {
  std::istringstream lines(read_file(root_ / "records" / (binary + ".argv")));
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> current;
  std::string line;
  while (std::getline(lines, line)) {
    if (line == "@@end") {
      out.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(line);
    }
  }
  return out;
}

std::string Sandbox::recorded(const std::string& binary, const std::string& what) const {
  return read_file(root_ / "records" / (binary + "." + what));
}

bool Sandbox::nothing_ran() const {
  return std::ranges::none_of(kBinaries, [this](const char* binary) {
    return fs::exists(root_ / "records" / (std::string(binary) + ".argv"));
  });
}

void Sandbox::forget_calls() const {
  for (const auto& entry : fs::directory_iterator(root_ / "records")) {
    fs::remove(entry.path());
  }
}

std::vector<std::string> tool_environment(const Sandbox& sandbox) {
  return {"PATH=" + (sandbox.root() / "bin").string() + ":/usr/bin:/bin",
          "HOME=" + sandbox.root().string(), "RAG_K8S_TEST_SECRET=must-not-leak"};
}

Run Sandbox::run(const std::vector<std::string>& args, const std::string& input) const {
  const auto id = unique_name();
  const auto in_path = root_ / (id + ".in");
  const auto out_path = root_ / (id + ".out");
  const auto err_path = root_ / (id + ".err");
  write(in_path, input);
  std::vector<std::string> full = {RAG_K8S_BIN, "--config", config().string()};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  argv.reserve(full.size() + 1);
  for (auto& a : full) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  auto env_strings = tool_environment(*this);
  std::vector<char*> env;
  env.reserve(env_strings.size() + 1);
  for (auto& e : env_strings) {
    env.push_back(e.data());
  }
  env.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  Run run;
  if (posix_spawn(&pid, RAG_K8S_BIN, &actions, nullptr, argv.data(), env.data()) == 0) {
    int status = 0;
    waitpid(pid, &status, 0);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  run.out = read_file(out_path);
  run.err = read_file(err_path);
  for (const auto& p : {in_path, out_path, err_path}) {
    fs::remove(p);
  }
  return run;
}

Run Sandbox::exec(const json::value& request) const {
  return run({"exec", json::serialize(request)});
}

Run Sandbox::plan(const json::value& request) const {
  return run({"plan", json::serialize(request)});
}

Run Sandbox::exec_confirmed(const json::value& request) const {
  auto first = exec(request);
  EXPECT_EQ(first.exit_code, 4) << first.out << first.err;
  const auto body = first.json();
  if (!body.contains("resolvedRequest")) {
    ADD_FAILURE() << "no resolvedRequest in " << first.out;
    return first;
  }
  EXPECT_TRUE(nothing_ran());
  auto second = body.at("resolvedRequest").as_object();
  second["constraints"] = {{"confirmToken", body.at("confirmToken")}};
  return exec(second);
}

std::vector<json::object> Sandbox::audit_lines() const {
  std::istringstream lines(read_file(state() / "audit.jsonl"));
  std::vector<json::object> out;
  std::string line;
  while (std::getline(lines, line)) {
    boost::system::error_code ec;
    auto value = json::parse(line, ec);
    EXPECT_FALSE(ec) << "audit line is not JSON: " << line;
    if (!ec && value.is_object()) {
      out.push_back(value.as_object());
    }
  }
  return out;
}

}  // namespace rag::testing
