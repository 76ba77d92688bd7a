#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <string>
#include <vector>

namespace rag::testing {

// What one run of the real rag-k8s binary printed and returned.
struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
  boost::json::object json() const;  // stdout as a JSON object (fails the test otherwise)
};

// A temporary directory with recording stand-ins for kubectl, flux and gh on PATH, a state
// directory and a configuration file pointing at them. Each stand-in appends its argv (one
// argument per line, then "@@end") to records/<name>.argv, writes its environment and working
// directory next to it (the first line of a call is the program's name), then runs the shell body
// the test gave it (default: print "ok").
class Sandbox {
 public:
  Sandbox();
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;
  Sandbox(Sandbox&&) = delete;
  Sandbox& operator=(Sandbox&&) = delete;

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path state() const { return root_ / "state"; }
  std::filesystem::path config() const { return root_ / "config.yaml"; }

  // Replaces the stand-in's behaviour after it recorded its call.
  void stand_in(const std::string& binary, const std::string& body) const;
  // Rewrites the configuration with these extra YAML lines (top-level keys).
  void configure(const std::string& extra_yaml) const;
  // Copies the shipped cards into the sandbox and points the configuration at the copy, with
  // the card's timeout replaced; returns the copy's directory.
  void shorten_timeout(const std::string& card, int seconds, const std::string& extra_yaml = {});

  // The calls a stand-in received, in order.
  std::vector<std::vector<std::string>> calls(const std::string& binary) const;
  std::string recorded(const std::string& binary, const std::string& what) const;
  // True when no stand-in was run at all.
  bool nothing_ran() const;
  void forget_calls() const;

  // Runs rag-k8s --config <config> <args...> with stdin from `input`.
  Run run(const std::vector<std::string>& args, const std::string& input = {}) const;
  Run exec(const boost::json::value& request) const;
  Run plan(const boost::json::value& request) const;
  // exec, expecting awaiting_confirmation, then exec of resolvedRequest with the token.
  Run exec_confirmed(const boost::json::value& request) const;

  std::vector<boost::json::object> audit_lines() const;

 private:
  std::filesystem::path root_;
  std::string extra_yaml_;
  std::filesystem::path cards_dir_;
};

// The environment the tests give rag-k8s: PATH with the stand-ins first, HOME, and a variable
// that must never reach a child.
std::vector<std::string> tool_environment(const Sandbox& sandbox);
std::string read_file(const std::filesystem::path& path);

}  // namespace rag::testing
