// Authentication and CORS as the settings API wires them (settings-api.md section 1): GETs need
// read:settings, PATCH write:settings, /health and the server's endpoints stay public, and
// preflights allow GET, PATCH and OPTIONS.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "api_fixture.hpp"
#include "jwks_server.hpp"
#include "settings_routes.hpp"
#include "test_keys.hpp"

namespace settings_test {
namespace {

using boost::beast::http::field;
using boost::beast::http::verb;
using core::auth::testing::epoch_seconds;
using core::auth::testing::JwksServer;
using core::auth::testing::TestKey;

constexpr const char* kDevice = "ThermIQ_auth";
const std::string kPath = std::string("/api/v1/heatpump/settings/") + kDevice;

const TestKey& signing_key() {
  static const auto key = TestKey::rsa("settings-test-1");
  return key;
}

class Auth : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    insert_device(kDevice);
    auto config = default_config();
    config.auth.mode = core::auth::Mode::jwt;
    config.auth.issuers = {{idp_.issuer(), idp_.jwks_url(), {"heatpump-settings-api"}}};
    start_api(config);
    ASSERT_TRUE(eventually([this] { return get("/readyz").result_int() == 200; }, 10s));
  }

  Headers bearer(const std::string& scope) const {
    const boost::json::object claims{{"iss", idp_.issuer()},
                                     {"aud", "heatpump-settings-api"},
                                     {"sub", "u-42"},
                                     {"scope", scope},
                                     {"exp", epoch_seconds(std::chrono::seconds(300))}};
    return {{"Authorization", "Bearer " + signing_key().sign(claims)}};
  }

  void expect_refused(const HttpResponse& response, unsigned status, const std::string& error) {
    EXPECT_EQ(response.result_int(), status) << response.body();
    EXPECT_EQ(error_of(response), error);
  }

  JwksServer idp_{core::auth::testing::jwks({&signing_key()})};
};

TEST_F(Auth, EveryGetNeedsReadSettings) {
  const auto reader = bearer("openid read:settings");
  for (const auto& target : {std::string("/api/v1/heatpump/settings"), kPath, kPath + "/outbox",
                             std::string("/api/v1/heatpump/settings/outbox/1")}) {
    expect_refused(get(target), 401, "authentication required");
    expect_refused(get(target, bearer("write:settings read:heatpump")), 403,
                   "insufficient scope: read:settings required");
    const auto allowed = get(target, reader).result_int();
    EXPECT_TRUE(allowed == 200U || allowed == 404U) << target << ": " << allowed;
  }
}

TEST_F(Auth, PatchNeedsWriteSettings) {
  expect_refused(patch(kPath, R"({"mode":1})"), 401, "authentication required");
  expect_refused(patch(kPath, R"({"mode":1})", bearer("read:settings")), 403,
                 "insufficient scope: write:settings required");
  expect_refused(patch(kPath, R"({"mode":1})", {{"Authorization", "Bearer not.a.token"}}), 401,
                 "invalid token: malformed");
  EXPECT_EQ(query_one("SELECT count(*) FROM outbox"), "0");
  EXPECT_EQ(patch(kPath, R"({"mode":1})", bearer("write:settings")).result_int(), 202U);
  EXPECT_EQ(query_one("SELECT count(*) FROM outbox"), "1");
}

TEST_F(Auth, HealthAndTheServerEndpointsArePublic) {
  for (const auto* target : {"/health", "/healthz", "/readyz", "/metrics"}) {
    EXPECT_EQ(get(target).result_int(), 200U) << target;
  }
  EXPECT_EQ(get("/api/v1/heatpump/settings").result_int(), 401U);
  EXPECT_NE(get("/metrics").body().find("auth_failures_total{reason=\"missing_credentials\"} 1"),
            std::string::npos);
}

TEST_F(Auth, PreflightsAllowGetPatchAndOptionsBeforeAuthentication) {
  const auto preflight = request(
      verb::options, kPath, {},
      {{"Origin", "https://heatpump.k12n.com"}, {"Access-Control-Request-Method", "PATCH"}});
  EXPECT_EQ(preflight.result_int(), 204U);
  EXPECT_EQ(preflight[field::access_control_allow_methods], "GET, PATCH, OPTIONS");
  EXPECT_EQ(preflight[field::access_control_allow_origin], "https://heatpump.k12n.com");
  const auto refused =
      request(verb::options, kPath, {},
              {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "PATCH"}});
  EXPECT_EQ(refused.result_int(), 403U);
  EXPECT_EQ(refused[field::access_control_allow_origin], "");
  // An allowed origin on a real request gets the CORS headers.
  auto headers = bearer("read:settings");
  headers.emplace_back("Origin", "http://localhost:5173");
  EXPECT_EQ(get(kPath, headers)[field::access_control_allow_origin], "http://localhost:5173");
}

TEST(ProxyAndNoneModes, ProxyUsersAndNoneModeHaveEveryScope) {
  // Covered by the core auth tests; here only that the API's groups exist in the policy, so no
  // route answers 500 for a missing group.
  const auto scopes = settings_api::route_scopes();
  EXPECT_EQ(scopes.at(settings_api::kReadGroup), "read:settings");
  EXPECT_EQ(scopes.at(settings_api::kWriteGroup), "write:settings");
  EXPECT_EQ(scopes.size(), 2U);
}

}  // namespace
}  // namespace settings_test
