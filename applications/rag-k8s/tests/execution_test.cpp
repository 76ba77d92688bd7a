// Execution (section 6) through the real binary: exit codes, the process group and its timeout,
// output capping and hashing, the environment allow-list, multi-step cards.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "crypto.hpp"
#include "executor.hpp"
#include "sandbox.hpp"

namespace rag::testing {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

const char* const kLogs = R"({"intent":"logs","resource":"pod","namespace":"dev","name":"api"})";

// Running, as opposed to gone or a zombie nobody reaped (PID 1 of a container may not reap).
bool alive(pid_t pid) {
  const auto stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  const auto state = stat.find(") ");
  return state != std::string::npos && stat.at(state + 2) != 'Z';
}

pid_t read_pid(const std::filesystem::path& file) {
  return static_cast<pid_t>(std::stol(read_file(file)));
}

// SIGKILL is delivered asynchronously: give a loaded machine a moment to finish the process off.
bool gone_soon(pid_t pid) {
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (alive(pid)) {
    if (Clock::now() > deadline) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

TEST(Execution, ReportsTheExitCodeAndBothStreams) {
  Sandbox sandbox;
  sandbox.stand_in("kubectl", "echo out; echo err >&2; exit 7");
  const auto run = sandbox.exec(json::parse(kLogs));
  EXPECT_EQ(run.exit_code, 1);
  const auto result = run.json().at("result").as_object();
  EXPECT_EQ(result.at("code"), 7);
  EXPECT_EQ(result.at("stdout"), "out\n");
  EXPECT_EQ(result.at("stderr"), "err\n");
  EXPECT_EQ(result.at("stdoutDigest"), "out\n");
  EXPECT_EQ(result.at("stdoutSha256").as_string(), sha256_hex("out\n"));
  EXPECT_EQ(result.at("timedOut"), false);
}

TEST(Execution, AProcessKilledBySignalReportsMinusTheSignal) {
  Sandbox sandbox;
  sandbox.stand_in("kubectl", "kill -9 $$");
  const auto result = sandbox.exec(json::parse(kLogs)).json().at("result").as_object();
  EXPECT_EQ(result.at("code"), -9);
}

TEST(Execution, TimeoutKillsTheWholeProcessGroupAndKeepsPartialOutput) {
  Sandbox sandbox;
  sandbox.shorten_timeout("logs-pod", 1);
  const auto child_pid = sandbox.root() / "child.pid";
  sandbox.stand_in("kubectl",
                   "echo partial; echo half-line >&2\n"
                   "sleep 60 &\necho $! > '" +
                       child_pid.string() +
                       "'\n"
                       "sleep 60\necho never");
  const auto started = Clock::now();
  const auto run = sandbox.exec(json::parse(kLogs));
  const auto elapsed = Clock::now() - started;
  EXPECT_EQ(run.exit_code, 1);
  const auto result = run.json().at("result").as_object();
  EXPECT_EQ(result.at("timedOut"), true);
  EXPECT_EQ(result.at("code"), -1);
  EXPECT_EQ(result.at("stdout"), "partial\n");
  EXPECT_EQ(result.at("stderr"), "half-line\n");
  // Neither the 60 s sleeps nor the 5 s SIGKILL grace were awaited: SIGTERM ended the group. The
  // tool's own duration excludes its start-up, which a loaded machine may slow down.
  EXPECT_GE(result.at("duration").to_number<double>(), 1.0);
  EXPECT_LT(result.at("duration").to_number<double>(), 4.0);
  EXPECT_LT(elapsed, std::chrono::seconds(30));
  EXPECT_TRUE(gone_soon(read_pid(child_pid))) << "the background child survived";
}

TEST(Execution, AGroupIgnoringSigtermGetsSigkillAfterTheGracePeriod) {
  Sandbox sandbox;
  sandbox.shorten_timeout("logs-pod", 1);
  const auto child_pid = sandbox.root() / "child.pid";
  sandbox.stand_in("kubectl",
                   "trap '' TERM\necho stubborn\n"
                   "sh -c 'trap \"\" TERM; sleep 60' &\necho $! > '" +
                       child_pid.string() + "'\nwhile :; do sleep 1; done");
  const auto started = Clock::now();
  const auto result = sandbox.exec(json::parse(kLogs)).json().at("result").as_object();
  const auto elapsed = Clock::now() - started;
  EXPECT_EQ(result.at("timedOut"), true);
  EXPECT_EQ(result.at("stdout"), "stubborn\n");
  // SIGTERM at 1 s was ignored, SIGKILL followed 5 s later; not the 60 s of the sleep.
  EXPECT_GE(result.at("duration").to_number<double>(), 6.0);
  EXPECT_LT(elapsed, std::chrono::seconds(30));
  EXPECT_TRUE(gone_soon(read_pid(child_pid)));
}

TEST(Execution, ChildrenLeftBehindByAFinishedCommandAreKilled) {
  Sandbox sandbox;
  const auto child_pid = sandbox.root() / "child.pid";
  sandbox.stand_in(
      "kubectl", "sleep 60 > /dev/null 2>&1 &\necho $! > '" + child_pid.string() + "'\necho done");
  const auto run = sandbox.exec(json::parse(kLogs));
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_TRUE(gone_soon(read_pid(child_pid)));
}

TEST(Execution, OutputIsCappedAtAUtf8BoundaryAndHashedCompletely) {
  Sandbox sandbox;
  // 70 000 bytes of "é" (two bytes each) followed by a marker: the cut falls inside the stream.
  sandbox.stand_in("kubectl",
                   "i=0; while [ $i -lt 35000 ]; do printf 'é'; i=$((i+1)); done; "
                   "printf END");
  const auto result = sandbox.exec(json::parse(kLogs)).json().at("result").as_object();
  EXPECT_EQ(result.at("truncated"), true);
  const auto& out = result.at("stdout").as_string();
  EXPECT_EQ(out.size(), 65536U);
  std::string full;
  for (int i = 0; i < 35000; ++i) {
    full += "é";
  }
  full += "END";
  EXPECT_EQ(result.at("stdoutSha256").as_string(), sha256_hex(full));
  EXPECT_TRUE(result.at("stdoutDigest").as_string().find(" [...] ") != std::string::npos);
}

TEST(Execution, InvalidUtf8IsReplacedButHashedRaw) {
  Sandbox sandbox;
  sandbox.stand_in("kubectl", R"(printf 'a\377b')");
  const auto result = sandbox.exec(json::parse(kLogs)).json().at("result").as_object();
  EXPECT_EQ(result.at("stdout"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(result.at("stdoutSha256").as_string(), sha256_hex("a\xFF"
                                                              "b"));
}

TEST(Execution, ChildrenGetOnlyTheAllowListedEnvironmentAndRunInTheStateDirectory) {
  Sandbox sandbox;
  ASSERT_EQ(sandbox.exec(json::parse(kLogs)).exit_code, 0);
  const auto env = sandbox.recorded("kubectl", "env");
  EXPECT_EQ(env.find("RAG_K8S_TEST_SECRET"), std::string::npos) << env;
  EXPECT_NE(env.find("LANG=C.UTF-8"), std::string::npos);
  EXPECT_NE(env.find("NO_COLOR=1"), std::string::npos);
  EXPECT_NE(env.find("HOME=" + sandbox.root().string()), std::string::npos);
  EXPECT_EQ(read_file(sandbox.root() / "records/kubectl.cwd"),
            std::filesystem::canonical(sandbox.state()).string() + "\n");
}

TEST(Execution, MultiStepCardsStopAtTheFirstFailure) {
  Sandbox sandbox;
  sandbox.stand_in("kubectl", "echo 'jobs.batch \"migrate\" not found' >&2; exit 1");
  const auto run = sandbox.exec_confirmed(json::parse(
      R"({"intent":"job-restart","resource":"job","namespace":"dev","name":"migrate"})"));
  EXPECT_EQ(run.exit_code, 1);
  ASSERT_EQ(sandbox.calls("kubectl").size(), 1U);
  EXPECT_EQ(sandbox.calls("kubectl").front().at(1), "delete");
  EXPECT_EQ(run.json().at("result").at("code"), 1);
}

TEST(Execution, MultiStepCardsConcatenateTheirOutput) {
  Sandbox sandbox;
  sandbox.stand_in("kubectl", "echo \"$1\"");
  const auto run = sandbox.exec_confirmed(json::parse(
      R"({"intent":"job-restart","resource":"job","namespace":"dev","name":"migrate"})"));
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.json().at("result").at("stdout"), "delete\nwait\n");
  EXPECT_EQ(sandbox.calls("kubectl").size(), 2U);
}

TEST(Execution, AtMostFourExecutionsRunAtOnce) {
  // In process, against one Executor: eight calls from eight threads. Each command counts the
  // commands running beside it while it sleeps.
  Sandbox sandbox;
  const auto running = sandbox.root() / "running";
  const auto counts = sandbox.root() / "counts";
  std::filesystem::create_directories(running);
  const auto script = sandbox.root() / "bin" / "counting";
  std::ofstream(script) << "#!/bin/sh\n"
                           "touch '"
                        << running.string() << "/'$$\nsleep 0.5\nls '" << running.string()
                        << "' | wc -l >> '" << counts.string() << "'\nrm '" << running.string()
                        << "/'$$\n";
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  std::filesystem::create_directories(sandbox.state());
  Executor executor({sandbox.state(), {"PATH=/usr/bin:/bin"}, {{"kubectl", script}}});
  std::vector<int> codes(8, -2);
  {
    std::vector<std::jthread> threads;
    threads.reserve(codes.size());
    for (auto& code : codes) {
      threads.emplace_back([&executor, &code] {
        code = executor.run({{"kubectl"}}, std::chrono::seconds(60)).code;
      });
    }
  }
  EXPECT_EQ(codes, std::vector<int>(8, 0));
  std::istringstream lines(read_file(counts));
  int most = 0;
  int reports = 0;
  for (int n = 0; lines >> n; ++reports) {
    most = std::max(most, n);
  }
  EXPECT_EQ(reports, 8);
  EXPECT_GE(most, 1);
  EXPECT_LE(most, 4);
}

}  // namespace
}  // namespace rag::testing
