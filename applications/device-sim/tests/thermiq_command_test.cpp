#include "thermiq_command.hpp"

#include <gtest/gtest.h>

namespace device_sim {
namespace {

void expect_command(std::string_view payload, int reg, std::int64_t value) {
  const auto parsed = parse_write_command(payload);
  ASSERT_TRUE(parsed.command) << payload << ": " << parsed.problem;
  EXPECT_EQ(parsed.command->register_number, reg);
  EXPECT_EQ(parsed.command->value, value);
}

void expect_rejected(std::string_view payload, std::string_view reason) {
  const auto parsed = parse_write_command(payload);
  EXPECT_FALSE(parsed.command) << payload;
  EXPECT_NE(parsed.problem.find(reason), std::string::npos) << payload << ": " << parsed.problem;
}

TEST(ThermiqCommandTest, AcceptsEverySettableRegisterWithinItsRange) {
  expect_command(R"({"d50":21})", 50, 21);
  expect_command(R"({ "d50" : 15 })", 50, 15);
  expect_command(R"({"d50":30})", 50, 30);
  expect_command(R"({"d51":0})", 51, 0);
  expect_command(R"({"d51":3})", 51, 3);
  expect_command(R"({"d52":200})", 52, 200);
  expect_command(R"({"d53":0})", 53, 0);
  expect_command(R"({"d54":45})", 54, 45);
  expect_command(R"({"d55":-5})", 55, -5);
  expect_command(R"({"d56":5})", 56, 5);
  expect_command(R"({"d57":-1})", 57, -1);
  expect_command(R"({"d58":17})", 58, 17);
}

TEST(ThermiqCommandTest, RejectsValuesOutOfRange) {
  expect_rejected(R"({"d50":31})", "outside 15..30");
  expect_rejected(R"({"d50":14})", "outside 15..30");
  expect_rejected(R"({"d51":4})", "outside 0..3");
  expect_rejected(R"({"d55":6})", "outside -5..5");
  expect_rejected(R"({"d58":-1})", "outside 0..200");
  expect_rejected(R"({"d52":18446744073709551615})", "out of range");
}

TEST(ThermiqCommandTest, RejectsValuesThatAreNotIntegers) {
  expect_rejected(R"({"d50":21.0})", "must be a JSON integer");
  expect_rejected(R"({"d50":21.5})", "must be a JSON integer");
  expect_rejected(R"({"d50":"21"})", "must be a JSON integer");
  expect_rejected(R"({"d50":true})", "must be a JSON integer");
  expect_rejected(R"({"d50":null})", "must be a JSON integer");
  expect_rejected(R"({"d50":[21]})", "must be a JSON integer");
}

TEST(ThermiqCommandTest, RejectsRegistersThatCannotBeSet) {
  expect_rejected(R"({"d73":600})", "not settable");
  expect_rejected(R"({"d49":1})", "not settable");
  expect_rejected(R"({"d59":1})", "not settable");
  expect_rejected(R"({"d104":1})", "not settable");
  expect_rejected(R"({"x50":21})", "does not name a register");
  expect_rejected(R"({"d":21})", "does not name a register");
  expect_rejected(R"({"d050":21})", "does not name a register");
  expect_rejected(R"({"d5O":21})", "does not name a register");
  expect_rejected(R"({"indoor_target_temp":21})", "does not name a register");
}

TEST(ThermiqCommandTest, RejectsAnythingButAnObjectWithOneMember) {
  expect_rejected(R"([{"d50":21}])", "not a JSON object");
  expect_rejected("21", "not a JSON object");
  expect_rejected(R"("d50")", "not a JSON object");
  expect_rejected("not json", "not JSON");
  expect_rejected("", "not JSON");
  expect_rejected(R"({"d50":21)", "not JSON");
  expect_rejected("{}", "0 members");
  expect_rejected(R"({"d50":21,"d51":1})", "2 members");
}

TEST(ThermiqCommandTest, SettableRanges) {
  EXPECT_FALSE(settable_range(49));
  EXPECT_FALSE(settable_range(59));
  ASSERT_TRUE(settable_range(50));
  EXPECT_EQ(settable_range(50)->min, 15);
  EXPECT_EQ(settable_range(50)->max, 30);
  EXPECT_EQ(settable_range(57)->min, -5);
}

}  // namespace
}  // namespace device_sim
