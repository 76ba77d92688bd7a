#include "core/auth/claims.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace core::auth {
namespace {

using std::chrono::seconds;

constexpr std::int64_t kNow = 1'768'600'000;  // 2026-01-16T21:46:40Z
const std::vector<std::string> kAudiences{"homelab-api", "heatpump-web"};

boost::json::object payload(std::string_view json) {
  return boost::json::parse(json).as_object();
}

std::optional<TokenError> check(std::string_view json) {
  return check_claims(payload(json), kAudiences, Clock::time_point(seconds(kNow)), seconds(60));
}

std::string claims_with(std::string_view extra) {
  return R"({"aud":"homelab-api","exp":)" + std::to_string(kNow + 300) +
         (extra.empty() ? "" : ",") + std::string(extra) + "}";
}

TEST(Claims, AValidTokenPasses) {
  EXPECT_EQ(check(claims_with("")), std::nullopt);
}

TEST(Claims, ExpIsRequiredAndANumber) {
  EXPECT_EQ(check(R"({"aud":"homelab-api"})"), TokenError::missing_exp);
  EXPECT_EQ(check(R"({"aud":"homelab-api","exp":"2030-01-01"})"), TokenError::malformed);
  EXPECT_EQ(check(R"({"aud":"homelab-api","exp":null})"), TokenError::malformed);
}

TEST(Claims, ExpAllowsTheLeewayAndNoMore) {
  const auto with_exp = [](std::int64_t exp) {
    return R"({"aud":"homelab-api","exp":)" + std::to_string(exp) + "}";
  };
  EXPECT_EQ(check(with_exp(kNow - 59)), std::nullopt);
  EXPECT_EQ(check(with_exp(kNow - 60)), TokenError::expired);
  EXPECT_EQ(check(with_exp(kNow - 3600)), TokenError::expired);
  EXPECT_EQ(check(R"({"aud":"homelab-api","exp":)" + std::to_string(kNow + 10) + ".75}"),
            std::nullopt);
}

TEST(Claims, NbfAllowsTheLeewayAndNoMore) {
  EXPECT_EQ(check(claims_with(R"("nbf":)" + std::to_string(kNow + 60))), std::nullopt);
  EXPECT_EQ(check(claims_with(R"("nbf":)" + std::to_string(kNow + 61))), TokenError::not_yet_valid);
  EXPECT_EQ(check(claims_with(R"("nbf":"soon")")), TokenError::malformed);
}

TEST(Claims, AudMustContainAConfiguredAudience) {
  const auto with_aud = [](std::string_view aud) {
    return R"({"exp":)" + std::to_string(kNow + 300) + R"(,"aud":)" + std::string(aud) + "}";
  };
  EXPECT_EQ(check(with_aud(R"("heatpump-web")")), std::nullopt);
  EXPECT_EQ(check(with_aud(R"(["account","heatpump-web"])")), std::nullopt);
  EXPECT_EQ(check(with_aud(R"("account")")), TokenError::wrong_audience);
  EXPECT_EQ(check(with_aud(R"(["account"])")), TokenError::wrong_audience);
  EXPECT_EQ(check(with_aud("[]")), TokenError::wrong_audience);
  EXPECT_EQ(check(with_aud("1")), TokenError::wrong_audience);
  EXPECT_EQ(check(with_aud(R"("homelab")")), TokenError::wrong_audience);
  EXPECT_EQ(check(R"({"exp":)" + std::to_string(kNow + 300) + "}"), TokenError::wrong_audience);
}

TEST(Claims, ScopesAreTheUnionOfScopeAndScp) {
  using Scopes = std::set<std::string, std::less<>>;
  EXPECT_EQ(scopes_of(payload(R"({"scope":"openid  read:energy read:heatpump"})")),
            (Scopes{"openid", "read:energy", "read:heatpump"}));
  EXPECT_EQ(scopes_of(payload(R"({"scp":"read:energy"})")), (Scopes{"read:energy"}));
  EXPECT_EQ(scopes_of(payload(R"({"scp":["read:energy",7,"read:temperature"]})")),
            (Scopes{"read:energy", "read:temperature"}));
  EXPECT_EQ(scopes_of(payload(R"({"scope":"openid read:energy","scp":["write:settings"]})")),
            (Scopes{"openid", "read:energy", "write:settings"}));
  EXPECT_TRUE(scopes_of(payload(R"({"scope":["read:energy"]})")).empty());
  EXPECT_TRUE(scopes_of(payload("{}")).empty());
}

TEST(Claims, ExpiryIsExp) {
  EXPECT_EQ(expiry_of(payload(R"({"exp":1768600000})")), Clock::time_point(seconds(kNow)));
  EXPECT_EQ(expiry_of(payload(R"({"exp":"x"})")), std::nullopt);
  EXPECT_EQ(expiry_of(payload("{}")), std::nullopt);
}

}  // namespace
}  // namespace core::auth
