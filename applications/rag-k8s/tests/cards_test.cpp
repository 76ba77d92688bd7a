// Every card of contracts/rag-k8s.md section 2, run through the real binary against the
// recording stand-ins: each produces exactly its argv, and nothing else runs.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "sandbox.hpp"

namespace rag::testing {
namespace {

namespace json = boost::json;
using Argv = std::vector<std::string>;

struct CardCase {
  std::string card;
  std::string request;  // JSON
  std::string binary;
  std::vector<Argv> expected;
  bool confirmed = false;  // needs the two-step confirmation
};

std::ostream& operator<<(std::ostream& out, const CardCase& c) {
  return out << c.card;
}

const std::vector<CardCase>& cases() {
  static const std::vector<CardCase> all = {
      {"restart-deployment",
       R"({"intent":"restart","resource":"deployment","namespace":"homelab-api","name":"homelab-api"})",
       "kubectl",
       {{"kubectl", "rollout", "restart", "deployment/homelab-api", "-n", "homelab-api"}}},
      {"rollout-status",
       R"({"intent":"status","resource":"deployment","namespace":"prod","name":"api"})",
       "kubectl",
       {{"kubectl", "rollout", "status", "deployment/api", "-n", "prod", "--timeout=120s"}}},
      {"investigate-stuck-rollout",
       R"({"intent":"diagnose","resource":"deployment","namespace":"prod","name":"api"})",
       "kubectl",
       {{"kubectl", "rollout", "status", "deployment/api", "-n", "prod", "--timeout=30s"}}},
      {"describe-deployment",
       R"({"intent":"describe","resource":"deployment","namespace":"prod","name":"api"})",
       "kubectl",
       {{"kubectl", "describe", "deployment/api", "-n", "prod"}}},
      {"scale-deployment",
       R"({"intent":"scale","resource":"deployment","namespace":"staging","name":"worker","replicas":3})",
       "kubectl",
       {{"kubectl", "scale", "deployment/worker", "-n", "staging", "--replicas=3"}}},
      {"scale-deployment to zero",
       R"({"intent":"scale","resource":"deployment","namespace":"staging","name":"worker","replicas":0})",
       "kubectl",
       {{"kubectl", "scale", "deployment/worker", "-n", "staging", "--replicas=0"}},
       true},
      {"logs-deployment-selector defaults",
       R"({"intent":"logs","resource":"deployment","namespace":"prod","name":"api"})",
       "kubectl",
       {{"kubectl", "logs", "-n", "prod", "-l", "app=api", "--tail=50", "--prefix",
         "--max-log-requests=10"}}},
      {"logs-deployment-selector all options",
       R"({"intent":"logs","resource":"deployment","namespace":"prod","selector":"app.kubernetes.io/name=api,tier!=db","tail":200,"container":"main","since":"15m","previous":true})",
       "kubectl",
       {{"kubectl", "logs", "-n", "prod", "-l", "app.kubernetes.io/name=api,tier!=db", "--tail=200",
         "--prefix", "--max-log-requests=10", "-c", "main", "--since=15m", "--previous"}}},
      {"logs-pod",
       R"({"intent":"logs","resource":"pod","namespace":"prod","name":"api-7d9f"})",
       "kubectl",
       {{"kubectl", "logs", "pod/api-7d9f", "-n", "prod", "--tail=100"}}},
      {"logs-pod options",
       R"({"intent":"logs","resource":"pod","namespace":"prod","name":"api-7d9f","tail":5,"container":"side","since":"2h","previous":false})",
       "kubectl",
       {{"kubectl", "logs", "pod/api-7d9f", "-n", "prod", "--tail=5", "-c", "side", "--since=2h"}}},
      {"diagnose-crashloop",
       R"({"intent":"diagnose","resource":"pod","namespace":"prod","name":"api-7d9f"})",
       "kubectl",
       {{"kubectl", "describe", "pod/api-7d9f", "-n", "prod"}}},
      {"diagnose-imagepullbackoff",
       R"({"intent":"diagnose","resource":"pod","namespace":"prod","name":"api-7d9f","query":"ImagePullBackOff on the new image"})",
       "kubectl",
       {{"kubectl", "describe", "pod/api-7d9f", "-n", "prod"}}},
      {"get-events",
       R"({"intent":"events","resource":"namespace","namespace":"prod"})",
       "kubectl",
       {{"kubectl", "get", "events", "-n", "prod", "--sort-by=.lastTimestamp",
         "--field-selector=type=Warning"}}},
      {"get-namespaces",
       R"({"intent":"describe","resource":"namespace"})",
       "kubectl",
       {{"kubectl", "get", "namespaces"}}},
      {"get-namespaces with name and selector",
       R"({"intent":"describe","resource":"namespace","name":"prod","selector":"team=energy"})",
       "kubectl",
       {{"kubectl", "get", "namespaces", "prod", "-l", "team=energy"}}},
      {"top-pods",
       R"({"intent":"top","resource":"pod","namespace":"monitoring"})",
       "kubectl",
       {{"kubectl", "top", "pods", "-n", "monitoring", "--sort-by=cpu"}}},
      {"top-nodes",
       R"({"intent":"top","resource":"node"})",
       "kubectl",
       {{"kubectl", "top", "nodes"}}},
      {"cordon-node",
       R"({"intent":"cordon","resource":"node","name":"p0.local"})",
       "kubectl",
       {{"kubectl", "cordon", "p0.local"}}},
      {"uncordon-node",
       R"({"intent":"uncordon","resource":"node","name":"p0.local"})",
       "kubectl",
       {{"kubectl", "uncordon", "p0.local"}}},
      {"drain-node",
       R"({"intent":"drain","resource":"node","name":"p0.local"})",
       "kubectl",
       {{"kubectl", "drain", "p0.local", "--ignore-daemonsets", "--delete-emptydir-data",
         "--timeout=300s"}},
       true},
      {"flux-reconcile-kustomization",
       R"({"intent":"flux-reconcile","resource":"kustomization","name":"apps"})",
       "flux",
       {{"flux", "reconcile", "kustomization", "apps", "--timeout=150s"}}},
      {"flux-reconcile-kustomization with namespace",
       R"({"intent":"flux-reconcile","resource":"kustomization","name":"apps","namespace":"flux-system"})",
       "flux",
       {{"flux", "reconcile", "kustomization", "apps", "-n", "flux-system", "--timeout=150s"}}},
      {"flux-suspend-kustomization",
       R"({"intent":"flux-suspend","resource":"kustomization","name":"apps"})",
       "flux",
       {{"flux", "suspend", "kustomization", "apps"}},
       true},
      {"flux-resume-kustomization",
       R"({"intent":"flux-resume","resource":"kustomization","name":"apps"})",
       "flux",
       {{"flux", "resume", "kustomization", "apps", "--timeout=150s"}}},
      {"flux-get-kustomizations",
       R"({"intent":"flux-status","resource":"kustomization"})",
       "flux",
       {{"flux", "get", "kustomizations"}}},
      {"flux-get-kustomizations with name",
       R"({"intent":"flux-status","resource":"kustomization","name":"apps","namespace":"flux-system"})",
       "flux",
       {{"flux", "get", "kustomizations", "apps", "-n", "flux-system"}}},
      {"job-restart",
       R"({"intent":"job-restart","resource":"job","namespace":"staging","name":"migrate"})",
       "kubectl",
       {{"kubectl", "delete", "job/migrate", "-n", "staging", "--wait=true"},
        {"kubectl", "wait", "--for=create", "job/migrate", "-n", "staging", "--timeout=300s"}},
       true},
      {"view-configmap",
       R"({"intent":"config-view","resource":"configmap","namespace":"prod","name":"api-config"})",
       "kubectl",
       {{"kubectl", "get", "configmap/api-config", "-n", "prod", "-o", "yaml"}}},
      {"gh-run-watch",
       R"({"intent":"gh-run-watch","resource":"workflow","runId":9007199254740992})",
       "gh",
       {{"gh", "run", "watch", "9007199254740992", "--repo", "k12n/homelab", "--exit-status",
         "--interval", "10"}}},
      {"gh-run-list",
       R"({"intent":"gh-run-list","resource":"workflow"})",
       "gh",
       {{"gh", "run", "list", "--repo", "k12n/homelab", "--limit", "10"}}},
      {"gh-run-list with options",
       R"({"intent":"gh-run-list","resource":"workflow","repo":"k12n/other","limit":5,"workflow":"ci.yaml"})",
       "gh",
       {{"gh", "run", "list", "--repo", "k12n/other", "--limit", "5", "--workflow", "ci.yaml"}}},
      {"gh-run-view",
       R"({"intent":"gh-run-view","resource":"workflow","runId":123})",
       "gh",
       {{"gh", "run", "view", "123", "--repo", "k12n/homelab"}}},
      {"gh-workflow-view",
       R"({"intent":"gh-workflow-view","resource":"workflow","workflow":"release.yml"})",
       "gh",
       {{"gh", "workflow", "view", "release.yml", "--repo", "k12n/homelab"}}},
      {"gh-workflow-view by id",
       R"({"intent":"gh-workflow-view","resource":"workflow","workflow":"4242"})",
       "gh",
       {{"gh", "workflow", "view", "4242", "--repo", "k12n/homelab"}}},
      {"gh-pr-list",
       R"({"intent":"gh-pr-list","resource":"pull-request","limit":100})",
       "gh",
       {{"gh", "pr", "list", "--repo", "k12n/homelab", "--limit", "100", "--state", "open"}}},
      {"gh-pr-view",
       R"({"intent":"gh-pr-view","resource":"pull-request","prNumber":42,"comments":true})",
       "gh",
       {{"gh", "pr", "view", "42", "--repo", "k12n/homelab", "--comments"}}},
  };
  return all;
}

class EveryCard : public ::testing::TestWithParam<CardCase> {};

TEST_P(EveryCard, RunsExactlyItsArgvAndNothingElse) {
  const auto& c = GetParam();
  Sandbox sandbox;
  const auto request = json::parse(c.request);
  const auto run = c.confirmed ? sandbox.exec_confirmed(request) : sandbox.exec(request);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const auto body = run.json();
  EXPECT_EQ(body.at("status"), "executed");
  EXPECT_EQ(body.at("plan").at("card").as_string(), c.card.substr(0, c.card.find(' ')));
  std::string outputs;
  for (std::size_t i = 0; i < c.expected.size(); ++i) {
    outputs += "ok\n";
  }
  EXPECT_EQ(body.at("result").at("stdout").as_string(), outputs);
  EXPECT_EQ(sandbox.calls(c.binary), c.expected);
  for (const std::string other : {"kubectl", "flux", "gh"}) {
    if (other != c.binary) {
      EXPECT_TRUE(sandbox.calls(other).empty()) << other << " ran";
    }
  }
}

TEST_P(EveryCard, DryRunRendersTheSameArgvAndRunsNothing) {
  const auto& c = GetParam();
  Sandbox sandbox;
  auto request = json::parse(c.request).as_object();
  request["constraints"] = {{"dryRun", true}};
  const auto run = sandbox.exec(request);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const auto body = run.json();
  EXPECT_EQ(body.at("status"), "dry_run");
  json::array expected;
  for (const auto& step : c.expected) {
    expected.emplace_back(json::array(step.begin(), step.end()));
  }
  EXPECT_EQ(body.at("plan").at("argv"), expected);
  EXPECT_TRUE(body.at("result").at("stdout").as_string().starts_with(
      "[DRY RUN] Command would execute: " + c.binary + " "));
  EXPECT_FALSE(body.contains("confirmToken"));
  EXPECT_TRUE(sandbox.nothing_ran());
}

std::string test_name(const ::testing::TestParamInfo<CardCase>& test) {
  std::string name;
  for (const char ch : test.param.card) {
    name.push_back(std::isalnum(static_cast<unsigned char>(ch)) != 0 ? ch : '_');
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cards, EveryCard, ::testing::ValuesIn(cases()), test_name);

TEST(Cards, PlanNeverExecutesAndNeverIssuesTokens) {
  Sandbox sandbox;
  const auto run =
      sandbox.plan(json::parse(R"({"intent":"drain","resource":"node","name":"p0.local"})"));
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const auto body = run.json();
  EXPECT_EQ(body.at("status"), "planned");
  EXPECT_EQ(body.at("requiresConfirmation"), true);
  EXPECT_FALSE(body.contains("confirmToken"));
  EXPECT_TRUE(sandbox.nothing_ran());
}

TEST(Cards, ListsAll28CardsAndRanksThemForAQuery) {
  Sandbox sandbox;
  const auto all = sandbox.run({"cards"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(all.json().at("cards").as_array().size(), 28U);
  const auto ranked = sandbox.run({"cards", "--query", "drain the node for a reboot"});
  const auto body = ranked.json();
  const auto& first = body.at("cards").as_array().front().as_object();
  EXPECT_EQ(first.at("id"), "drain-node");
  EXPECT_GT(first.at("score").as_double(), 0.0);
}

}  // namespace
}  // namespace rag::testing
