// Bearer JWTs through a real server: keys made here, the JWKS served by a local identity
// provider, requests from a real HTTP client.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "auth_server.hpp"
#include "core/auth/base64url.hpp"
#include "jwks_server.hpp"
#include "test_keys.hpp"

namespace core::auth {
namespace {

using http::Field;
using http::Status;
using testing::AuthServer;
using testing::epoch_seconds;
using testing::JwksServer;
using testing::TestKey;
using namespace std::chrono_literals;

const TestKey& rsa_key() {
  static const auto key = TestKey::rsa("rsa-1");
  return key;
}
const TestKey& ec_key() {
  static const auto key = TestKey::p256("ec-1");
  return key;
}

std::string bearer(std::string_view token) {
  return "Bearer " + std::string(token);
}

class JwtAuth : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(api_.wait_ready()); }

  AuthConfig config() const {
    AuthConfig config;
    config.issuers = {{idp_.issuer(), idp_.jwks_url(), {"heatpump-web", "homelab-api"}}};
    return config;
  }

  // Claims that pass, changed by the test as needed.
  boost::json::object claims() const {
    return {{"iss", idp_.issuer()},
            {"aud", "homelab-api"},
            {"sub", "u-42"},
            {"preferred_username", "kristoffer"},
            {"email", "k@example.com"},
            {"exp", epoch_seconds(300s)},
            {"scope", "openid read:energy"}};
  }

  http::Response energy(std::string_view token) {
    return api_.get("/api/v1/energy/latest", bearer(token));
  }

  // A refused request: its status, {"error": message}, no trace of the token, and the
  // WWW-Authenticate challenge on 401.
  void expect_refused(const std::string& token, Status status, std::string_view message,
                      std::string_view target = "/api/v1/energy/latest") {
    SCOPED_TRACE(token);
    const auto response = api_.get(target, bearer(token));
    EXPECT_EQ(response.result(), status);
    EXPECT_EQ(boost::json::parse(response.body()), (boost::json::object{{"error", message}}));
    EXPECT_EQ(response.body().find(token), std::string::npos);
    if (const auto signature = token.substr(token.rfind('.') + 1); signature.size() > 8) {
      EXPECT_EQ(response.body().find(signature), std::string::npos);
    }
    if (status == Status::unauthorized) {
      EXPECT_EQ(response[Field::www_authenticate], R"(Bearer error="invalid_token")");
    } else {
      EXPECT_EQ(response.count(Field::www_authenticate), 0U);
    }
  }

  JwksServer idp_{testing::jwks({&rsa_key(), &ec_key()})};
  AuthServer api_{config()};
};

TEST_F(JwtAuth, AValidRs256TokenReachesTheHandlerWithItsIdentity) {
  const auto token = rsa_key().sign(claims());
  const auto response = energy(token);
  ASSERT_EQ(response.result(), Status::ok) << response.body();
  const auto body = boost::json::parse(response.body());
  EXPECT_EQ(body.at("subject"), "u-42");
  EXPECT_EQ(body.at("username"), "kristoffer");
  EXPECT_EQ(body.at("email"), "k@example.com");
  EXPECT_EQ(body.at("token").as_string(), token);
  EXPECT_EQ(body.at("scopes"), (boost::json::array{"openid", "read:energy"}));
  EXPECT_EQ(body.at("exp"), claims().at("exp"));
}

TEST_F(JwtAuth, AValidEs256TokenIsAccepted) {
  auto payload = claims();
  payload.erase("preferred_username");
  payload.erase("email");
  const auto response = energy(ec_key().sign(payload));
  ASSERT_EQ(response.result(), Status::ok) << response.body();
  const auto body = boost::json::parse(response.body());
  EXPECT_EQ(body.at("username"), "u-42");  // sub when there is no preferred_username
  EXPECT_TRUE(body.at("email").is_null());
}

TEST_F(JwtAuth, TheBearerSchemeIsCaseInsensitive) {
  const auto token = rsa_key().sign(claims());
  EXPECT_EQ(api_.get("/api/v1/energy/latest", "bearer " + token).result(), Status::ok);
  EXPECT_EQ(api_.get("/api/v1/energy/latest", "BEARER  " + token).result(), Status::ok);
}

TEST_F(JwtAuth, MissingCredentialsAre401) {
  for (const std::optional<std::string_view> authorization :
       {std::optional<std::string_view>(), std::optional<std::string_view>("Bearer"),
        std::optional<std::string_view>("Bearer   "),
        std::optional<std::string_view>("Basic a2s6cGFzcw==")}) {
    const auto response = api_.get("/api/v1/energy/latest", authorization);
    EXPECT_EQ(response.result(), Status::unauthorized);
    EXPECT_EQ(response.body(), R"({"error":"authentication required"})");
    EXPECT_EQ(response[Field::www_authenticate], R"(Bearer error="invalid_token")");
  }
}

TEST_F(JwtAuth, AnExpiredTokenIs401) {
  auto payload = claims();
  payload["exp"] = epoch_seconds(-120s);
  expect_refused(rsa_key().sign(payload), Status::unauthorized, "invalid token: expired");
}

