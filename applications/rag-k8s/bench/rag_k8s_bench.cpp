// The benchmark behind `make bench-ragk8s` (issue 8): plan+validate latency of the core over
// 100,000 requests, and the time from process start to the answer of one dry run on the command
// line. Prints one machine-readable result line.
//
//   rag-k8s-bench RAG_K8S_BINARY SOURCE_DIR
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

#include "engine.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kRequests = 100'000;
constexpr int kProcessRuns = 50;

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
  return values[index];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: rag-k8s-bench RAG_K8S_BINARY SOURCE_DIR\n";
    return 2;
  }
  const fs::path binary = argv[1];
  const fs::path source = argv[2];
  const auto state = fs::temp_directory_path() / ("rag-k8s-bench-" + std::to_string(getpid()));
  const auto config = state / "config.yaml";
  fs::create_directories(state);
  std::ofstream(config) << "state_dir: " << (state / "state").string()
                        << "\ncards_dir: " << (source / "cards").string()
                        << "\npolicy_dir: " << (source / "policy").string() << "\n";

  core::config::Reader reader(config.string(), [](const std::string&) { return std::nullopt; });
  rag::Engine engine(rag::load_settings(reader));
  const auto request = boost::json::parse(
      R"({"intent":"logs","resource":"deployment","namespace":"homelab","name":"homelab-api","tail":200,"since":"15m"})");
  std::vector<double> plan_us;
  plan_us.reserve(kRequests);
  for (int i = 0; i < kRequests; ++i) {
    const auto start = Clock::now();
    const auto outcome = engine.handle(request, "bench", rag::Mode::plan);
    plan_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    if (outcome.status != 200) {
      std::cerr << "unexpected status " << outcome.status << "\n";
      return 1;
    }
  }

  std::vector<double> cli_ms;
  const std::string dry_run =
      R"({"intent":"restart","resource":"deployment","namespace":"homelab","name":"api","constraints":{"dryRun":true}})";
  for (int i = 0; i < kProcessRuns; ++i) {
    std::vector<std::string> args = {binary.string(), "--config", config.string(), "exec", dry_run};
    std::vector<char*> raw;
    for (auto& a : args) {
      raw.push_back(a.data());
    }
    raw.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const auto start = Clock::now();
    char* no_env[] = {nullptr};
    if (posix_spawn(&pid, args[0].c_str(), &actions, nullptr, raw.data(), no_env) != 0) {
      std::cerr << "cannot run " << binary << "\n";
      return 1;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    cli_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    posix_spawn_file_actions_destroy(&actions);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::cerr << "the dry run failed\n";
      return 1;
    }
  }
  fs::remove_all(state);
  std::cout << "bench-ragk8s plan_validate_requests=" << kRequests
            << " plan_validate_p50_us=" << percentile(plan_us, 0.50)
            << " plan_validate_p99_us=" << percentile(plan_us, 0.99)
            << " cli_dry_run_runs=" << kProcessRuns
            << " cli_dry_run_p50_ms=" << percentile(cli_ms, 0.50)
            << " cli_dry_run_p99_ms=" << percentile(cli_ms, 0.99) << "\n";
  return 0;
}
