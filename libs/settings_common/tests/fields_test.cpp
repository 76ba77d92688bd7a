// The register map and the outbox payload (mqtt.md sections 6 and 7, settings-api.md section 3).
#include "settings_common/fields.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>

namespace settings_common {
namespace {

TEST(Fields, AreTheNineSettableRegistersInRegisterOrderWithTheirRanges) {
  const std::vector<std::tuple<std::string, int, std::int64_t, std::int64_t>> expected = {
      {"indoor_target_temp", 50, 15, 30}, {"mode", 51, 0, 3},           {"curve", 52, 0, 200},
      {"curve_min", 53, 0, 200},          {"curve_max", 54, 0, 200},    {"curve_plus_5", 55, -5, 5},
      {"curve_zero", 56, -5, 5},          {"curve_minus_5", 57, -5, 5}, {"heatstop", 58, 0, 200}};
  ASSERT_EQ(fields().size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& [name, reg, min, max] = expected[i];
    EXPECT_EQ(fields()[i].name, name);
    EXPECT_EQ(fields()[i].register_number, reg);
    EXPECT_EQ(fields()[i].min, min);
    EXPECT_EQ(fields()[i].max, max);
    EXPECT_EQ(fields()[i].double_column, i == 0);
    EXPECT_EQ(find_field(name), &fields()[i]);
  }
  EXPECT_EQ(find_field("d50"), nullptr);
  EXPECT_EQ(find_field("integral_setting"), nullptr);
  EXPECT_EQ(fields()[0].register_name(), "d50");
}

TEST(Payload, IsParsedInRegisterOrderWhateverTheMemberOrder) {
  const auto commands = parse_payload(R"({"heatstop": 17, "mode": 1, "indoor_target_temp": 21})");
  ASSERT_EQ(commands.size(), 3U);
  EXPECT_EQ(commands[0], (Command{find_field("indoor_target_temp"), 21}));
  EXPECT_EQ(commands[1], (Command{find_field("mode"), 1}));
  EXPECT_EQ(commands[2], (Command{find_field("heatstop"), 17}));
}

TEST(Payload, AcceptsWholeDoublesAndNegativeValues) {
  const auto commands = parse_payload(R"({"indoor_target_temp": 21.0, "curve_minus_5": -3})");
  EXPECT_EQ(commands[0].value, 21);
  EXPECT_EQ(commands[1].value, -3);
}

TEST(Payload, RefusesWhatTheApiNeverWrites) {
  for (const auto* bad :
       {R"([])", R"(not json)", R"({"d50": 21})", R"({"mode": null})", R"({"mode": "1"})",
        R"({"indoor_target_temp": 21.5})", R"({"mode": true})"}) {
    EXPECT_THROW(parse_payload(bad), std::invalid_argument) << bad;
  }
}

TEST(WriteMessage, IsOneMemberWithAnIntegerWrittenWithoutFraction) {
  EXPECT_EQ(write_message({find_field("indoor_target_temp"), 21}), R"({"d50":21})");
  EXPECT_EQ(write_message({find_field("curve_zero"), -5}), R"({"d56":-5})");
  EXPECT_EQ(write_message({find_field("heatstop"), 200}), R"({"d58":200})");
}

TEST(WholeNumber, TakesOnlyExactWholeValues) {
  EXPECT_EQ(whole_number(21.0), 21);
  EXPECT_EQ(whole_number(-0.0), 0);
  EXPECT_EQ(whole_number(21.5), std::nullopt);
  EXPECT_EQ(whole_number(20.999999999), std::nullopt);
  EXPECT_EQ(whole_number(1e300), std::nullopt);
  EXPECT_EQ(whole_number(std::numeric_limits<double>::quiet_NaN()), std::nullopt);
  EXPECT_EQ(whole_number(std::numeric_limits<double>::infinity()), std::nullopt);
}

}  // namespace
}  // namespace settings_common
