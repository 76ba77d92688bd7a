// The benchmark behind `make bench-ragk8s` (issue 8):
//   1. plan+validate latency of the core over 100,000 requests: Engine::handle in plan mode, which
//      parses nothing but does everything else /k8s-plan does (schema and value checks, card
//      choice, rendering, policy, the response body and the audit line under its file lock). The
//      requests cycle through every card, each parsed from its JSON text inside the timed part;
//   2. the time from process start to the answer of one dry run on the command line: spawn
//      `rag-k8s exec '<dry run>'` and wait for the decision line on its stdout (and for its exit).
// Each comes with a baseline taken in the same run (docs/BENCHMARKS.md compares the ratios, since
// absolute times drift on a shared machine): appending the same audit line alone, and starting and
// reaping /bin/true. Prints a summary and one JSON result line; the exit status is non-zero only
// when something failed to run.
//
//   rag-k8s-bench RAG_K8S_BINARY SOURCE_DIR
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "audit_log.hpp"
#include "engine.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kRequests = 100'000;
constexpr int kAuditAppends = 20'000;
constexpr int kProcessRuns = 200;
constexpr double kPlanTargetUs = 1000;  // p99 under 1 ms
constexpr double kCliTargetMs = 20;     // under 20 ms

// One request per card (the cards of contracts/rag-k8s.md section 2), as an assistant sends them.
constexpr std::array<std::string_view, 28> kRequestTexts = {
    R"({"intent":"restart","resource":"deployment","namespace":"homelab-api","name":"homelab-api"})",
    R"({"intent":"status","resource":"deployment","namespace":"prod","name":"api"})",
    R"({"intent":"diagnose","resource":"deployment","namespace":"prod","name":"api"})",
    R"({"intent":"describe","resource":"deployment","namespace":"prod","name":"api"})",
    R"({"intent":"scale","resource":"deployment","namespace":"staging","name":"worker","replicas":0})",
    R"({"intent":"logs","resource":"deployment","namespace":"homelab","name":"homelab-api","tail":200,"since":"15m"})",
    R"({"intent":"logs","resource":"pod","namespace":"prod","name":"api-7d9f","container":"main","previous":true})",
    R"({"intent":"diagnose","resource":"pod","namespace":"prod","name":"api-7d9f"})",
    R"({"intent":"diagnose","resource":"pod","namespace":"prod","name":"api-7d9f","query":"ImagePullBackOff after the release"})",
    R"({"intent":"events","resource":"namespace","namespace":"prod"})",
    R"({"intent":"describe","resource":"namespace","selector":"team=energy,tier!=db"})",
    R"({"intent":"top","resource":"pod","namespace":"monitoring"})",
    R"({"intent":"top","resource":"node"})",
    R"({"intent":"cordon","resource":"node","name":"p0.local"})",
    R"({"intent":"uncordon","resource":"node","name":"p0.local"})",
    R"({"intent":"drain","resource":"node","name":"p0.local"})",
    R"({"intent":"flux-reconcile","resource":"kustomization","name":"apps"})",
    R"({"intent":"flux-suspend","resource":"kustomization","name":"apps","namespace":"flux-system"})",
    R"({"intent":"flux-resume","resource":"kustomization","name":"apps"})",
    R"({"intent":"flux-status","resource":"kustomization"})",
    R"({"intent":"job-restart","resource":"job","namespace":"staging","name":"migrate"})",
    R"({"intent":"config-view","resource":"configmap","namespace":"prod","name":"api-config"})",
    R"({"intent":"gh-run-watch","resource":"workflow","runId":123456789})",
    R"({"intent":"gh-run-list","resource":"workflow","limit":5,"workflow":"ci.yaml"})",
    R"({"intent":"gh-run-view","resource":"workflow","runId":123456789})",
    R"({"intent":"gh-workflow-view","resource":"workflow","workflow":"release.yml"})",
    R"({"intent":"gh-pr-list","resource":"pull-request"})",
    R"({"intent":"gh-pr-view","resource":"pull-request","prNumber":42,"comments":true})",
};

