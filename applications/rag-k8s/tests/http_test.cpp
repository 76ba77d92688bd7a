// The HTTP server (section 10) over TCP with a real HTTP client: bearer tokens, no browsers,
// no CORS, the body rules and the routes.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "crypto.hpp"
#include "sandbox.hpp"
#include "settings.hpp"
#include "test_support.hpp"
#include "tool_process.hpp"

namespace rag::testing {
namespace {

namespace json = boost::json;
using core::http::Field;
using core::http::Verb;
using core::http::testing::Client;
using core::http::testing::make_request;

constexpr const char* kToken = "assistant-secret-token";

class Http : public ::testing::Test {
 protected:
  // The server picks a free port (http.port 0) and logs it; the test reads it from stdout.
  void SetUp() override {
    sandbox_.configure(
        "http:\n  port: 0\n  tokens:\n    - {name: assistant, sha256: " + sha256_hex(kToken) +
        "}\n    - {name: other, sha256: " + sha256_hex("other-token") + "}\n");
    server_.emplace(sandbox_, std::vector<std::string>{"serve-http"});
    constexpr std::string_view kListening = "listening on 127.0.0.1:";
    while (const auto line = server_->read_line()) {
      const auto at = line->find(kListening);
      if (at != std::string::npos) {
        port_ = static_cast<std::uint16_t>(std::stoi(line->substr(at + kListening.size())));
        break;
      }
    }
    ASSERT_NE(port_, 0) << "serve-http did not report its port: "
                        << read_file(sandbox_.root() / "server.err");
  }

  core::http::Response post(const std::string& target, const std::string& body,
                            const std::string& token = kToken,
                            const std::string& content_type = "application/json") const {
    auto request = make_request(Verb::post, target);
    if (!token.empty()) {
      request.set(Field::authorization, "Bearer " + token);
    }
    request.set(Field::content_type, content_type);
    request.body() = body;
    request.prepare_payload();
    return Client(port_).request(std::move(request));
  }

  static json::object body(const core::http::Response& response) {
    return json::parse(response.body()).as_object();
  }

  static void expect_no_cors(const core::http::Response& response) {
    for (const auto& field : response) {
      EXPECT_FALSE(std::string(field.name_string()).starts_with("Access-Control"))
          << field.name_string();
    }
  }

