// Reading the settings registers of a homelab-heatpump-telemetry record (kafka.md section 3.3).
#include "settings_common/telemetry_report.hpp"

#include <gtest/gtest.h>

namespace settings_common {
namespace {

TEST(TelemetryReport, ReadsTheNineSettingsFields) {
  const auto report = parse_report(
      R"({"Client_Name":"ThermIQ_1","d50":21,"device_id":"ThermIQ_1","tags":{"device_id":"ThermIQ_1"},
          "fields":{"outdoor_temp":-3,"indoor_target_temp":21.5,"mode":1,"curve":36,"curve_min":10,
                    "curve_max":45,"curve_plus_5":2,"curve_zero":0,"curve_minus_5":-1,"heatstop":17}})");
  ASSERT_TRUE(report);
  EXPECT_EQ(report->device_id, "ThermIQ_1");
  const std::array<double, kFieldCount> expected = {21.5, 1, 36, 10, 45, 2, 0, -1, 17};
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    ASSERT_TRUE(report->values[i]) << fields()[i].name;
    EXPECT_EQ(*report->values[i], expected[i]) << fields()[i].name;
  }
  EXPECT_EQ(report->value(*find_field("heatstop")), 17.0);
  EXPECT_TRUE(report->problems.empty());
}

TEST(TelemetryReport, AbsentNullAndNonNumericMembersAreNotReported) {
  const auto report = parse_report(
      R"({"device_id":"hp","fields":{"indoor_target_temp":null,"mode":"1","curve":true}})");
  ASSERT_TRUE(report);
  for (const auto& value : report->values) {
    EXPECT_FALSE(value);
  }
  EXPECT_EQ(report->problems, (std::vector<std::string>{R"(mode is "1")", "curve is true"}));
}

TEST(TelemetryReport, RecordsWithoutDeviceIdOrFieldsAreSkipped) {
  for (const auto* skipped : {R"({"fields":{"mode":1}})", R"({"device_id":"","fields":{"mode":1}})",
                              R"({"device_id":7,"fields":{"mode":1}})", R"({"device_id":"hp"})",
                              R"({"device_id":"hp","fields":null})",
                              R"({"device_id":"hp","fields":[1]})", "[]", "not json", ""}) {
    EXPECT_FALSE(parse_report(skipped)) << skipped;
  }
}

}  // namespace
}  // namespace settings_common
