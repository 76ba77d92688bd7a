// The audit log of section 9: one complete JSON line per request, whatever the outcome.
#include <gtest/gtest.h>

#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <set>
#include <string_view>
#include <thread>
#include <vector>

#include "audit_log.hpp"
#include "sandbox.hpp"

namespace rag::testing {
namespace {

namespace json = boost::json;

constexpr std::array<std::string_view, 18> kFieldNames = {
    "timestamp", "operation_id", "caller",   "intent",        "resource",  "namespace",
    "name",      "card",         "params",   "argv",          "dry_run",   "decision",
    "reasons",   "exit_code",    "duration", "stdout_sha256", "truncated", "timed_out"};

std::set<std::string> field_names() {
  return {kFieldNames.begin(), kFieldNames.end()};
}

TEST(Audit, OneCompleteLinePerRequestWhateverTheOutcome) {
  Sandbox sandbox;
  const auto executed = sandbox.exec(json::parse(
      R"({"intent":"restart","resource":"deployment","namespace":"dev","name":"api"})"));
  const auto dry = sandbox.exec(
      json::parse(R"({"intent":"top","resource":"node","constraints":{"dryRun":true}})"));
  const auto awaiting =
      sandbox.exec(json::parse(R"({"intent":"drain","resource":"node","name":"n1"})"));
  const auto denied = sandbox.exec(json::parse(
      R"({"intent":"restart","resource":"deployment","namespace":"kube-system","name":"x"})"));
  const auto invalid = sandbox.exec(json::parse(R"({"intent":"undo","resource":"deployment"})"));
  const auto unprocessable = sandbox.exec(json::parse(
      R"({"intent":"restart","resource":"deployment","namespace":"dev","name":"a;b"})"));
  const auto malformed = sandbox.run({"exec", "{not json"});
  EXPECT_EQ(malformed.exit_code, 2);

  const auto lines = sandbox.audit_lines();
  ASSERT_EQ(lines.size(), 7U);
  for (const auto& line : lines) {
    std::set<std::string> keys;
    for (const auto& [key, value] : line) {
      keys.insert(std::string(key));
    }
    EXPECT_EQ(keys, field_names()) << json::serialize(line);
    EXPECT_TRUE(line.at("caller").as_string().starts_with("cli:"));
    EXPECT_TRUE(line.at("timestamp").as_string().ends_with("Z"));
  }
  EXPECT_EQ(lines[0].at("decision"), "allow");
  EXPECT_EQ(lines[0].at("operation_id"), executed.json().at("operationId"));
  EXPECT_EQ(lines[0].at("exit_code"), 0);
  EXPECT_EQ(lines[0].at("card"), "restart-deployment");
  EXPECT_EQ(lines[0].at("argv"),
            json::parse(R"([["kubectl","rollout","restart","deployment/api","-n","dev"]])"));
  EXPECT_EQ(lines[0].at("stdout_sha256").as_string().size(), 64U);
  EXPECT_EQ(lines[1].at("decision"), "dry_run");
  EXPECT_EQ(lines[1].at("dry_run"), true);
  EXPECT_EQ(lines[2].at("decision"), "awaiting_confirmation");
  EXPECT_EQ(lines[3].at("decision"), "deny");
  EXPECT_FALSE(lines[3].at("reasons").as_array().empty());
  EXPECT_EQ(lines[4].at("decision"), "deny");
  EXPECT_EQ(lines[4].at("intent"), "undo");
  EXPECT_EQ(lines[5].at("decision"), "deny");
  EXPECT_EQ(lines[5].at("name"), "a;b");
  EXPECT_EQ(lines[6].at("decision"), "deny");
}

TEST(Audit, ConcurrentFrontEndsWriteWholeLines) {
  // Eight command lines at once, five requests each, some executing: 40 lines that all parse.
  Sandbox sandbox;
  const auto restart =
      json::parse(R"({"intent":"restart","resource":"deployment","namespace":"dev","name":"api"})");
  const auto refused = json::parse(R"({"intent":"undo","resource":"deployment"})");
  {
    std::vector<std::jthread> threads;
    threads.reserve(8);
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 5; ++i) {
          sandbox.exec(i % 2 == 0 ? restart : refused);
        }
      });
    }
  }
  const auto lines = sandbox.audit_lines();
  ASSERT_EQ(lines.size(), 40U);
  std::set<std::string> ids;
  for (const auto& line : lines) {
    EXPECT_EQ(line.size(), kFieldNames.size()) << json::serialize(line);
    ids.insert(std::string(line.at("operation_id").as_string()));
  }
  EXPECT_EQ(ids.size(), 40U);
  EXPECT_EQ(sandbox.calls("kubectl").size(), 24U);
}

TEST(Audit, TokensNeverReachTheLog) {
  Sandbox sandbox;
  const auto awaiting =
      sandbox.exec(json::parse(R"({"intent":"drain","resource":"node","name":"n1"})")).json();
  const auto token = std::string(awaiting.at("confirmToken").as_string());
  auto request = json::parse(R"({"intent":"drain","resource":"node","name":"n1"})").as_object();
  request["constraints"] = {{"confirmToken", token}};
  sandbox.exec(request);
  sandbox.exec(request);  // reused: denied
  const auto log = read_file(sandbox.state() / "audit.jsonl");
  EXPECT_EQ(log.find(token), std::string::npos);
  EXPECT_EQ(log.find(token.substr(token.rfind('.') + 1)), std::string::npos);
  EXPECT_EQ(sandbox.audit_lines().size(), 3U);
}

TEST(Audit, RotatesAndKeepsTenFiles) {
  Sandbox sandbox;
  std::filesystem::create_directories(sandbox.state());
  const AuditLog log(sandbox.state(), 2000, 10);
  AuditRecord record;
  record.operation_id = "op";
  record.caller = "cli:test";
  for (int i = 0; i < 200; ++i) {
    log.append(record);
  }
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(sandbox.state())) {
    files += entry.path().filename().string().starts_with("audit.jsonl") ? 1 : 0;
  }
  EXPECT_EQ(files, 10);
  EXPECT_LE(std::filesystem::file_size(sandbox.state() / "audit.jsonl"), 2000U);
  EXPECT_TRUE(std::filesystem::exists(sandbox.state() / "audit.jsonl.9"));
  EXPECT_FALSE(std::filesystem::exists(sandbox.state() / "audit.jsonl.10"));
}

}  // namespace
}  // namespace rag::testing