TEST_F(JwtAuth, ExpAndNbfAllowSixtySecondsOfClockSkew) {
  auto payload = claims();
  payload["exp"] = epoch_seconds(-30s);
  payload["nbf"] = epoch_seconds(30s);
  EXPECT_EQ(energy(rsa_key().sign(payload)).result(), Status::ok);
}

TEST_F(JwtAuth, ATokenWithoutExpIs401) {
  auto payload = claims();
  payload.erase("exp");
  expect_refused(rsa_key().sign(payload), Status::unauthorized, "invalid token: missing exp");
}

TEST_F(JwtAuth, ANotYetValidTokenIs401) {
  auto payload = claims();
  payload["nbf"] = epoch_seconds(120s);
  expect_refused(rsa_key().sign(payload), Status::unauthorized, "invalid token: not yet valid");
}

TEST_F(JwtAuth, AnotherIssuerIs401) {
  for (const auto* issuer : {"https://evil.example", ""}) {
    auto payload = claims();
    payload["iss"] = issuer;
    expect_refused(rsa_key().sign(payload), Status::unauthorized, "invalid token: unknown issuer");
  }
  auto payload = claims();
  payload["iss"] = idp_.issuer() + "/";  // exact match only
  expect_refused(rsa_key().sign(payload), Status::unauthorized, "invalid token: unknown issuer");
  payload.erase("iss");
  expect_refused(rsa_key().sign(payload), Status::unauthorized, "invalid token: unknown issuer");
}

TEST_F(JwtAuth, AnotherAudienceIs401) {
  auto payload = claims();
  payload["aud"] = "account";
  expect_refused(rsa_key().sign(payload), Status::unauthorized, "invalid token: wrong audience");
  payload["aud"] = boost::json::array{"account", "heatpump-web"};
  EXPECT_EQ(energy(rsa_key().sign(payload)).result(), Status::ok);
}

TEST_F(JwtAuth, AMissingScopeIs403NamingTheScope) {
  auto payload = claims();
  payload["scope"] = "openid read:heatpump";
  const auto token = rsa_key().sign(payload);
  expect_refused(token, Status::forbidden, "insufficient scope: read:energy required");
  // Routes that only need a login accept it.
  EXPECT_EQ(api_.get("/api/v1/user/info", bearer(token)).result(), Status::ok);
}

TEST_F(JwtAuth, ScopesMayComeFromScp) {
  auto payload = claims();
  payload.erase("scope");
  payload["scp"] = boost::json::array{"read:energy"};
  EXPECT_EQ(energy(rsa_key().sign(payload)).result(), Status::ok);
}

TEST_F(JwtAuth, AlgNoneIs401) {
  for (const auto* alg : {"none", "None", "NONE"}) {
    const auto token =
        testing::compact({{"alg", alg}, {"typ", "JWT"}, {"kid", "rsa-1"}}, claims(), "");
    expect_refused(token, Status::unauthorized, "invalid token: unsupported algorithm");
  }
  // Without a kid either, with a signature glued on, or without any alg.
  expect_refused(testing::compact({{"alg", "none"}}, claims(), "sig"), Status::unauthorized,
                 "invalid token: unsupported algorithm");
  expect_refused(testing::compact({{"kid", "rsa-1"}}, claims(), "sig"), Status::unauthorized,
                 "invalid token: unsupported algorithm");
}

TEST_F(JwtAuth, Hs256SignedWithThePublicKeyIs401) {
  const boost::json::object header{{"alg", "HS256"}, {"typ", "JWT"}, {"kid", "rsa-1"}};
  const auto unsigned_token = testing::compact(header, claims(), "");
  const auto input = unsigned_token.substr(0, unsigned_token.size() - 1);
  for (const auto& secret :
       {rsa_key().public_pem(), *base64url_decode(rsa_key().jwk().at("n").as_string()),
        boost::json::serialize(rsa_key().jwk())}) {
    const auto token = testing::compact(header, claims(), testing::hmac_sha256(secret, input));
    expect_refused(token, Status::unauthorized, "invalid token: unsupported algorithm");
  }
}

TEST_F(JwtAuth, OtherAlgorithmsAre401) {
  for (const auto* alg : {"PS256", "RS384", "RS512", "ES384", "EdDSA", "HS512"}) {
    const auto token = rsa_key().sign({{"alg", alg}, {"kid", "rsa-1"}}, claims());
    expect_refused(token, Status::unauthorized, "invalid token: unsupported algorithm");
  }
}

TEST_F(JwtAuth, TheAlgorithmIsPinnedToTheKey) {
  // ES256 claimed for the RSA key, and RS256 for the EC key: each signed by the other key type.
  expect_refused(ec_key().sign({{"alg", "ES256"}, {"kid", "rsa-1"}}, claims()),
                 Status::unauthorized, "invalid token: algorithm does not match the key");
  expect_refused(rsa_key().sign({{"alg", "RS256"}, {"kid", "ec-1"}}, claims()),
                 Status::unauthorized, "invalid token: algorithm does not match the key");
}

