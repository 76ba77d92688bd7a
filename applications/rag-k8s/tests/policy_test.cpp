// Policy (section 3) through the real binary: protected namespaces, per-namespace verbs,
// forbidden combinations, the repository list and the DNS-1123 rules.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>

#include "sandbox.hpp"

namespace rag::testing {
namespace {

namespace json = boost::json;

// 403 policy_denied with a reason containing `reason`, and nothing executed.
void expect_denied(const Sandbox& sandbox, const std::string& request, const std::string& reason) {
  const auto run = sandbox.exec(json::parse(request));
  EXPECT_EQ(run.exit_code, 3) << request << "\n" << run.out << run.err;
  const auto body = run.json();
  EXPECT_EQ(body.at("status"), "denied");
  EXPECT_EQ(body.at("error"), "policy_denied");
  EXPECT_EQ(body.at("validation").at("valid"), false);
  bool found = false;
  for (const auto& r : body.at("validation").at("reasons").as_array()) {
    found = found || r.as_string().find(reason) != std::string::npos;
  }
  EXPECT_TRUE(found) << "no reason mentions '" << reason << "' in " << run.out;
  EXPECT_TRUE(sandbox.nothing_ran()) << request;
}

void expect_status(const Sandbox& sandbox, const std::string& request, int exit_code,
                   const std::string& status) {
  const auto run = sandbox.exec(json::parse(request));
  EXPECT_EQ(run.exit_code, exit_code) << request << "\n" << run.out << run.err;
  EXPECT_EQ(run.json().at("status"), json::string(status)) << request;
}

TEST(Policy, WriteCardsAreDeniedInProtectedNamespaces) {
  Sandbox sandbox;
  for (const std::string ns : {"kube-system", "kube-public", "kube-node-lease"}) {
    expect_denied(sandbox,
                  R"({"intent":"restart","resource":"deployment","name":"coredns","namespace":")" +
                      ns + R"("})",
                  "is protected");
  }
}

TEST(Policy, ReadCardsAreAllowedInProtectedNamespaces) {
  Sandbox sandbox;
  expect_status(
      sandbox, R"({"intent":"logs","resource":"pod","name":"coredns-1","namespace":"kube-system"})",
      0, "executed");
}

TEST(Policy, OnlyFluxCardsWriteInFluxSystem) {
  Sandbox sandbox;
  expect_denied(
      sandbox,
      R"({"intent":"restart","resource":"deployment","name":"source-controller","namespace":"flux-system"})",
      "only Flux cards");
  expect_status(
      sandbox,
      R"({"intent":"flux-reconcile","resource":"kustomization","name":"apps","namespace":"flux-system"})",
      0, "executed");
}

TEST(Policy, ConfiguredProtectedNamespacesAddToTheFixedOnes) {
  Sandbox sandbox;
  sandbox.configure("protected_namespaces: [databases]\n");
  expect_denied(
      sandbox,
      R"({"intent":"restart","resource":"deployment","name":"pg","namespace":"databases"})",
      "is protected");
  expect_denied(
      sandbox,
      R"({"intent":"restart","resource":"deployment","name":"coredns","namespace":"kube-system"})",
      "is protected");
}

TEST(Policy, NamespaceVerbsAreEnforced) {
  Sandbox sandbox;
  // prod: get, describe, logs, rollout.
  expect_denied(
      sandbox,
      R"({"intent":"scale","resource":"deployment","name":"api","namespace":"prod","replicas":2})",
      "not allowed in namespace 'prod'");
  expect_denied(sandbox, R"({"intent":"top","resource":"pod","namespace":"prod"})",
                "verb 'top' is not allowed in namespace 'prod'");
  expect_status(sandbox,
                R"({"intent":"restart","resource":"deployment","name":"api","namespace":"prod"})",
                0, "executed");
  // staging allows scale; unlisted namespaces allow top.
  expect_status(
      sandbox,
      R"({"intent":"scale","resource":"deployment","name":"api","namespace":"staging","replicas":2})",
      0, "executed");
  expect_status(sandbox, R"({"intent":"top","resource":"pod","namespace":"homelab"})", 0,
                "executed");
}

