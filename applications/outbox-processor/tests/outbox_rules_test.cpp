// The confirmation, supersession and timeout rules of settings-api.md section 4.3, without a
// database.
#include "outbox_rules.hpp"

#include <gtest/gtest.h>

namespace outbox {
namespace {

using settings_common::find_field;
using settings_common::parse_payload;

Reported reported(std::initializer_list<std::pair<const char*, double>> values) {
  Reported r;
  for (const auto& [name, value] : values) {
    r[static_cast<std::size_t>(find_field(name) - settings_common::fields().data())] = value;
  }
  return r;
}

TEST(Confirmation, NeedsEveryCommandedValueReported) {
  const auto commands = parse_payload(R"({"indoor_target_temp":21,"mode":1})");
  EXPECT_TRUE(
      reports_commanded_values(commands, reported({{"indoor_target_temp", 21}, {"mode", 1}})));
  EXPECT_TRUE(reports_commanded_values(
      commands, reported({{"indoor_target_temp", 21.0}, {"mode", 1}, {"curve", 40}})));
  EXPECT_FALSE(reports_commanded_values(commands, reported({{"indoor_target_temp", 21}})))
      << "mode not reported";
  EXPECT_FALSE(
      reports_commanded_values(commands, reported({{"indoor_target_temp", 21}, {"mode", 2}})));
  EXPECT_FALSE(
      reports_commanded_values(commands, reported({{"indoor_target_temp", 21.5}, {"mode", 1}})))
      << "integers equal, no rounding";
  EXPECT_FALSE(reports_commanded_values(commands, reported({})));
}

TEST(Supersession, ANewerCommandCoversAnOlderOneWithTheSameOrFewerMembers) {
  const auto older = parse_payload(R"({"indoor_target_temp":21})");
  EXPECT_TRUE(covers(parse_payload(R"({"indoor_target_temp":22})"), older));
  EXPECT_TRUE(covers(parse_payload(R"({"indoor_target_temp":22,"mode":0})"), older));
  EXPECT_FALSE(covers(parse_payload(R"({"mode":0})"), older));
  EXPECT_FALSE(covers(parse_payload(R"({"indoor_target_temp":22})"),
                      parse_payload(R"({"indoor_target_temp":21,"mode":1})")));
}

TEST(TimeoutReason, ListsTheDifferingReportedValues) {
  const auto commands = parse_payload(R"({"indoor_target_temp":21,"mode":1,"heatstop":17})");
  EXPECT_EQ(timeout_reason(std::chrono::seconds(120), commands, std::nullopt),
            "not confirmed within 120 s; no telemetry received");
  EXPECT_EQ(timeout_reason(std::chrono::seconds(120), commands,
                           reported({{"indoor_target_temp", 20}, {"mode", 1}})),
            "not confirmed within 120 s; device reports d50=20, d58 not reported");
  EXPECT_EQ(
      timeout_reason(std::chrono::milliseconds(2500), parse_payload(R"({"indoor_target_temp":21})"),
                     reported({{"indoor_target_temp", 20.5}})),
      "not confirmed within 2.5 s; device reports d50=20.5");
}

TEST(ReportedJson, KeepsTheReportedNumbersByFieldName) {
  settings_common::TelemetryReport report;
  report.device_id = "hp";
  report.values[0] = 20.5;
  report.values[1] = 1;
  EXPECT_EQ(reported_json(report), R"({"indoor_target_temp":2.05E1,"mode":1})");
  const auto back = reported_from_json(reported_json(report));
  EXPECT_EQ(back[0], 20.5);
  EXPECT_EQ(back[1], 1.0);
  EXPECT_FALSE(back[2]);
  EXPECT_FALSE(reported_from_json("not json")[0]);
}

}  // namespace
}  // namespace outbox
