// The confirmation protocol of section 5 through the real binary.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "confirm_token.hpp"
#include "crypto.hpp"
#include "sandbox.hpp"

namespace rag::testing {
namespace {

namespace json = boost::json;

const char* const kDrain = R"({"intent":"drain","resource":"node","name":"p0.local"})";

json::object with_token(json::object request, const json::value& token) {
  request["constraints"] = {{"confirmToken", token}};
  return request;
}

void expect_confirmation_invalid(const Run& run) {
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  const auto body = run.json();
  EXPECT_EQ(body.at("error"), "confirmation_invalid");
  EXPECT_EQ(body.at("status"), "denied");
}

TEST(Confirmation, HighRiskCardsWaitAndThenRunExactlyTheConfirmedArgv) {
  Sandbox sandbox;
  const auto first = sandbox.exec(json::parse(kDrain));
  ASSERT_EQ(first.exit_code, 4) << first.out;
  const auto awaiting = first.json();
  EXPECT_EQ(awaiting.at("status"), "awaiting_confirmation");
  EXPECT_TRUE(awaiting.at("confirmToken").as_string().starts_with("v1."));
  EXPECT_TRUE(awaiting.contains("confirmExpiresAt"));
  EXPECT_EQ(awaiting.at("resolvedRequest"), json::parse(kDrain));
  EXPECT_TRUE(sandbox.nothing_ran());

  const auto second =
      sandbox.exec(with_token(json::parse(kDrain).as_object(), awaiting.at("confirmToken")));
  ASSERT_EQ(second.exit_code, 0) << second.out;
  const auto executed = second.json();
  EXPECT_EQ(executed.at("status"), "executed");
  EXPECT_EQ(executed.at("operationId"), awaiting.at("operationId"));
  EXPECT_EQ(executed.at("plan").at("argv"), awaiting.at("plan").at("argv"));
  ASSERT_EQ(sandbox.calls("kubectl").size(), 1U);
  EXPECT_EQ(sandbox.calls("kubectl").front(),
            (std::vector<std::string>{"kubectl", "drain", "p0.local", "--ignore-daemonsets",
                                      "--delete-emptydir-data", "--timeout=300s"}));
}

TEST(Confirmation, ATokenWorksOnce) {
  Sandbox sandbox;
  const auto awaiting = sandbox.exec(json::parse(kDrain)).json();
  const auto request = with_token(json::parse(kDrain).as_object(), awaiting.at("confirmToken"));
  ASSERT_EQ(sandbox.exec(request).exit_code, 0);
  sandbox.forget_calls();
  expect_confirmation_invalid(sandbox.exec(request));
  EXPECT_TRUE(sandbox.nothing_ran());
}

TEST(Confirmation, ATokenBoundToAnotherArgvIsRejected) {
  Sandbox sandbox;
  const auto awaiting = sandbox.exec(json::parse(kDrain)).json();
  // Same card, another node: the argv hash differs.
  expect_confirmation_invalid(sandbox.exec(with_token(
      json::parse(R"({"intent":"drain","resource":"node","name":"p1.local"})").as_object(),
      awaiting.at("confirmToken"))));
  // A token from a scale-to-zero used for a drain.
  const auto scale = sandbox.exec(json::parse(
      R"({"intent":"scale","resource":"deployment","namespace":"dev","name":"api","replicas":0})"));
  expect_confirmation_invalid(
      sandbox.exec(with_token(json::parse(kDrain).as_object(), scale.json().at("confirmToken"))));
  EXPECT_TRUE(sandbox.nothing_ran());
  // The original token is still good for its own request.
  EXPECT_EQ(sandbox.exec(with_token(json::parse(kDrain).as_object(), awaiting.at("confirmToken")))
                .exit_code,
            0);
}

TEST(Confirmation, ExpiredTokensAreRejected) {
  Sandbox sandbox;
  const auto awaiting = sandbox.exec(json::parse(kDrain)).json();
  // A token signed with the host's key for this very argv, but issued six minutes ago.
  const ConfirmTokens tokens(sandbox.state());
  const auto argv_sha = sha256_hex(json::serialize(awaiting.at("plan").at("argv")));
  const auto expired = tokens.issue("0b0f3c7e-1d2a-4c55-9f00-7a2b9d1e6c41", argv_sha,
                                    std::chrono::system_clock::now() - std::chrono::seconds(360));
  expect_confirmation_invalid(
      sandbox.exec(with_token(json::parse(kDrain).as_object(), json::string(expired.token))));
  // The same construction with a current time is accepted, so only the expiry was wrong.
  const auto fresh = tokens.issue("0b0f3c7e-1d2a-4c55-9f00-7a2b9d1e6c41", argv_sha);
  EXPECT_EQ(sandbox.exec(with_token(json::parse(kDrain).as_object(), json::string(fresh.token)))
                .exit_code,
            0);
}

TEST(Confirmation, MalformedTokensAreRejected) {
  Sandbox sandbox;
  for (const std::string& token : std::vector<std::string>{
           "garbage", "v1.", "v1.not-a-uuid.1.x",
           "v2.0b0f3c7e-1d2a-4c55-9f00-7a2b9d1e6c41.9999999999.x",
           "v1.0b0f3c7e-1d2a-4c55-9f00-7a2b9d1e6c41.9999999999.AAAA", std::string(500, 'v')}) {
    expect_confirmation_invalid(
        sandbox.exec(with_token(json::parse(kDrain).as_object(), json::string(token))));
  }
  EXPECT_TRUE(sandbox.nothing_ran());
}

TEST(Confirmation, ATokenWithDryRunIsInvalid) {
  Sandbox sandbox;
  auto request = json::parse(kDrain).as_object();
  request["constraints"] = {{"dryRun", true}, {"confirmToken", "v1.x.1.y"}};
  const auto run = sandbox.exec(request);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.json().at("error"), "invalid_request");
}

TEST(Confirmation, ConfirmTrueAlwaysStopsEvenForReadCards) {
  Sandbox sandbox;
  const auto run = sandbox.exec_confirmed(
      json::parse(R"({"intent":"top","resource":"node","constraints":{"confirm":true}})"));
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(sandbox.calls("kubectl").size(), 1U);
}

TEST(Confirmation, ConfirmationRequiredEntriesAndRiskDecide) {
  Sandbox sandbox;
  // scale to 3 is medium risk and not listed: runs at once; scale to 0 waits.
  EXPECT_EQ(
      sandbox
          .exec(json::parse(
              R"({"intent":"scale","resource":"deployment","namespace":"dev","name":"a","replicas":3})"))
          .exit_code,
      0);
  for (const std::string request :
       {R"({"intent":"scale","resource":"deployment","namespace":"dev","name":"a","replicas":0})",
        R"({"intent":"flux-suspend","resource":"kustomization","name":"apps"})",
        R"({"intent":"job-restart","resource":"job","namespace":"dev","name":"migrate"})"}) {
    const auto run = sandbox.exec(json::parse(request));
    EXPECT_EQ(run.exit_code, 4) << request;
    EXPECT_EQ(run.json().at("status"), "awaiting_confirmation");
  }
  EXPECT_EQ(sandbox.calls("kubectl").size(), 1U);
  EXPECT_TRUE(sandbox.calls("flux").empty());
}

}  // namespace
}  // namespace rag::testing