constexpr std::string_view kDryRun =
    R"({"intent":"restart","resource":"deployment","namespace":"homelab","name":"api","constraints":{"dryRun":true}})";

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
  return values[index];
}

std::string fixed(double value, int digits) {
  std::array<char, 64> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.*f", digits, value);
  return buffer.data();
}

const char* met(bool ok) {
  return ok ? "met" : "not met";
}

struct CliRun {
  double answer_ms = 0;  // the decision line arrived on stdout
  double exit_ms = 0;    // the process was reaped
  double cpu_ms = 0;     // user + system time of the process: what it costs on an idle machine
  bool ok = false;
};

double cpu_ms(const rusage& usage) {
  const auto ms = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3;
  };
  return ms(usage.ru_utime) + ms(usage.ru_stime);
}

// One `rag-k8s --config CONFIG exec <dry run>` with stdout on a pipe.
CliRun run_cli(const fs::path& binary, const fs::path& config) {
  std::array<int, 2> pipe{};
  if (pipe2(pipe.data(), O_CLOEXEC) != 0) {
    return {};
  }
  std::vector<std::string> args = {binary.string(), "--config", config.string(), "exec",
                                   std::string(kDryRun)};
  std::vector<char*> raw;
  raw.reserve(args.size() + 1);
  for (auto& a : args) {
    raw.push_back(a.data());
  }
  raw.push_back(nullptr);
  std::string path_variable = "PATH=/usr/bin:/bin";
  std::array<char*, 2> environment = {path_variable.data(), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe[1], STDOUT_FILENO);
  pid_t pid = 0;
  const auto start = Clock::now();
  const int error =
      posix_spawn(&pid, args[0].c_str(), &actions, nullptr, raw.data(), environment.data());
  posix_spawn_file_actions_destroy(&actions);
  close(pipe[1]);
  CliRun run;
  if (error != 0) {
    close(pipe[0]);
    return run;
  }
  std::string out;
  std::array<char, 4096> chunk{};
  while (out.find('\n') == std::string::npos) {
    const auto n = ::read(pipe[0], chunk.data(), chunk.size());
    if (n <= 0) {
      break;
    }
    out.append(chunk.data(), static_cast<std::size_t>(n));
  }
  run.answer_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  run.exit_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  run.cpu_ms = cpu_ms(usage);
  close(pipe[0]);
  run.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
           out.find(R"("status":"dry_run")") != std::string::npos;
  return run;
}

