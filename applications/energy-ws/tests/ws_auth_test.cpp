// The token check before the upgrade and the close at expiry (contracts/energy-ws.md section 2).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "ws_fixture.hpp"

namespace ws_test {
namespace {

using core::auth::testing::epoch_seconds;
using core::auth::testing::TestKey;

class WsAuth : public WsFixture {
 protected:
  void SetUp() override { start(); }

  void expect_refused(const ClientOptions& options, unsigned status, std::string_view error) {
    const auto response = WsClient::attempt(port(), options);
    EXPECT_EQ(response.result_int(), status) << response.body();
    EXPECT_EQ(boost::json::parse(response.body()),
              boost::json::parse(R"({"error":")" + std::string(error) + R"("})"))
        << response.body();
    if (status == 401) {
      EXPECT_EQ(response["WWW-Authenticate"], R"(Bearer error="invalid_token")");
    }
  }

  static ClientOptions bearer(const std::string& token) {
    ClientOptions options;
    options.headers = {{"Authorization", "Bearer " + token}};
    return options;
  }

  static ClientOptions query(const std::string& token) {
    ClientOptions options;
    options.target = "/ws/energy?token=" + token;
    return options;
  }

  std::string signed_by(const TestKey& key, std::chrono::seconds lifetime) const {
    return key.sign(boost::json::object{{"iss", idp_.issuer()},
                                        {"aud", kAudience},
                                        {"sub", "ws-test"},
                                        {"scope", kAllScopes},
                                        {"exp", epoch_seconds(lifetime)}});
  }
};

TEST_F(WsAuth, RefusedBeforeTheUpgrade) {
  expect_refused({}, 401, "authentication required");
  expect_refused(bearer(signed_by(signing_key(), -120s)), 401, "invalid token: expired");
  expect_refused(query(signed_by(signing_key(), -120s)), 401, "invalid token: expired");
  // Same kid, another key: a forgery.
  const auto forger = TestKey::rsa(signing_key().kid());
  expect_refused(bearer(signed_by(forger, 300s)), 401, "invalid token: bad signature");
  expect_refused(query(signed_by(forger, 300s)), 401, "invalid token: bad signature");
  auto origin = with_token();
  origin.headers.emplace_back("Origin", "https://evil.example");
  expect_refused(origin, 403, "origin not allowed");

  core::http::testing::Client http(port());
  const auto plain = http.get("/ws/energy?token=" + token());
  EXPECT_EQ(plain.result_int(), 400U);
  EXPECT_EQ(plain.body(), R"({"error":"websocket upgrade required"})");
  EXPECT_NE(metrics().find(R"(ws_refused_total{reason="unauthenticated"} 5)"), std::string::npos);
}

TEST_F(WsAuth, TokenFromTheQueryOrTheHeaderWhichWins) {
  WsClient from_query(port(), query(token()));
  auto allowed_origin = query(token());
  allowed_origin.headers.emplace_back("Origin", "http://localhost:5173");
  WsClient with_origin(port(), allowed_origin);

  const auto forged = signed_by(TestKey::rsa(signing_key().kid()), 300s);
  auto header_forged = query(token());
  header_forged.headers = bearer(forged).headers;
  expect_refused(header_forged, 401, "invalid token: bad signature");
  auto header_valid = query(forged);
  header_valid.headers = bearer(token()).headers;
  WsClient accepted(port(), header_valid);
}

TEST_F(WsAuth, TokenExpiringDuringTheSessionClosesWith4001) {
  ClientOptions options;
  options.headers = {{"Authorization", "Bearer " + token(kAllScopes, 2s)}};
  WsClient client(port(), options);
  const auto started = std::chrono::steady_clock::now();
  const auto error = client.read_until(of_type("error"), 5s);
  EXPECT_EQ(error.at("code"), "token_expired");
  EXPECT_EQ(error.at("message"), "token expired");
  client.read_until_closed();
  EXPECT_EQ(client.close_code(), 4001);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 4s);
  EXPECT_NE(metrics().find(R"(ws_closed_total{reason="token_expired"} 1)"), std::string::npos);
}

}  // namespace
}  // namespace ws_test