TEST_F(JwtAuth, ATamperedPayloadIs401) {
  const auto token = rsa_key().sign(claims());
  auto payload = claims();
  payload["sub"] = "admin";
  payload["scope"] = "read:energy write:settings";
  const auto forged_payload = testing::base64url(boost::json::serialize(payload));
  const auto first = token.find('.');
  const auto second = token.rfind('.');
  const auto forged = token.substr(0, first + 1) + forged_payload + token.substr(second);
  expect_refused(forged, Status::unauthorized, "invalid token: bad signature");
}

TEST_F(JwtAuth, ATamperedEs256SignatureIs401) {
  const auto token = ec_key().sign(claims());
  const auto dot = token.rfind('.');
  auto signature = *base64url_decode(token.substr(dot + 1));
  ASSERT_EQ(signature.size(), 64U);
  for (const std::size_t byte : {std::size_t{5}, std::size_t{40}}) {
    auto changed = signature;
    changed[byte] = static_cast<char>(changed[byte] ^ 0x10);
    expect_refused(token.substr(0, dot + 1) + testing::base64url(changed), Status::unauthorized,
                   "invalid token: bad signature");
  }
  // A DER signature is not the JWS form.
  expect_refused(token.substr(0, dot + 1) + testing::base64url(std::string(70, '\x30')),
                 Status::unauthorized, "invalid token: bad signature");
}

TEST_F(JwtAuth, GarbageIs401Malformed) {
  const auto valid = rsa_key().sign(claims());
  const auto first = valid.find('.');
  for (const std::string& token :
       {std::string("garbage"), std::string("a.b"), std::string("a.b.c"), std::string("a.b.c.d"),
        std::string(".."), valid + ".", valid.substr(0, first) + ".W10." + "c2ln",
        valid.substr(0, first) + ".e30=.c2ln", valid.substr(0, valid.size() - 1) + "+",
        std::string("\xe2\x82\xac.e30.e30")}) {
    expect_refused(token, Status::unauthorized, "invalid token: malformed");
  }
}

TEST_F(JwtAuth, ACriticalHeaderIs401) {
  const auto token = rsa_key().sign(
      {{"alg", "RS256"}, {"kid", "rsa-1"}, {"crit", boost::json::array{"b64"}}, {"b64", false}},
      claims());
  expect_refused(token, Status::unauthorized, "invalid token: unsupported critical header");
}

TEST_F(JwtAuth, ATokenWithoutKidIsCheckedAgainstTheKeysOfItsAlgorithm) {
  EXPECT_EQ(energy(rsa_key().sign({{"alg", "RS256"}}, claims())).result(), Status::ok);
  EXPECT_EQ(energy(ec_key().sign({{"alg", "ES256"}}, claims())).result(), Status::ok);
  expect_refused(TestKey::rsa("x").sign({{"alg", "RS256"}}, claims()), Status::unauthorized,
                 "invalid token: bad signature");
}

TEST_F(JwtAuth, FailuresAreCountedByReason) {
  auto payload = claims();
  payload["exp"] = epoch_seconds(-600s);
  energy(rsa_key().sign(payload));
  energy(rsa_key().sign(payload));
  api_.get("/api/v1/energy/latest", std::nullopt);
  const auto text = metrics::expose(api_.registry());
  EXPECT_NE(text.find(R"(auth_failures_total{reason="expired"} 2)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(auth_failures_total{reason="missing_credentials"} 1)"), std::string::npos)
      << text;
}

TEST_F(JwtAuth, PublicRoutesAndPreflightsNeedNoToken) {
  EXPECT_EQ(api_.get("/healthz", std::nullopt).result(), Status::ok);
  EXPECT_EQ(api_.get("/metrics", std::nullopt).result(), Status::ok);
  auto preflight = http::testing::make_request(http::Verb::options, "/api/v1/energy/latest");
  preflight.set(Field::origin, testing::kOrigin);
  preflight.set(Field::access_control_request_method, "GET");
  preflight.set(Field::access_control_request_headers, "authorization");
  const auto response = api_.send(std::move(preflight));
  EXPECT_EQ(response.result(), Status::no_content);
  EXPECT_EQ(response[Field::access_control_allow_origin], testing::kOrigin);
}

TEST_F(JwtAuth, ARefusalCarriesCorsHeadersSoTheBrowserCanReadIt) {
  const auto response =
      api_.get("/api/v1/energy/latest", std::nullopt, {{"Origin", std::string(testing::kOrigin)}});
  EXPECT_EQ(response.result(), Status::unauthorized);
  EXPECT_EQ(response[Field::access_control_allow_origin], testing::kOrigin);
}

TEST_F(JwtAuth, ARouteGroupMissingFromThePolicyIs500) {
  const auto response = api_.get("/api/v1/forgotten", bearer(rsa_key().sign(claims())));
  EXPECT_EQ(response.result(), Status::internal_server_error);
  EXPECT_EQ(response.body(), R"({"error":"internal error"})");
}

}  // namespace
}  // namespace core::auth
