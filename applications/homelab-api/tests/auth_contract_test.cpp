// Authentication as the API wires it (contracts/homelab-api.md section 2): which route group needs
// which scope, what stays public, and /api/v1/user/info in each mode. Tokens are signed here and
// their keys served by a local identity provider (the auth module's test helpers); the token
// checks themselves are tested in libs/core/auth.
#include <gtest/gtest.h>

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <thread>

#include "api_fixture.hpp"
#include "jwks_server.hpp"
#include "test_keys.hpp"
#include "utc_timestamp.hpp"

namespace api_test {
namespace {

using boost::beast::http::field;
using boost::beast::http::verb;
using core::auth::testing::epoch_seconds;
using core::auth::testing::JwksServer;
using core::auth::testing::TestKey;
using namespace std::chrono_literals;

const TestKey& signing_key() {
  static const auto key = TestKey::rsa("api-test-1");
  return key;
}

HttpResponse get_with(std::uint16_t port, const std::string& target, const Headers& headers) {
  return http_request(port, verb::get, target, headers);
}

Headers bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

void expect_refused(const HttpResponse& response, unsigned status, const std::string& error) {
  EXPECT_EQ(response.result_int(), status) << response.body();
  EXPECT_TRUE(json_equal(boost::json::parse(response.body()), R"({"error":")" + error + R"("})"));
  if (status == 401) {
    EXPECT_EQ(response[field::www_authenticate], R"(Bearer error="invalid_token")");
  }
}

// The public endpoints answer without credentials in every mode.
void expect_public_endpoints_open(std::uint16_t port) {
  for (const auto* target :
       {"/health", "/healthz", "/readyz", "/metrics", "/api/v1/openapi.json"}) {
    EXPECT_EQ(http_get(port, target).result_int(), 200U) << target;
  }
  const auto preflight = http_request(
      port, verb::options, "/api/v1/energy/history",
      {{"Origin", "https://heatpump.k12n.com"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(preflight.result_int(), 204U) << "preflights are answered before authentication";
}

class AuthContract : public ApiFixture {
 protected:
  void start_with(const core::auth::AuthConfig& auth) {
    auto config = default_config();
    config.auth = auth;
    start_api(config);
  }

  bool wait_ready() {
    for (int i = 0; i < 200; ++i) {
      if (http_get(port(), "/readyz").result_int() == 200) {
        return true;
      }
      std::this_thread::sleep_for(25ms);
    }
    return false;
  }
};

class JwtMode : public AuthContract {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    core::auth::AuthConfig auth;
    auth.mode = core::auth::Mode::jwt;
    auth.issuers = {{idp_.issuer(), idp_.jwks_url(), {"homelab-api"}}};
    start_with(auth);
    ASSERT_TRUE(wait_ready());
    // Tokens expire in real time; user/info computes expires_in from the API's clock.
    set_now(homelab_api::format_utc(homelab_api::system_now()));
  }

  std::string token(boost::json::object extra) const {
    boost::json::object claims{{"iss", idp_.issuer()},
                               {"aud", "homelab-api"},
                               {"sub", "u-42"},
                               {"preferred_username", "kristoffer"},
                               {"email", "k@example.com"},
                               {"exp", epoch_seconds(300s)}};
    for (const auto& member : extra) {
      claims[member.key()] = member.value();
    }
    return signing_key().sign(claims);
  }

  JwksServer idp_{core::auth::testing::jwks({&signing_key()})};
};

TEST_F(JwtMode, EachRouteGroupNeedsItsScope) {
  const auto energy_only = token({{"scope", "openid read:energy"}});
  EXPECT_EQ(get_with(port(), "/api/v1/energy/hourly-total", bearer(energy_only)).result_int(),
            200U);
  expect_refused(get_with(port(), "/api/v1/heatpump/latest", bearer(energy_only)), 403,
                 "insufficient scope: read:heatpump required");
  expect_refused(get_with(port(), "/api/v1/temperature/all-latest", bearer(energy_only)), 403,
                 "insufficient scope: read:temperature required");

  const auto others = token({{"scp", boost::json::array{"read:heatpump", "read:temperature"}}});
  expect_refused(get_with(port(), "/api/v1/energy/latest", bearer(others)), 403,
                 "insufficient scope: read:energy required");
  EXPECT_EQ(get_with(port(), "/api/v1/heatpump/latest", bearer(others)).result_int(), 404U)
      << "authorized, and the table is empty";
  EXPECT_EQ(get_with(port(), "/api/v1/temperature/all-latest", bearer(others)).result_int(), 200U);
}

TEST_F(JwtMode, MissingOrInvalidTokensAre401) {
  for (const auto* target : {"/api/v1/energy/latest", "/api/v1/user/info"}) {
    expect_refused(get_with(port(), target, {}), 401, "authentication required");
  }
  const auto garbage = get_with(port(), "/api/v1/energy/latest", bearer("not.a.token"));
  EXPECT_EQ(garbage.result_int(), 401U);
  EXPECT_TRUE(
      boost::json::parse(garbage.body()).at("error").as_string().starts_with("invalid token: "))
      << garbage.body();
  const auto metrics = http_get(port(), "/metrics").body();
  EXPECT_NE(metrics.find("auth_failures_total{reason=\"missing_credentials\"} 2"),
            std::string::npos)
      << metrics;
  expect_public_endpoints_open(port());
}

TEST_F(JwtMode, UserInfoDescribesTheTokenWithoutNeedingAScope) {
  const auto jwt = token({});
  const auto response = get_with(port(), "/api/v1/user/info", bearer(jwt));
  ASSERT_EQ(response.result_int(), 200U) << response.body();
  const auto body = boost::json::parse(response.body());
  EXPECT_EQ(body.at("token").as_string(), jwt);
  EXPECT_EQ(body.at("username"), "kristoffer");
  EXPECT_EQ(body.at("email"), "k@example.com");
  EXPECT_NEAR(static_cast<double>(body.at("expires_in").as_int64()), 300.0, 2.0);
  EXPECT_TRUE(openapi().check_response("/api/v1/user/info", 200, body).empty());

  // Without preferred_username and email: sub, and null.
  boost::json::object bare{
      {"iss", idp_.issuer()}, {"aud", "homelab-api"}, {"sub", "u-7"}, {"exp", epoch_seconds(60s)}};
  const auto minimal = boost::json::parse(
      get_with(port(), "/api/v1/user/info", bearer(signing_key().sign(bare))).body());
  EXPECT_EQ(minimal.at("username"), "u-7");
  EXPECT_TRUE(minimal.at("email").is_null());
}

TEST_F(AuthContract, JwtModeIsNotReadyWithoutTheIssuersKeys) {
  JwksServer idp(core::auth::testing::jwks({&signing_key()}));
  idp.set_failing(true);
  core::auth::AuthConfig auth;
  auth.mode = core::auth::Mode::jwt;
  auth.issuers = {{idp.issuer(), idp.jwks_url(), {"homelab-api"}}};
  start_with(auth);
  const auto ready = get_json("/readyz", 503);
  EXPECT_EQ(ready.at("error"), "identity provider unreachable") << ready;
}

// Proxy mode with the test client's address trusted.
class ProxyMode : public AuthContract {
 protected:
  void start_trusting(const char* cidr) {
    core::auth::AuthConfig auth;
    auth.mode = core::auth::Mode::proxy;
    auth.trusted_proxies = {*core::auth::Cidr::parse(cidr)};
    start_with(auth);
  }
};

TEST_F(ProxyMode, TrustedHeadersIdentifyTheUser) {
  start_trusting("127.0.0.0/8");
  // An access token the proxy passes on; its exp is read without verifying it. The API's clock is
  // 2026-01-16T21:24:31.501Z and exp is 2026-01-16T22:24:32Z: 3600.499 s, 3600 whole seconds.
  const auto access_token = core::auth::testing::compact(
      {{"alg", "RS256"}, {"typ", "JWT"}}, {{"sub", "alice"}, {"exp", 1768602272}}, "signature");
  const Headers alice = {{"X-Auth-Request-User", "alice"},
                         {"X-Auth-Request-Email", "alice@example.com"},
                         {"X-Auth-Request-Access-Token", access_token}};
  const auto info = get_with(port(), "/api/v1/user/info", alice);
  ASSERT_EQ(info.result_int(), 200U) << info.body();
  const auto body = boost::json::parse(info.body());
  EXPECT_TRUE(json_equal(body, R"({"token":")" + access_token +
                                   R"(","username":"alice","email":"alice@example.com",)"
                                   R"("expires_in":3600})"));
  EXPECT_TRUE(openapi().check_response("/api/v1/user/info", 200, body).empty());
  // The proxy did the authorization: every group is open to the user.
  for (const auto* target : {"/api/v1/energy/hourly-total", "/api/v1/temperature/all-latest"}) {
    EXPECT_EQ(get_with(port(), target, alice).result_int(), 200U) << target;
  }
  // Only the user header: token, email and expires_in are null.
  EXPECT_TRUE(json_equal(
      boost::json::parse(
          get_with(port(), "/api/v1/user/info", {{"X-Auth-Request-User", "bob"}}).body()),
      R"({"token":null,"username":"bob","email":null,"expires_in":null})"));
  expect_refused(get_with(port(), "/api/v1/energy/latest", {}), 401, "authentication required");
  expect_public_endpoints_open(port());
}

TEST_F(ProxyMode, HeadersFromAnUntrustedPeerAreIgnored) {
  start_trusting("10.0.0.0/8");
  expect_refused(get_with(port(), "/api/v1/energy/latest", {{"X-Auth-Request-User", "mallory"}}),
                 401, "authentication required");
  expect_refused(get_with(port(), "/api/v1/user/info", {{"X-Auth-Request-User", "mallory"}}), 401,
                 "authentication required");
}

}  // namespace
}  // namespace api_test