  Sandbox sandbox_;
  std::optional<ToolProcess> server_;
  std::uint16_t port_ = 0;
};

constexpr const char* kRestart =
    R"({"intent":"restart","resource":"deployment","namespace":"dev","name":"api"})";

TEST_F(Http, ListensOnLoopbackByDefault) {
  EXPECT_EQ(Settings{}.http_address, "127.0.0.1");
  EXPECT_EQ(Settings{}.http_port, 8000);
  // The sandbox sets no http.address: the server reported 127.0.0.1 and answers there.
  EXPECT_EQ(Client(port_).get("/health").result_int(), 200U);
}

TEST_F(Http, ExecRunsTheCardWithAValidToken) {
  const auto response = post("/k8s-exec", kRestart);
  ASSERT_EQ(response.result_int(), 200U) << response.body();
  EXPECT_EQ(body(response).at("status"), "executed");
  expect_no_cors(response);
  EXPECT_EQ(sandbox_.calls("kubectl").size(), 1U);
  const auto audit = sandbox_.audit_lines();
  ASSERT_EQ(audit.size(), 1U);
  EXPECT_EQ(audit.front().at("caller"), "token:assistant");
}

TEST_F(Http, RequestsWithoutOrWithAWrongTokenGet401AndAreNotAudited) {
  for (const std::string& token :
       std::vector<std::string>{"", "wrong", std::string(kToken) + "x"}) {
    const auto response = post("/k8s-exec", kRestart, token);
    EXPECT_EQ(response.result_int(), 401U) << token;
    EXPECT_EQ(body(response).at("error"), "unauthorized");
  }
  auto basic = make_request(Verb::get, "/k8s-cards");
  basic.set(Field::authorization, "Basic YTpi");
  EXPECT_EQ(Client(port_).request(std::move(basic)).result_int(), 401U);
  EXPECT_EQ(Client(port_).get("/k8s-cards").result_int(), 401U);
  const auto plan = post("/k8s-plan", kRestart, "");
  EXPECT_EQ(plan.result_int(), 401U);
  EXPECT_EQ(plan[Field::www_authenticate], "Bearer");
  expect_no_cors(plan);
  // A drain without a token must not even reach the confirmation step.
  EXPECT_EQ(
      post("/k8s-exec", R"({"intent":"drain","resource":"node","name":"n1"})", "").result_int(),
      401U);
  EXPECT_TRUE(sandbox_.nothing_ran());
  EXPECT_TRUE(sandbox_.audit_lines().empty());
  // The second configured token works and is named in the audit log.
  ASSERT_EQ(post("/k8s-exec", kRestart, "other-token").result_int(), 200U);
  const auto audit = sandbox_.audit_lines();
  ASSERT_EQ(audit.size(), 1U);
  EXPECT_EQ(audit.front().at("caller"), "token:other");
}

TEST_F(Http, BrowsersAreRefused) {
  auto request = make_request(Verb::post, "/k8s-exec");
  request.set(Field::authorization, std::string("Bearer ") + kToken);
  request.set(Field::origin, "https://evil.example");
  request.set(Field::content_type, "application/json");
  request.body() = kRestart;
  request.prepare_payload();
  const auto response = Client(port_).request(std::move(request));
  EXPECT_EQ(response.result_int(), 403U);
  expect_no_cors(response);
  auto without_token = make_request(Verb::post, "/k8s-exec");
  without_token.set(Field::origin, "https://evil.example");
  EXPECT_EQ(Client(port_).request(std::move(without_token)).result_int(), 403U);
  auto preflight = make_request(Verb::options, "/k8s-exec");
  preflight.set(Field::origin, "https://evil.example");
  preflight.set(Field::access_control_request_method, "POST");
  const auto answer = Client(port_).request(std::move(preflight));
  EXPECT_EQ(answer.result_int(), 403U);
  expect_no_cors(answer);
  EXPECT_TRUE(sandbox_.nothing_ran());
}

TEST_F(Http, OptionsGets405) {
  auto request = make_request(Verb::options, "/k8s-exec");
  request.set(Field::authorization, std::string("Bearer ") + kToken);
  EXPECT_EQ(Client(port_).request(std::move(request)).result_int(), 405U);
}

TEST_F(Http, BodiesMustBeJsonOfAtMost64KiB) {
  EXPECT_EQ(post("/k8s-exec", kRestart, kToken, "text/plain").result_int(), 400U);
  EXPECT_EQ(post("/k8s-exec", "{not json").result_int(), 400U);
  const auto large =
      R"({"intent":"top","resource":"node","query":")" + std::string(70000, 'q') + R"("})";
  const auto response = post("/k8s-exec", large);
  EXPECT_EQ(response.result_int(), 400U);
  EXPECT_EQ(body(response).at("error"), "invalid_request");
  // Beyond the server's 1 MiB read limit the body is never read, and the answer is still 400.
  const auto huge =
      R"({"intent":"top","resource":"node","query":")" + std::string(1100000, 'q') + R"("})";
  EXPECT_EQ(post("/k8s-exec", huge).result_int(), 400U);
  EXPECT_TRUE(sandbox_.nothing_ran());
}

TEST_F(Http, PlanRejectsUnknownMembersAndNeverExecutes) {
  const auto rejected = post(
      "/k8s-plan",
      R"({"intent":"restart","resource":"deployment","namespace":"dev","name":"api","context":"x"})");
  EXPECT_EQ(rejected.result_int(), 400U);
  const auto planned = post("/k8s-plan", R"({"intent":"drain","resource":"node","name":"n1"})");
  ASSERT_EQ(planned.result_int(), 200U);
  EXPECT_EQ(body(planned).at("status"), "planned");
  EXPECT_EQ(body(planned).at("requiresConfirmation"), true);
  EXPECT_FALSE(body(planned).contains("confirmToken"));
  EXPECT_TRUE(sandbox_.nothing_ran());
}

TEST_F(Http, StatusCodesFollowTheDecision) {
  EXPECT_EQ(post("/k8s-exec", R"({"intent":"undo","resource":"deployment"})").result_int(), 400U);
  EXPECT_EQ(post("/k8s-exec",
                 R"({"intent":"restart","resource":"deployment","namespace":"dev","name":"a;b"})")
                .result_int(),
            422U);
  EXPECT_EQ(
      post("/k8s-exec",
           R"({"intent":"restart","resource":"deployment","namespace":"kube-system","name":"a"})")
          .result_int(),
      403U);
  const auto awaiting = post("/k8s-exec", R"({"intent":"drain","resource":"node","name":"n1"})");
  ASSERT_EQ(awaiting.result_int(), 202U);
  auto again = body(awaiting).at("resolvedRequest").as_object();
  again["constraints"] = {{"confirmToken", body(awaiting).at("confirmToken")}};
  // Tokens are shared by every front end of the host: the CLI can confirm what HTTP planned.
  const auto confirmed = sandbox_.exec(again);
  EXPECT_EQ(confirmed.exit_code, 0) << confirmed.out;
  EXPECT_EQ(post("/k8s-exec", json::serialize(again)).result_int(), 403U);  // already used
}

TEST_F(Http, CardsAndHealth) {
  auto request = make_request(Verb::get, "/k8s-cards?query=list%20open%20pull%20requests");
  request.set(Field::authorization, std::string("Bearer ") + kToken);
  const auto cards = Client(port_).request(std::move(request));
  ASSERT_EQ(cards.result_int(), 200U);
  EXPECT_EQ(body(cards).at("cards").as_array().front().at("id"), "gh-pr-list");
  const auto health = Client(port_).get("/health");
  ASSERT_EQ(health.result_int(), 200U);
  EXPECT_EQ(body(health), json::parse(R"({"status":"healthy","model_loaded":false,"cards":28})"));
}

// Only /health is open: the server's probes and metrics need the token like every other route.
TEST_F(Http, ProbesAndMetricsNeedTheToken) {
  for (const char* path : {"/healthz", "/readyz", "/metrics"}) {
    EXPECT_EQ(Client(port_).get(path).result_int(), 401U) << path;
    auto request = make_request(Verb::get, path);
    request.set(Field::authorization, std::string("Bearer ") + kToken);
    EXPECT_EQ(Client(port_).request(std::move(request)).result_int(), 200U) << path;
  }
}

TEST(HttpStart, ServeHttpWithoutTokensRefusesToStart) {
  Sandbox sandbox;
  sandbox.configure("http:\n  port: 0\n");
  const auto run = sandbox.run({"serve-http"});
  EXPECT_EQ(run.exit_code, 5);
  // The server logs (JSON lines) on stdout.
  EXPECT_NE((run.out + run.err).find("http.tokens"), std::string::npos) << run.out << run.err;
}

}  // namespace
}  // namespace rag::testing
