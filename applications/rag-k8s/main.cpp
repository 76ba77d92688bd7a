// rag-k8s: safe, audited Kubernetes, Flux and GitHub operations for coding assistants
// (contracts/rag-k8s.md). One core behind three front ends:
//
//   rag-k8s [--config FILE] exec [REQUEST]     run a request (inline JSON, @file, or stdin)
//   rag-k8s [--config FILE] plan [REQUEST]     validate and render only
//   rag-k8s [--config FILE] cards [--query Q]  list the cards, ranked for a query
//   rag-k8s [--config FILE] serve-http         HTTP server (127.0.0.1:8000, bearer tokens)
//   rag-k8s [--config FILE] serve-mcp          MCP server over stdin/stdout
//
// Exit codes of exec and plan: 0 executed with code 0 or dry run, 1 executed with a non-zero
// code or timed out, 2 invalid request (400/422), 3 denied (403), 4 awaiting confirmation,
// 5 internal or configuration error.

#include <pwd.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <array>
#include <boost/asio/ip/address.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <csignal>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>

#include "core/http/server.hpp"
#include "core/log/logging.hpp"
#include "core/metrics/exposition.hpp"
#include "engine.hpp"
#include "http_front.hpp"
#include "mcp_server.hpp"

namespace {

constexpr int kExitInvalid = 2;
constexpr int kExitInternal = 5;

// Diagnostics of the command line and the MCP server go to stderr: stdout carries the answer.
void log_to_stderr() {
  auto logger = std::make_shared<spdlog::logger>("rag-k8s",
                                                 std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_pattern("rag-k8s: %l: %v");
  spdlog::set_default_logger(std::move(logger));
}

std::string cli_caller() {
  passwd entry{};
  passwd* found = nullptr;
  std::array<char, 4096> buffer{};
  if (getpwuid_r(geteuid(), &entry, buffer.data(), buffer.size(), &found) == 0 &&
      found != nullptr) {
    return std::string("cli:") + entry.pw_name;
  }
  return "cli:uid-" + std::to_string(geteuid());
}

// The request text: the argument itself, the file named after '@', or stdin.
std::optional<std::string> request_text(const std::string& argument) {
  if (argument.empty()) {
    return std::string(std::istreambuf_iterator<char>(std::cin), {});
  }
  if (!argument.starts_with('@')) {
    return argument;
  }
  std::ifstream file(argument.substr(1), std::ios::binary);
  if (!file) {
    return std::nullopt;
  }
  std::stringstream buffer;
  buffer << file.rdbuf();
  return buffer.str();
}

int run_request(rag::Engine& engine, const std::string& argument, rag::Mode mode) {
  const auto caller = cli_caller();
  const auto text = request_text(argument);
  rag::Outcome outcome;
  if (!text) {
    outcome = engine.invalid(caller, "cannot read the request file " + argument.substr(1));
  } else {
    boost::system::error_code ec;
    const auto body = boost::json::parse(*text, ec);
    outcome = ec ? engine.invalid(caller, "malformed JSON request: " + ec.message())
                 : engine.handle(body, caller, mode);
  }
  std::cout << boost::json::serialize(outcome.body) << '\n';
  return rag::exit_code(outcome);
}

int serve_http(rag::Engine& engine, const rag::Settings& settings) {
  if (settings.http_tokens.empty()) {
    spdlog::error("serve-http needs at least one entry in http.tokens");
    return kExitInternal;
  }
  const auto address = boost::asio::ip::make_address(settings.http_address);
  if (!address.is_loopback()) {
    spdlog::warn(
        "serving on the non-loopback address {}: every host that reaches it may try tokens",
        settings.http_address);
  }
  core::metrics::Registry registry;
  core::http::Server server(rag::http_options(settings), registry);
  rag::install_routes(server, engine, settings.http_tokens);
  server.stop_on_signals();
  server.run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Safe, audited Kubernetes, Flux and GitHub operations for coding assistants.",
               "rag-k8s"};
  app.set_version_flag("--version", std::string(K12N_VERSION));
  app.require_subcommand(1);
  std::string config_file;
  app.add_option("--config", config_file, "YAML configuration file")
      ->envname("RAG_K8S_CONFIG")
      ->check(CLI::ExistingFile);
  std::string request_argument;
  auto* exec = app.add_subcommand("exec", "validate, apply policy and run one request");
  exec->add_option("request", request_argument, "request JSON, or @file; stdin when absent");
  auto* plan = app.add_subcommand("plan", "validate and render one request, never run it");
  plan->add_option("request", request_argument, "request JSON, or @file; stdin when absent");
  auto* cards = app.add_subcommand("cards", "list the cards");
  std::string query;
  cards->add_option("--query", query, "rank the cards for this natural-language goal");
  auto* http = app.add_subcommand("serve-http", "serve the HTTP API");
  auto* mcp = app.add_subcommand("serve-mcp", "serve MCP (JSON-RPC 2.0) on stdin and stdout");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kExitInvalid;
  }

  if (http->parsed()) {
    core::log::init({.service = "rag-k8s"});
  } else {
    log_to_stderr();
  }
  std::optional<rag::Engine> engine;
  rag::Settings settings;
  try {
    core::config::Reader reader(config_file);
    settings = rag::load_settings(reader);
    engine.emplace(settings);
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return kExitInternal;
  }
  // A client that goes away must not kill the server or the command line mid-audit.
  std::signal(SIGPIPE, SIG_IGN);
  if (exec->parsed() || plan->parsed()) {
    return run_request(*engine, request_argument,
                       exec->parsed() ? rag::Mode::exec : rag::Mode::plan);
  }
  if (cards->parsed()) {
    std::optional<std::string> ranked;
    if (!query.empty()) {
      ranked = query;
    }
    std::cout << boost::json::serialize(boost::json::object{{"cards", engine->list_cards(ranked)}})
              << '\n';
    return 0;
  }
  if (mcp->parsed()) {
    rag::McpServer server(*engine, K12N_VERSION);
    server.run(std::cin, std::cout);
    return 0;
  }
  return serve_http(*engine, settings);
}
