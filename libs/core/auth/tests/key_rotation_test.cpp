// How the key sets follow the identity provider: discovery, rotation through an unknown kid,
// the refetch rate limit, fetch failures, and many requests at once.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "auth_server.hpp"
#include "jwks_server.hpp"
#include "test_keys.hpp"

namespace core::auth {
namespace {

using http::Status;
using testing::AuthServer;
using testing::epoch_seconds;
using testing::JwksServer;
using testing::TestKey;
using namespace std::chrono_literals;

const TestKey& first_key() {
  static const auto key = TestKey::rsa("2026-01");
  return key;
}
const TestKey& second_key() {
  static const auto key = TestKey::p256("2026-02");
  return key;
}
const TestKey& third_key() {
  static const auto key = TestKey::rsa("2026-03");
  return key;
}

class KeyRotation : public ::testing::Test {
 protected:
  AuthConfig config(std::chrono::seconds refetch_interval = 60s, bool discover = false) const {
    AuthConfig config;
    config.issuers = {{idp_.issuer(), discover ? "" : idp_.jwks_url(), {"homelab-api"}}};
    config.refetch_interval = refetch_interval;
    return config;
  }

  std::string token(const TestKey& key) const {
    return key.sign({{"iss", idp_.issuer()},
                     {"aud", "homelab-api"},
                     {"sub", "u-42"},
                     {"exp", epoch_seconds(300s)},
                     {"scope", "read:energy"}});
  }

  static http::Status status(AuthServer& api, const std::string& token) {
    return api.get("/api/v1/energy/latest", "Bearer " + token).result();
  }

  JwksServer idp_{testing::jwks({&first_key()})};
};

TEST_F(KeyRotation, AnUnknownKidRefetchesOnceAndFindsTheNewKey) {
  AuthServer api(config());
  ASSERT_TRUE(api.wait_ready());
  EXPECT_EQ(idp_.jwks_requests(), 1);
  EXPECT_EQ(status(api, token(first_key())), Status::ok);
  EXPECT_EQ(idp_.jwks_requests(), 1);  // known keys are served from the cache

  idp_.serve(testing::jwks({&first_key(), &second_key()}));
  EXPECT_EQ(status(api, token(second_key())), Status::ok);
  EXPECT_EQ(idp_.jwks_requests(), 2);

  // Another unknown kid within the minute: no fetch, so no key.
  idp_.serve(testing::jwks({&first_key(), &second_key(), &third_key()}));
  const auto response = api.get("/api/v1/energy/latest", "Bearer " + token(third_key()));
  EXPECT_EQ(response.result(), Status::unauthorized);
  EXPECT_EQ(response.body(), R"({"error":"invalid token: unknown key id"})");
  EXPECT_EQ(status(api, token(third_key())), Status::unauthorized);
  EXPECT_EQ(idp_.jwks_requests(), 2);
  EXPECT_EQ(status(api, token(first_key())), Status::ok);
  EXPECT_EQ(status(api, token(second_key())), Status::ok);
}

TEST_F(KeyRotation, AnUnknownKidMayRefetchAgainOnceTheIntervalHasPassed) {
  AuthServer api(config(1s));
  ASSERT_TRUE(api.wait_ready());
  // Not published yet: one refetch, still unknown.
  EXPECT_EQ(status(api, token(second_key())), Status::unauthorized);
  EXPECT_EQ(idp_.jwks_requests(), 2);
  idp_.serve(testing::jwks({&first_key(), &second_key()}));
  EXPECT_EQ(status(api, token(second_key())), Status::unauthorized);
  EXPECT_EQ(idp_.jwks_requests(), 2);
  std::this_thread::sleep_for(1100ms);
  EXPECT_EQ(status(api, token(second_key())), Status::ok);
  EXPECT_EQ(idp_.jwks_requests(), 3);
}

TEST_F(KeyRotation, ManyRequestsWithANewKidShareOneRefetch) {
  AuthServer api(config());
  ASSERT_TRUE(api.wait_ready());
  idp_.serve(testing::jwks({&first_key(), &second_key()}));
  const auto rotated = token(second_key());
  std::atomic<int> accepted = 0;
  {
    std::vector<std::jthread> clients;
    for (int i = 0; i < 8; ++i) {
      clients.emplace_back([&] {
        if (status(api, rotated) == Status::ok) {
          ++accepted;
        }
      });
    }
  }
  EXPECT_EQ(accepted, 8);
  EXPECT_EQ(idp_.jwks_requests(), 2);
}

TEST_F(KeyRotation, AFailedFetchKeepsTheKeysHeld) {
  AuthServer api(config(1s));
  ASSERT_TRUE(api.wait_ready());
  idp_.set_failing(true);
  EXPECT_EQ(status(api, token(second_key())), Status::unauthorized);
  EXPECT_EQ(idp_.jwks_requests(), 2);
  EXPECT_EQ(status(api, token(first_key())), Status::ok);
  EXPECT_TRUE(api.authenticator().ready());

  // A key set with no usable key counts as a failure too.
  idp_.set_failing(false);
  idp_.serve(R"({"keys":[{"kty":"oct","kid":"hmac","k":"c2VjcmV0"}]})");
  std::this_thread::sleep_for(1100ms);
  EXPECT_EQ(status(api, token(second_key())), Status::unauthorized);
  EXPECT_EQ(idp_.jwks_requests(), 3);
  EXPECT_EQ(status(api, token(first_key())), Status::ok);
}

TEST_F(KeyRotation, TheKeySetIsFoundThroughDiscovery) {
  AuthServer api(config(60s, true));
  ASSERT_TRUE(api.wait_ready());
  EXPECT_EQ(idp_.discovery_requests(), 1);
  EXPECT_EQ(status(api, token(first_key())), Status::ok);
}

TEST_F(KeyRotation, AProviderThatComesUpLaterIsRetriedWithinSeconds) {
  idp_.set_failing(true);
  AuthServer api(config(60s));
  EXPECT_FALSE(api.wait_ready(300ms));
  idp_.set_failing(false);
  // Retries after 1 s, then 2 s more: ready long before the 60-s refetch interval.
  EXPECT_TRUE(api.wait_ready(5s));
  EXPECT_GE(idp_.jwks_requests(), 2);
  EXPECT_EQ(status(api, token(first_key())), Status::ok);
}

TEST(KeyFetching, NotReadyUntilTheKeysArriveAndRequestsMeanwhileAreRefused) {
  AuthConfig config;
  // A port nobody listens on: the fetch fails at once.
  config.issuers = {{"http://127.0.0.1:9", "http://127.0.0.1:9/jwks", {"homelab-api"}}};
  AuthServer api(config);
  EXPECT_FALSE(api.wait_ready(300ms));
  const auto token = TestKey::rsa("k").sign(
      {{"iss", "http://127.0.0.1:9"}, {"aud", "homelab-api"}, {"exp", epoch_seconds(300s)}});
  const auto response = api.get("/api/v1/energy/latest", "Bearer " + token);
  EXPECT_EQ(response.result(), Status::unauthorized);
  EXPECT_EQ(response.body(), R"({"error":"invalid token: unknown key id"})");
}

}  // namespace
}  // namespace core::auth