// The first three fields of /proc/loadavg.
std::string load_average() {
  std::ifstream file("/proc/loadavg");
  std::string one;
  std::string five;
  std::string fifteen;
  file >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

// Starting and reaping /bin/true: the floor of any command-line answer on this machine.
CliRun spawn_true() {
  std::string program = "/bin/true";
  std::array<char*, 2> args = {program.data(), nullptr};
  std::array<char*, 1> environment = {nullptr};
  pid_t pid = 0;
  const auto start = Clock::now();
  CliRun run;
  if (posix_spawn(&pid, program.c_str(), nullptr, nullptr, args.data(), environment.data()) != 0) {
    return run;
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  run.exit_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  run.answer_ms = run.exit_ms;
  run.cpu_ms = cpu_ms(usage);
  run.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: rag-k8s-bench RAG_K8S_BINARY SOURCE_DIR\n";
    return 2;
  }
  const std::vector<std::string> args(argv, argv + argc);
  const fs::path binary = fs::absolute(args[1]);
  const fs::path source = fs::absolute(args[2]);
  const auto root = fs::temp_directory_path() / ("rag-k8s-bench-" + std::to_string(getpid()));
  const auto config = root / "config.yaml";
  fs::create_directories(root);
  std::ofstream(config) << "state_dir: " << (root / "state").string()
                        << "\ncards_dir: " << (source / "cards").string()
                        << "\npolicy_dir: " << (source / "policy").string()
                        << "\ngithub: {repos: [k12n/homelab]}\n";
  int failed = 0;
  const auto load_before = load_average();

  // 1. plan+validate in process.
  std::vector<double> plan_us;
  double plan_seconds = 0;
  {
    core::config::Reader reader(config.string(), [](const std::string&) { return std::nullopt; });
    rag::Engine engine(rag::load_settings(reader));
    const std::vector<std::string> texts(kRequestTexts.begin(), kRequestTexts.end());
    for (const auto& text : texts) {  // warm-up, and every request must plan
      const auto outcome = engine.handle(boost::json::parse(text), "cli:bench", rag::Mode::plan);
      if (outcome.status != 200) {
        std::cerr << "bench-ragk8s: status " << outcome.status << " for " << text << "\n";
        ++failed;
      }
    }
    plan_us.reserve(kRequests);
    const auto begin = Clock::now();
    for (int i = 0; i < kRequests; ++i) {
      const auto& text = texts[static_cast<std::size_t>(i) % texts.size()];
      const auto start = Clock::now();
      const auto outcome = engine.handle(boost::json::parse(text), "cli:bench", rag::Mode::plan);
      plan_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
      failed += outcome.status == 200 ? 0 : 1;
    }
    plan_seconds = std::chrono::duration<double>(Clock::now() - begin).count();
  }

  // Baseline: the audit line alone (open, lock, stat, append, close), as a plan writes it.
  std::vector<double> audit_us;
  {
    fs::create_directories(root / "audit-only");
    const rag::AuditLog log(root / "audit-only");
    rag::AuditRecord record;
    record.operation_id = "5b0f3c7e-1d2a-4c55-9f00-7a2b9d1e6c41";
    record.caller = "cli:bench";
    record.intent = "logs";
    record.resource = "deployment";
    record.namespace_ = "homelab";
    record.name = "homelab-api";
    record.card = "logs-deployment-selector";
    record.params = {{"namespace", "homelab"}, {"name", "homelab-api"}, {"tail", 200}};
    record.argv = boost::json::array{boost::json::array{"kubectl", "logs", "-n", "homelab", "-l",
                                                        "app=homelab-api", "--tail=200", "--prefix",
                                                        "--max-log-requests=10", "--since=15m"}};
    record.dry_run = true;
    record.decision = "dry_run";
    audit_us.reserve(kAuditAppends);
    for (int i = 0; i < kAuditAppends; ++i) {
      const auto start = Clock::now();
      log.append(record);
      audit_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    }
  }

  // 2. process start to answer of a dry run. The first run is reported on its own: it pays for
  // the page cache and the state directory's key file.
  const auto first = run_cli(binary, config);
  failed += first.ok ? 0 : 1;
  std::vector<double> answer_ms;
  std::vector<double> exit_ms;
  std::vector<double> cli_cpu_ms;
  std::vector<double> true_ms;
  std::vector<double> true_cpu_ms;
  for (int i = 0; i < kProcessRuns; ++i) {  // interleaved, so that both see the same load
    const auto run = run_cli(binary, config);
    failed += run.ok ? 0 : 1;
    answer_ms.push_back(run.answer_ms);
    exit_ms.push_back(run.exit_ms);
    cli_cpu_ms.push_back(run.cpu_ms);
    const auto baseline = spawn_true();
    failed += baseline.ok ? 0 : 1;
    true_ms.push_back(baseline.exit_ms);
    true_cpu_ms.push_back(baseline.cpu_ms);
  }
  std::error_code ignored;
  fs::remove_all(root, ignored);

  const double p50 = percentile(plan_us, 0.50);
  const double p99 = percentile(plan_us, 0.99);
  const double max = *std::max_element(plan_us.begin(), plan_us.end());
  const double audit_p50 = percentile(audit_us, 0.50);
  const double audit_p99 = percentile(audit_us, 0.99);
  const double cli_p50 = percentile(answer_ms, 0.50);
  const double cli_p99 = percentile(answer_ms, 0.99);
  const double exit_p50 = percentile(exit_ms, 0.50);
  const double cpu_p50 = percentile(cli_cpu_ms, 0.50);
  const double true_p50 = percentile(true_ms, 0.50);
  const double true_cpu_p50 = percentile(true_cpu_ms, 0.50);
  const double rps = kRequests / plan_seconds;
  const bool plan_ok = p99 < kPlanTargetUs;
  const bool cli_ok = cli_p50 < kCliTargetMs;
  const bool cpu_ok = cpu_p50 < kCliTargetMs;
  const auto cores = std::thread::hardware_concurrency();

  std::cout << "rag-k8s benchmark (" << cores << " cores; load average before " << load_before
            << ", after " << load_average() << ")\n";
  std::cout << "  plan+validate, " << kRequests << " requests over the 28 cards (in process, with "
            << "the audit line): p50 " << fixed(p50, 1) << " us, p99 " << fixed(p99, 1)
            << " us, max " << fixed(max, 1) << " us, " << fixed(rps, 0)
            << " requests/s on one thread\n";
  std::cout << "    baseline, the audit line alone: p50 " << fixed(audit_p50, 1) << " us, p99 "
            << fixed(audit_p99, 1) << " us; plan/audit p50 ratio " << fixed(p50 / audit_p50, 2)
            << "\n";
  std::cout << "  command-line dry run, start to answer, " << kProcessRuns << " runs: p50 "
            << fixed(cli_p50, 2) << " ms, p99 " << fixed(cli_p99, 2) << " ms (to exit: p50 "
            << fixed(exit_p50, 2) << " ms); first run " << fixed(first.answer_ms, 2)
            << " ms; CPU time p50 " << fixed(cpu_p50, 2) << " ms\n";
  std::cout << "    baseline, start and reap /bin/true: p50 " << fixed(true_p50, 2)
            << " ms, CPU time p50 " << fixed(true_cpu_p50, 2) << " ms; dry run/true p50 ratio "
            << fixed(cli_p50 / true_p50, 1) << "\n";
  std::cout << "  targets: plan+validate p99 < 1 ms " << met(plan_ok)
            << "; dry run start to answer < 20 ms " << met(cli_ok) << " (its CPU time "
            << met(cpu_ok) << ")\n";
  std::cout << R"({"bench":"ragk8s","cores":)" << cores << R"(,"plan_requests":)" << kRequests
            << R"(,"plan_p50_us":)" << fixed(p50, 1) << R"(,"plan_p99_us":)" << fixed(p99, 1)
            << R"(,"plan_max_us":)" << fixed(max, 1) << R"(,"plan_rps":)" << fixed(rps, 0)
            << R"(,"audit_p50_us":)" << fixed(audit_p50, 1) << R"(,"audit_p99_us":)"
            << fixed(audit_p99, 1) << R"(,"cli_runs":)" << kProcessRuns
            << R"(,"cli_answer_p50_ms":)" << fixed(cli_p50, 2) << R"(,"cli_answer_p99_ms":)"
            << fixed(cli_p99, 2) << R"(,"cli_exit_p50_ms":)" << fixed(exit_p50, 2)
            << R"(,"cli_first_ms":)" << fixed(first.answer_ms, 2) << R"(,"cli_cpu_p50_ms":)"
            << fixed(cpu_p50, 2) << R"(,"true_p50_ms":)" << fixed(true_p50, 2)
            << R"(,"true_cpu_p50_ms":)" << fixed(true_cpu_p50, 2) << R"(,"plan_p99_met":)"
            << (plan_ok ? "true" : "false") << R"(,"cli_met":)" << (cli_ok ? "true" : "false")
            << R"(,"cli_cpu_met":)" << (cpu_ok ? "true" : "false") << R"(,"failed":)" << failed
            << "}\n";
  return failed == 0 ? 0 : 1;
}
