// PATCH validation (settings-api.md section 3) without a server: every field's type and range,
// the rejected bodies, and the outbox payload.
#include "patch_request.hpp"

#include <gtest/gtest.h>

#include "core/http/error.hpp"

namespace settings_api {
namespace {

using settings_common::find_field;

// The status and message parse_patch answers, or 0 and "" when it accepts the body.
std::pair<unsigned, std::string> refusal(std::string_view body,
                                         std::string_view content_type = "application/json") {
  try {
    parse_patch(content_type, body);
    return {0, ""};
  } catch (const core::http::Error& e) {
    return {static_cast<unsigned>(e.status()), e.what()};
  }
}

TEST(PatchRequest, AcceptsEveryFieldAtBothEndsOfItsRange) {
  for (const auto& field : settings_common::fields()) {
    for (const auto value : {field.min, field.max}) {
      const auto body = "{\"" + std::string(field.name) + "\":" + std::to_string(value) + "}";
      const auto commands = parse_patch("application/json", body);
      ASSERT_EQ(commands.size(), 1U) << body;
      EXPECT_EQ(commands[0].field, &field);
      EXPECT_EQ(commands[0].value, value);
    }
  }
}

TEST(PatchRequest, RefusesEveryFieldJustOutsideItsRange) {
  for (const auto& field : settings_common::fields()) {
    const auto message = std::string(field.name) + " must be between " + std::to_string(field.min) +
                         " and " + std::to_string(field.max);
    for (const auto value : {field.min - 1, field.max + 1}) {
      const auto body = "{\"" + std::string(field.name) + "\":" + std::to_string(value) + "}";
      EXPECT_EQ(refusal(body), std::make_pair(400U, message)) << body;
    }
    EXPECT_EQ(refusal("{\"" + std::string(field.name) + "\":1e300}"),
              std::make_pair(400U, message));
    EXPECT_EQ(refusal("{\"" + std::string(field.name) + "\":18446744073709551615}"),
              std::make_pair(400U, message));
  }
  EXPECT_EQ(refusal(R"({"indoor_target_temp": 14})"),
            std::make_pair(400U, std::string("indoor_target_temp must be between 15 and 30")));
}

TEST(PatchRequest, AFractionIsRefusedNeverRounded) {
  for (const auto& field : settings_common::fields()) {
    const auto body = "{\"" + std::string(field.name) + "\":" + std::to_string(field.min) + ".5}";
    EXPECT_EQ(refusal(body), std::make_pair(400U, std::string(field.name) + " must be an integer"))
        << body;
  }
  EXPECT_EQ(refusal(R"({"indoor_target_temp": 21.4})"),
            std::make_pair(400U, std::string("indoor_target_temp must be an integer")));
}

TEST(PatchRequest, AWholeNumberWrittenWithAFractionIsAccepted) {
  const auto commands =
      parse_patch("application/json", R"({"mode": 1.0, "indoor_target_temp": 2.1e1})");
  ASSERT_EQ(commands.size(), 2U);
  EXPECT_EQ(commands[0], (settings_common::Command{find_field("indoor_target_temp"), 21}));
  EXPECT_EQ(commands[1], (settings_common::Command{find_field("mode"), 1}));
}

TEST(PatchRequest, RefusesNonNumbersAndNulls) {
  for (const auto* value : {R"("21")", "true", "false", "[21]", R"({"v":21})"}) {
    EXPECT_EQ(refusal(std::string(R"({"curve": )") + value + "}"),
              std::make_pair(400U, std::string("curve must be an integer")))
        << value;
  }
  EXPECT_EQ(refusal(R"({"heatstop": null})"),
            std::make_pair(400U, std::string("heatstop must not be null")));
}

TEST(PatchRequest, RefusesEmptyUnknownAndMalformedBodies) {
  EXPECT_EQ(refusal("{}"), std::make_pair(400U, std::string("at least one setting is required")));
  EXPECT_EQ(refusal(R"({"indoor_target_temp": 21, "d50": 21})"),
            std::make_pair(400U, std::string("unknown field: d50")));
  EXPECT_EQ(refusal(R"({"integral_setting": -60})"),
            std::make_pair(400U, std::string("unknown field: integral_setting")));
  for (const auto* body : {"", "{", "[]", "21", "null", R"("x")", "{\"mode\":1} x"}) {
    EXPECT_EQ(refusal(body), std::make_pair(400U, std::string("invalid JSON body"))) << body;
  }
}

TEST(PatchRequest, NeedsAJsonContentType) {
  const std::pair<unsigned, std::string> unsupported{415U, "Content-Type must be application/json"};
  for (const auto* type : {"", "text/plain", "application/x-www-form-urlencoded",
                           "application/jsonx", "multipart/form-data"}) {
    EXPECT_EQ(refusal(R"({"mode": 1})", type), unsupported) << type;
  }
  for (const auto* type :
       {"application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"}) {
    EXPECT_EQ(refusal(R"({"mode": 1})", type), std::make_pair(0U, std::string())) << type;
  }
}

TEST(PatchRequest, CommandsComeInRegisterOrder) {
  const auto commands = parse_patch(
      "application/json", R"({"heatstop":17,"curve_zero":0,"indoor_target_temp":21,"mode":1})");
  ASSERT_EQ(commands.size(), 4U);
  EXPECT_EQ(commands[0].field->register_number, 50);
  EXPECT_EQ(commands[1].field->register_number, 51);
  EXPECT_EQ(commands[2].field->register_number, 56);
  EXPECT_EQ(commands[3].field->register_number, 58);
  EXPECT_EQ(payload_json(commands),
            R"({"indoor_target_temp":21,"mode":1,"curve_zero":0,"heatstop":17})");
}

TEST(CurveLimits, MinimumMustNotExceedMaximumWhenBothAreKnown) {
  EXPECT_NO_THROW(check_curve_limits(10, 45));
  EXPECT_NO_THROW(check_curve_limits(45, 45));
  EXPECT_NO_THROW(check_curve_limits(50, std::nullopt));
  EXPECT_NO_THROW(check_curve_limits(std::nullopt, 5));
  EXPECT_THROW(check_curve_limits(46, 45), core::http::Error);
}

TEST(DeviceId, AllowsTheContractsCharactersUpTo128) {
  EXPECT_TRUE(valid_device_id("ThermIQ_4091519A3058"));
  EXPECT_TRUE(valid_device_id("a.b:c-d_e"));
  EXPECT_TRUE(valid_device_id(std::string(128, 'x')));
  EXPECT_FALSE(valid_device_id(""));
  EXPECT_FALSE(valid_device_id(std::string(129, 'x')));
  for (const auto* bad : {"a b", "a/b", "ä", "a%20", "a'b", "a;b"}) {
    EXPECT_FALSE(valid_device_id(bad)) << bad;
  }
}

}  // namespace
}  // namespace settings_api
