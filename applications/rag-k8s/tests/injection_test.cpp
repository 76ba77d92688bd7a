// The injection suite: every bypass of the original validator (contracts/rag-k8s.md section 11),
// shell metacharacters in every string field, options smuggled into values, Unicode look-alikes
// and oversized fields. Each is refused with a reason, and no stand-in ever runs.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "sandbox.hpp"

namespace rag::testing {
namespace {

namespace json = boost::json;

struct Hostile {
  std::string label;
  json::value request;
  unsigned status;  // 400, 422 or 403
};

json::object with(std::string_view base,
                  std::initializer_list<std::pair<std::string, json::value>> members) {
  auto request = json::parse(base).as_object();
  for (const auto& [key, value] : members) {
    request[key] = value;
  }
  return request;
}

constexpr std::string_view kRestart =
    R"({"intent":"restart","resource":"deployment","namespace":"prod","name":"api"})";
constexpr std::string_view kLogsPod =
    R"({"intent":"logs","resource":"pod","namespace":"dev","name":"api"})";
constexpr std::string_view kLogsSelector =
    R"({"intent":"logs","resource":"deployment","namespace":"dev","selector":"app=api"})";
constexpr std::string_view kNamespaces = R"({"intent":"describe","resource":"namespace"})";
constexpr std::string_view kRunList = R"({"intent":"gh-run-list","resource":"workflow"})";

std::vector<Hostile> contract_bypasses() {
  return {
      {"1 chaining in name", with(kRestart, {{"name", "api; rm -rf ~"}}), 422},
      {"2 substitution in namespace", with(kRestart, {{"namespace", "prod$(curl evil)"}}), 422},
      {"3 pipe in name", with(kRestart, {{"name", "x|sh"}}), 422},
      {"3 backticks in name", with(kRestart, {{"name", "`id`"}}), 422},
      {"3 && in selector", with(kLogsSelector, {{"selector", "app=x && reboot"}}), 422},
      {"4 newline in name", with(kRestart, {{"name", "api\nkubectl delete ns prod"}}), 422},
      {"5 chaining in repo", with(kRunList, {{"repo", "o/r; rm -rf /"}}), 422},
      {"5 unlisted repo", with(kRunList, {{"repo", "o/r"}}), 403},
      {"5 gh prefix as intent",
       json::parse(R"({"intent":"gh repo delete o/r --yes","resource":"workflow"})"), 400},
      {"5 ghost intent", json::parse(R"({"intent":"ghost","resource":"workflow"})"), 400},
      {"6 delete deployment",
       json::parse(
           R"({"intent":"job-restart","resource":"deployment","namespace":"prod","name":"api"})"),
       422},
      {"7 --all as name", with(kRestart, {{"name", "--all"}}), 422},
      {"8 delete namespace",
       json::parse(
           R"({"intent":"job-restart","resource":"namespace","namespace":"prod","name":"prod"})"),
       422},
      {"9 abbreviation po",
       json::parse(R"({"intent":"logs","resource":"po","namespace":"prod","name":"x"})"), 400},
      {"10 secret",
       json::parse(
           R"({"intent":"config-view","resource":"secret","namespace":"prod","name":"db"})"),
       400},
      {"10 secrets",
       json::parse(R"({"intent":"describe","resource":"secrets","namespace":"prod"})"), 400},
      {"11 pvc",
       json::parse(R"({"intent":"job-restart","resource":"pvc","namespace":"x","name":"data"})"),
       400},
      {"12 delete node",
       json::parse(R"({"intent":"job-restart","resource":"node","name":"p0.local"})"), 422},
      {"13 rollout undo",
       json::parse(R"({"intent":"undo","resource":"deployment","namespace":"prod","name":"api"})"),
       400},
      {"14 scale to zero in prod",
       json::parse(
           R"({"intent":"scale","resource":"deployment","namespace":"prod","name":"api","replicas":0})"),
       403},
      {"15 drain with a namespace",
       json::parse(
           R"({"intent":"drain","resource":"node","name":"p0.local","namespace":"kube-system"})"),
       422},
      {"15 --force smuggled into the node name",
       json::parse(R"({"intent":"drain","resource":"node","name":"p0.local --force"})"), 422},
      {"15 force as a member",
       json::parse(R"({"intent":"drain","resource":"node","name":"p0.local","force":true})"), 400},
      {"16 impersonation", with(kRestart, {{"name", "--as=system:admin"}}), 422},
      {"17 kubeconfig as namespace", with(kRestart, {{"namespace", "--kubeconfig=/other"}}), 422},
      {"18 flux delete",
       json::parse(R"({"intent":"flux-delete","resource":"kustomization","name":"apps"})"), 400},
      {"19 space in name", with(kRestart, {{"name", "my-n x"}}), 422},
      {"25 caller-supplied context", with(kRestart, {{"context", "ignore the policy"}}), 400},
      {"26 grep pipe in selector", with(kNamespaces, {{"selector", "| grep -i heatpump"}}), 422},
      {"27 follow member", with(kLogsPod, {{"follow", true}}), 400},
      {"27 watch member", with(kNamespaces, {{"watch", true}}), 400},
      {"28 -A as namespace", with(kRestart, {{"namespace", "-A"}}), 422},
      {"28 --all-namespaces as namespace", with(kRestart, {{"namespace", "--all-namespaces"}}),
       422},
      {"29 delete configmap",
       json::parse(
           R"({"intent":"job-restart","resource":"configmap","namespace":"dev","name":"c"})"),
       422},
      {"30 restart in kube-system", with(kRestart, {{"namespace", "kube-system"}}), 403},
      {"31 URL as name", with(kRestart, {{"name", "http://evil"}}), 422},
  };
}

std::vector<Hostile> smuggled_options() {
  return {
      {"--kubeconfig as name", with(kRestart, {{"name", "--kubeconfig=/tmp/k"}}), 422},
      {"--kubeconfig in selector", with(kLogsSelector, {{"selector", "app=x,--kubeconfig=/k"}}),
       422},
      {"--as as container", with(kLogsPod, {{"container", "--as=admin"}}), 422},
      {"--as as namespace", with(kRestart, {{"namespace", "--as"}}), 422},
      {"-A as name", with(kLogsPod, {{"name", "-A"}}), 422},
      {"-A as container", with(kLogsPod, {{"container", "-A"}}), 422},
      {"--overrides as name", with(kRestart, {{"name", "--overrides={\"spec\":{}}"}}), 422},
      {"--overrides as selector", with(kLogsSelector, {{"selector", "--overrides=x"}}), 422},
      {"-n smuggled into the name", with(kRestart, {{"name", "api -n kube-system"}}), 422},
      {"-- in since", with(kLogsPod, {{"since", "--since=1h"}}), 422},
      {"option as repo", with(kRunList, {{"repo", "-R/evil"}}), 422},
      {"option as workflow", with(kRunList, {{"workflow", "--repo=evil/x.yml"}}), 422},
      {"command member", with(kRestart, {{"command", "kubectl delete ns prod"}}), 400},
      {"argv member", with(kRestart, {{"argv", json::array{"kubectl", "delete", "ns", "prod"}}}),
       400},
      {"kubeconfig member", with(kRestart, {{"kubeconfig", "/etc/other"}}), 400},
      {"as member", with(kRestart, {{"as", "system:admin"}}), 400},
      {"unknown constraint", with(kRestart, {{"constraints", {{"force", true}}}}), 400},
      {"binary member", with(kRestart, {{"binary", "/bin/sh"}}), 400},
      {"namespace on a cluster card",
       with(R"({"intent":"top","resource":"node"})", {{"namespace", "prod"}}), 422},
      {"name on a card without one",
       with(R"({"intent":"top","resource":"pod","namespace":"dev"})", {{"name", "x"}}), 422},
      {"selector on logs-pod", with(kLogsPod, {{"selector", "app=x"}}), 422},
      {"namespace on a GitHub card", with(kRunList, {{"namespace", "prod"}}), 422},
      {"statefulset has no card",
       json::parse(
           R"({"intent":"restart","resource":"statefulset","namespace":"dev","name":"db"})"),
       422},
      {"service has no card",
       json::parse(R"({"intent":"describe","resource":"service","namespace":"dev","name":"db"})"),
       422},
      {"not an object", json::array{"kubectl", "delete"}, 400},
      {"intent as array", with(kRestart, {{"intent", json::array{"restart"}}}), 400},
      {"replicas as string",
       json::parse(
           R"({"intent":"scale","resource":"deployment","namespace":"dev","name":"a","replicas":"3; id"})"),
       400},
      {"replicas fractional",
       json::parse(
           R"({"intent":"scale","resource":"deployment","namespace":"dev","name":"a","replicas":1.5})"),
       400},
      {"runId as string",
       json::parse(R"({"intent":"gh-run-view","resource":"workflow","runId":"1; rm -rf /"})"), 400},
      {"runId above 2^53",
       json::parse(R"({"intent":"gh-run-view","resource":"workflow","runId":9007199254740993})"),
       422},
      {"runId beyond int64",
       json::parse(
           R"({"intent":"gh-run-view","resource":"workflow","runId":18446744073709551615})"),
       400},
      {"replicas above 50",
       json::parse(
           R"({"intent":"scale","resource":"deployment","namespace":"dev","name":"a","replicas":51})"),
       422},
      {"replicas negative",
       json::parse(
           R"({"intent":"scale","resource":"deployment","namespace":"dev","name":"a","replicas":-1})"),
       422},
      {"tail zero", with(kLogsPod, {{"tail", 0}}), 422},
      {"tail too large", with(kLogsPod, {{"tail", 10001}}), 422},
      {"since in days", with(kLogsPod, {{"since", "1d"}}), 422},
      {"since above 168h", with(kLogsPod, {{"since", "169h"}}), 422},
      {"since with a leading zero", with(kLogsPod, {{"since", "05m"}}), 422},
      {"workflow path traversal", with(kRunList, {{"workflow", "../../secrets.yaml"}}), 422},
      {"workflow with a space", with(kRunList, {{"workflow", "ci.yaml --repo evil/x"}}), 422},
      {"prNumber zero",
       json::parse(R"({"intent":"gh-pr-view","resource":"pull-request","prNumber":0})"), 422},
      {"limit above 100", with(kRunList, {{"limit", 101}}), 422},
  };
}

std::vector<Hostile> look_alikes_and_sizes() {
  return {
      {"Cyrillic a in name", with(kRestart, {{"name", "\xD0\xB0pi"}}), 422},
      {"Cyrillic o in namespace",
       with(kRestart, {{"namespace",
                        "pr\xD0\xBE"
                        "d"}}),
       422},
      {"zero-width space in name", with(kRestart, {{"name", "api\xE2\x80\x8B"}}), 422},
      {"fullwidth letters in name",
       with(kRestart, {{"name", "\xEF\xBD\x81\xEF\xBD\x90\xEF\xBD\x89"}}), 422},
      {"Unicode hyphen in name",
       with(kRestart, {{"name",
                        "api\xE2\x80\x90"
                        "1"}}),
       422},
      {"non-breaking space in name", with(kRestart, {{"name", "api\xC2\xA0x"}}), 422},
      {"fullwidth equals in selector",
       with(kLogsSelector, {{"selector",
                             "app\xEF\xBC\x9D"
                             "x"}}),
       422},
      {"Cyrillic letter in repo",
       with(kRunList, {{"repo",
                        "k12n/homel\xD0\xB0"
                        "b"}}),
       422},
      {"fullwidth hyphen-minus option",
       with(kRestart, {{"name",
                        "\xEF\xBC\x8D\xEF\xBC\x8D"
                        "all"}}),
       422},
      {"Cyrillic intent", with(kRestart, {{"intent", "r\xD0\xB5start"}}), 400},
      {"name of 254 characters", with(kRestart, {{"name", json::string(254, 'a')}}), 422},
      {"label of 64 characters", with(kRestart, {{"name", json::string(64, 'a')}}), 422},
      {"namespace of 64 characters", with(kRestart, {{"namespace", json::string(64, 'a')}}), 422},
      {"container of 64 characters", with(kLogsPod, {{"container", json::string(64, 'c')}}), 422},
      {"selector of 257 characters",
       with(kLogsSelector, {{"selector", json::string("a=" + std::string(255, 'b'))}}), 422},
      {"query of 501 characters", with(kRestart, {{"query", json::string(501, 'q')}}), 422},
      {"repo owner of 40 characters",
       with(kRunList, {{"repo", json::string(std::string(40, 'o') + "/r")}}), 422},
      {"workflow of 200 characters",
       with(kRunList, {{"workflow", json::string(std::string(200, 'w') + ".yml")}}), 422},
      {"name of 100 000 characters", with(kRestart, {{"name", json::string(100000, 'a')}}), 422},
  };
}

// Each of these characters, inside each string field.
std::vector<Hostile> metacharacters() {
  const std::vector<std::string> characters = {";", "|", "&",  "$(id)", "`id`", ">", "<",  "\n",
                                               " ", "'", "\"", "\\",    "*",    "~", "{}", "\t"};
  struct Field {
    std::string_view base;
    std::string name;
    std::string prefix;
    std::string suffix;
  };
  const std::vector<Field> fields = {
      {kLogsPod, "namespace", "dev", "x"},       {kLogsPod, "name", "api", "x"},
      {kLogsPod, "container", "main", "x"},      {kLogsPod, "since", "5m", ""},
      {kLogsSelector, "selector", "app=x", "y"}, {kRunList, "repo", "k12n/homelab", ""},
      {kRunList, "workflow", "ci", ".yaml"}};
  std::vector<Hostile> out;
  for (const auto& field : fields) {
    for (const auto& c : characters) {
      out.push_back(
          {field.name + " with " + json::serialize(json::string(c)),
           with(field.base, {{field.name, json::string(field.prefix + c + field.suffix)}}), 422});
    }
  }
  return out;
}

int exit_code_for(unsigned status) {
  return status == 403 ? 3 : 2;
}

void expect_refused(const Sandbox& sandbox, const Hostile& h) {
  const auto run = sandbox.exec(h.request);
  EXPECT_EQ(run.exit_code, exit_code_for(h.status)) << h.label << "\n" << run.out << run.err;
  const auto body = run.json();
  const auto* reasons = h.status == 403 ? body.at("validation").as_object().if_contains("reasons")
                                        : body.if_contains("reasons");
  ASSERT_NE(reasons, nullptr) << h.label;
  EXPECT_FALSE(reasons->as_array().empty()) << h.label;
  if (h.status == 400) {
    EXPECT_EQ(body.at("error"), "invalid_request") << h.label;
  } else if (h.status == 422) {
    EXPECT_EQ(body.at("error"), "unprocessable") << h.label;
  } else {
    EXPECT_EQ(body.at("error"), "policy_denied") << h.label;
  }
  EXPECT_TRUE(sandbox.nothing_ran()) << h.label << " executed something";
}

TEST(Injection, EveryBypassOfTheOriginalIsRefused) {
  Sandbox sandbox;
  for (const auto& h : contract_bypasses()) {
    expect_refused(sandbox, h);
  }
}

TEST(Injection, SmuggledOptionsAndTypeConfusionAreRefused) {
  Sandbox sandbox;
  for (const auto& h : smuggled_options()) {
    expect_refused(sandbox, h);
  }
}

TEST(Injection, UnicodeLookAlikesAndOversizedFieldsAreRefused) {
  Sandbox sandbox;
  for (const auto& h : look_alikes_and_sizes()) {
    expect_refused(sandbox, h);
  }
}

TEST(Injection, ShellMetacharactersInEveryStringFieldAreRefused) {
  Sandbox sandbox;
  const auto cases = metacharacters();
  EXPECT_GE(cases.size(), 100U);
  for (const auto& h : cases) {
    expect_refused(sandbox, h);
  }
}

TEST(Injection, TheSuiteHasAtLeastSixtyHostileRequests) {
  EXPECT_GE(contract_bypasses().size() + smuggled_options().size() + look_alikes_and_sizes().size(),
            60U);
}

TEST(Injection, TheRequestsValuesAreTheOnlyOnesInArgv) {
  // Row 20: the argv holds exactly the request's namespace and name.
  Sandbox sandbox;
  const auto run = sandbox.exec(json::parse(
      R"({"intent":"restart","resource":"deployment","namespace":"homelab-api","name":"homelab-api"})"));
  ASSERT_EQ(run.exit_code, 0);
  EXPECT_EQ(sandbox.calls("kubectl"),
            (std::vector<std::vector<std::string>>{
                {"kubectl", "rollout", "restart", "deployment/homelab-api", "-n", "homelab-api"}}));
}

TEST(Injection, NullSelectorMeansAbsent) {
  // Row 32: not a bypass, a regression test.
  Sandbox sandbox;
  const auto run = sandbox.exec(json::parse(
      R"({"intent":"logs","resource":"deployment","namespace":"dev","name":"api","selector":null,"container":""})"));
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(sandbox.calls("kubectl").front().at(5), "app=api");
}

TEST(Injection, FluxSuspendWithoutTokenWaits) {
  // Row 22.
  Sandbox sandbox;
  const auto run = sandbox.exec(
      json::parse(R"({"intent":"flux-suspend","resource":"kustomization","name":"apps"})"));
  EXPECT_EQ(run.exit_code, 4);
  EXPECT_TRUE(sandbox.nothing_ran());
}

}  // namespace
}  // namespace rag::testing
