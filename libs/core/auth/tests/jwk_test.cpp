#include "core/auth/jwk.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "core/auth/base64url.hpp"
#include "core/auth/compact_jws.hpp"
#include "test_keys.hpp"

namespace core::auth {
namespace {

using testing::TestKey;

const TestKey& rsa_key() {
  static const auto key = TestKey::rsa("rsa-1");
  return key;
}

const TestKey& ec_key() {
  static const auto key = TestKey::p256("ec-1");
  return key;
}

// Whether the JWK's key verifies a token signed by the key.
bool verifies(const Jwk& jwk, const TestKey& signer) {
  const auto token = signer.sign({{"sub", "x"}});
  const auto jws = parse_compact_jws(token);
  return jws && jwk.key.verify(jws->signing_input, jws->signature);
}

std::string rejection(const boost::json::object& jwk) {
  try {
    parse_jwk(jwk);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

TEST(Jwk, ParsesAnRsaKeyPinnedToRs256) {
  const auto jwk = parse_jwk(rsa_key().jwk());
  EXPECT_EQ(jwk.kid, "rsa-1");
  EXPECT_EQ(jwk.key.algorithm(), Algorithm::rs256);
  EXPECT_TRUE(verifies(jwk, rsa_key()));
  EXPECT_FALSE(verifies(jwk, TestKey::rsa("other")));
}

TEST(Jwk, ParsesAP256KeyPinnedToEs256) {
  const auto jwk = parse_jwk(ec_key().jwk());
  EXPECT_EQ(jwk.kid, "ec-1");
  EXPECT_EQ(jwk.key.algorithm(), Algorithm::es256);
  EXPECT_TRUE(verifies(jwk, ec_key()));
  EXPECT_FALSE(verifies(jwk, TestKey::p256("other")));
}

TEST(Jwk, AKeyWithoutKidOrAlgIsAccepted) {
  auto object = rsa_key().jwk();
  object.erase("kid");
  object.erase("alg");
  object.erase("use");
  EXPECT_EQ(parse_jwk(object).kid, "");
}

TEST(Jwk, AnAlgOtherThanTheKeyTypesOneIsRejected) {
  for (const auto* alg : {"RS384", "PS256", "HS256", "ES256", "none"}) {
    auto object = rsa_key().jwk();
    object["alg"] = alg;
    EXPECT_NE(rejection(object).find("not accepted"), std::string::npos) << alg;
  }
  auto object = ec_key().jwk();
  object["alg"] = "RS256";
  EXPECT_NE(rejection(object).find("not accepted"), std::string::npos);
}

TEST(Jwk, OtherKeyTypesCurvesAndUsesAreRejected) {
  EXPECT_EQ(rejection({{"kty", "oct"}, {"k", "c2VjcmV0"}}), "key type 'oct' is not supported");
  EXPECT_EQ(rejection({{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", "AA"}}),
            "key type 'OKP' is not supported");
  auto p384 = ec_key().jwk();
  p384["crv"] = "P-384";
  EXPECT_EQ(rejection(p384), "curve 'P-384' is not supported");
  auto encryption = rsa_key().jwk();
  encryption["use"] = "enc";
  EXPECT_EQ(rejection(encryption), "use 'enc' is not sig");
}

TEST(Jwk, MissingOrMalformedMembersAreRejected) {
  auto no_n = rsa_key().jwk();
  no_n.erase("n");
  EXPECT_EQ(rejection(no_n), "n is missing");
  auto bad_e = rsa_key().jwk();
  bad_e["e"] = "AQ==";
  EXPECT_EQ(rejection(bad_e), "e is not base64url");
  auto number_kty = rsa_key().jwk();
  number_kty["kty"] = 1;
  EXPECT_EQ(rejection(number_kty), "kty is not a string");
  auto short_x = ec_key().jwk();
  short_x["x"] = testing::base64url(std::string(31, '\x01'));
  EXPECT_EQ(rejection(short_x), "P-256 coordinates must be 32 bytes each");
}

TEST(Jwk, APointOffTheCurveIsRejected) {
  auto object = ec_key().jwk();
  auto y = *base64url_decode(object["y"].as_string());
  y.back() = static_cast<char>(y.back() ^ 1);
  object["y"] = testing::base64url(y);
  EXPECT_NE(rejection(object), "accepted");
}

TEST(Jwk, AnRsaModulusUnder2048BitsIsRejected) {
  auto object = rsa_key().jwk();
  const auto n = *base64url_decode(object["n"].as_string());
  object["n"] = testing::base64url(n.substr(0, 128));  // 1024 bits
  EXPECT_NE(rejection(object), "accepted");
}

TEST(JwkSet, KeepsTheUsableKeysAndSaysWhyOthersWereSkipped) {
  auto duplicate = ec_key().jwk();
  duplicate["kid"] = "rsa-1";
  const auto document = boost::json::serialize(boost::json::object{
      {"keys",
       {rsa_key().jwk(), ec_key().jwk(), boost::json::object{{"kty", "oct"}, {"kid", "hmac"}},
        duplicate, "not an object"}}});
  const auto set = parse_jwk_set(document);
  ASSERT_EQ(set.keys.size(), 2U);
  EXPECT_EQ(set.keys[0].kid, "rsa-1");
  EXPECT_EQ(set.keys[1].kid, "ec-1");
  EXPECT_EQ(set.skipped, (std::vector<std::string>{"kid 'hmac': key type 'oct' is not supported",
                                                   "kid 'rsa-1': the kid is used by an earlier key",
                                                   "kid '(none)': not a JSON object"}));
}

TEST(JwkSet, ADocumentThatIsNotAJwksIsAnError) {
  for (const auto* bad : {"", "[]", "{}", R"({"keys":{}})", "<html>", R"({"keys":[)"}) {
    EXPECT_THROW(parse_jwk_set(bad), std::invalid_argument) << bad;
  }
  EXPECT_TRUE(parse_jwk_set(R"({"keys":[]})").keys.empty());
}

}  // namespace
}  // namespace core::auth
