// Proxy mode trusts X-Auth-Request-* only from the configured proxies; none mode lets all in.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "auth_server.hpp"
#include "test_keys.hpp"

namespace core::auth {
namespace {

using http::Field;
using http::Status;
using testing::AuthServer;
using Headers = std::vector<std::pair<std::string, std::string>>;
using namespace std::chrono_literals;

AuthConfig proxy_config(std::initializer_list<const char*> trusted) {
  AuthConfig config;
  config.mode = Mode::proxy;
  for (const auto* cidr : trusted) {
    config.trusted_proxies.push_back(*Cidr::parse(cidr));
  }
  return config;
}

const Headers kProxyHeaders{{"X-Auth-Request-User", "kristoffer"},
                            {"X-Auth-Request-Email", "k@example.com"}};

TEST(ProxyMode, TrustsTheHeadersFromATrustedPeer) {
  AuthServer api(proxy_config({"10.42.0.0/16", "127.0.0.1/32"}));
  const auto response = api.get("/api/v1/energy/latest", std::nullopt, kProxyHeaders);
  ASSERT_EQ(response.result(), Status::ok) << response.body();
  const auto body = boost::json::parse(response.body());
  EXPECT_EQ(body.at("subject"), "kristoffer");
  EXPECT_EQ(body.at("username"), "kristoffer");
  EXPECT_EQ(body.at("email"), "k@example.com");
  EXPECT_EQ(body.at("all_scopes"), true);  // the proxy authorized the request
  EXPECT_TRUE(body.at("token").is_null());
  EXPECT_TRUE(body.at("exp").is_null());
}

TEST(ProxyMode, ReadsTheExpiryOfTheForwardedAccessToken) {
  AuthServer api(proxy_config({"127.0.0.0/8"}));
  const auto exp = testing::epoch_seconds(900s);
  // Signed by a key the service does not know: the proxy vouches for it.
  const auto access_token = testing::TestKey::p256("idp").sign({{"sub", "u-42"}, {"exp", exp}});
  auto headers = kProxyHeaders;
  headers.emplace_back("X-Auth-Request-Access-Token", access_token);
  const auto body =
      boost::json::parse(api.get("/api/v1/energy/latest", std::nullopt, headers).body());
  EXPECT_EQ(body.at("token").as_string(), access_token);
  EXPECT_EQ(body.at("exp"), boost::json::value(exp));

  headers.back().second = "opaque-token";
  const auto opaque =
      boost::json::parse(api.get("/api/v1/energy/latest", std::nullopt, headers).body());
  EXPECT_EQ(opaque.at("token"), "opaque-token");
  EXPECT_TRUE(opaque.at("exp").is_null());
}

TEST(ProxyMode, IgnoresTheHeadersFromAnUntrustedPeer) {
  AuthServer api(proxy_config({"10.0.0.0/8", "::1/128", "127.0.0.2"}));
  const auto response = api.get("/api/v1/energy/latest", std::nullopt, kProxyHeaders);
  EXPECT_EQ(response.result(), Status::unauthorized);
  EXPECT_EQ(response.body(), R"({"error":"authentication required"})");
  EXPECT_EQ(response[Field::www_authenticate], R"(Bearer error="invalid_token")");
  const auto text = metrics::expose(api.registry());
  EXPECT_NE(text.find(R"(auth_failures_total{reason="untrusted_proxy"} 1)"), std::string::npos);
}

TEST(ProxyMode, ATrustedPeerWithoutAUserIs401) {
  AuthServer api(proxy_config({"127.0.0.1"}));
  for (const auto& headers : {Headers{}, Headers{{"X-Auth-Request-Email", "k@example.com"}},
                              Headers{{"X-Auth-Request-User", ""}}}) {
    EXPECT_EQ(api.get("/api/v1/energy/latest", std::nullopt, headers).result(),
              Status::unauthorized);
  }
}

TEST(ProxyMode, ABearerTokenAloneIsNotEnough) {
  AuthServer api(proxy_config({"10.0.0.0/8"}));
  const auto token = testing::TestKey::p256("idp").sign({{"sub", "u-42"}});
  EXPECT_EQ(api.get("/api/v1/energy/latest", "Bearer " + token).result(), Status::unauthorized);
}

TEST(NoneMode, LetsEveryRequestInAsAnonymousWithEveryScope) {
  AuthConfig config;
  config.mode = Mode::none;
  AuthServer api(config);
  EXPECT_TRUE(api.authenticator().ready());
  const auto response = api.get("/api/v1/energy/latest", std::nullopt);
  ASSERT_EQ(response.result(), Status::ok);
  const auto body = boost::json::parse(response.body());
  EXPECT_EQ(body.at("username"), "anonymous");
  EXPECT_EQ(body.at("all_scopes"), true);
  EXPECT_TRUE(body.at("token").is_null());
  EXPECT_TRUE(body.at("email").is_null());
  EXPECT_TRUE(body.at("exp").is_null());
  EXPECT_EQ(api.get("/api/v1/energy/latest", "Bearer whatever").result(), Status::ok);
}

TEST(Scopes, EnforcementCanBeTurnedOff) {
  AuthConfig config;
  config.mode = Mode::none;
  config.enforce_scopes = false;
  metrics::Registry registry;
  const Authenticator authenticator(config, registry);
  http::Identity identity;
  EXPECT_EQ(authenticator.authorize(identity, "read:energy"), std::nullopt);
}

TEST(Scopes, AMissingScopeIsA403NamingIt) {
  AuthConfig config;
  config.mode = Mode::none;
  metrics::Registry registry;
  const Authenticator authenticator(config, registry);
  http::Identity identity;
  identity.scopes = {"read:heatpump"};
  const auto failure = authenticator.authorize(identity, "read:energy");
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->status, Status::forbidden);
  EXPECT_EQ(failure->message, "insufficient scope: read:energy required");
  EXPECT_EQ(authenticator.authorize(identity, "read:heatpump"), std::nullopt);
  EXPECT_EQ(authenticator.authorize(identity, ""), std::nullopt);
}

}  // namespace
}  // namespace core::auth