TEST(Policy, FluxCardsAreCheckedAgainstTheirEffectiveNamespace) {
  Sandbox sandbox;
  // A Kustomization in prod: reconcile is not among prod's verbs.
  expect_denied(
      sandbox,
      R"({"intent":"flux-reconcile","resource":"kustomization","name":"apps","namespace":"prod"})",
      "verb 'reconcile' is not allowed in namespace 'prod'");
}

TEST(Policy, ForbiddenCombinationsAndTheAllowListAreEnforced) {
  Sandbox sandbox;
  const auto policy = sandbox.root() / "policy";
  std::filesystem::create_directories(policy);
  std::filesystem::copy_file(std::filesystem::path(RAG_K8S_SOURCE_DIR) / "policy/namespaces.yaml",
                             policy / "namespaces.yaml");
  std::ofstream(policy / "rbac-allowlist.yaml")
      << "allowed_verbs: [rollout, delete, logs, get]\n"
         "allowed_resources: [deployment, job, pod]\n"
         "namespace_scoped: true\n"
         "forbidden_combinations:\n"
         "  - {verb: delete, resource: job, reason: jobs are owned by GitOps here}\n"
         "confirmation_required: []\n";
  sandbox.configure("policy_dir: " + policy.string() + "\n");
  expect_denied(
      sandbox,
      R"({"intent":"job-restart","resource":"job","name":"migrate","namespace":"staging"})",
      "jobs are owned by GitOps here");
  expect_denied(sandbox, R"({"intent":"top","resource":"node"})",
                "verb 'top' is not in the allow-list");
  expect_denied(sandbox,
                R"({"intent":"config-view","resource":"configmap","name":"c","namespace":"dev"})",
                "resource 'configmap' is not in the allow-list");
}

TEST(Policy, RepositoriesOutsideTheListAreDenied) {
  Sandbox sandbox;
  expect_denied(sandbox, R"({"intent":"gh-run-list","resource":"workflow","repo":"evil/repo"})",
                "not in github.repos");
}

TEST(Policy, NamesFollowDns1123) {
  Sandbox sandbox;
  for (const std::string& name :
       std::vector<std::string>{"API", "api_1", "-api", "api-", "a..b", ".api",
                                std::string(254, 'a'), std::string(64, 'a') + ".b"}) {
    const auto run = sandbox.exec(json::object{{"intent", "restart"},
                                               {"resource", "deployment"},
                                               {"namespace", "dev"},
                                               {"name", json::string(name)}});
    EXPECT_EQ(run.exit_code, 2) << name << ": " << run.out;
  }
  for (const std::string& ns :
       std::vector<std::string>{"Dev", "dev.team", std::string(64, 'a'), "dev_1"}) {
    const auto run = sandbox.exec(json::object{{"intent", "restart"},
                                               {"resource", "deployment"},
                                               {"namespace", json::string(ns)},
                                               {"name", "api"}});
    EXPECT_EQ(run.exit_code, 2) << ns << ": " << run.out;
  }
  const auto longest = std::string(63, 'a') + "." + std::string(63, 'b');
  expect_status(sandbox,
                R"({"intent":"restart","resource":"deployment","namespace":")" +
                    std::string(63, 'n') + R"(","name":")" + longest + R"("})",
                0, "executed");
  EXPECT_EQ(sandbox.calls("kubectl").back().at(3), "deployment/" + longest);
}

TEST(Policy, ParametersTheCardDoesNotUseAreRejected) {
  Sandbox sandbox;
  const auto run = sandbox.exec(json::parse(
      R"({"intent":"logs","resource":"pod","namespace":"dev","name":"p","replicas":3})"));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.json().at("reasons").as_array().front(),
            "parameter 'replicas' is not used by card 'logs-pod'");
  const auto missing = sandbox.exec(
      json::parse(R"({"intent":"restart","resource":"deployment","namespace":"dev"})"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.json().at("reasons").as_array().front(),
            "parameter 'name' is required by card 'restart-deployment'");
  EXPECT_TRUE(sandbox.nothing_ran());
}

}  // namespace
}  // namespace rag::testing
