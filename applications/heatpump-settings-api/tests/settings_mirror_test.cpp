// The settings mirror rule (settings-api.md section 6) without a database.
#include "settings_mirror.hpp"

#include <gtest/gtest.h>

namespace settings_api {
namespace {

using settings_common::TelemetryReport;

TelemetryReport report(std::initializer_list<std::pair<std::size_t, double>> values) {
  TelemetryReport r;
  r.device_id = "hp";
  for (const auto& [index, value] : values) {
    r.values[index] = value;
  }
  return r;
}

constexpr std::size_t kTarget = 0;  // indoor_target_temp
constexpr std::size_t kMode = 1;
constexpr std::size_t kHeatstop = 8;

TEST(MirrorMerge, AReportedValueReplacesTheStoredOneExactly) {
  SettingValues stored;
  stored[kTarget] = 20;
  const auto merge = merge_report(stored, report({{kTarget, 21.5}, {kMode, 1}}), {});
  EXPECT_TRUE(merge.changed);
  EXPECT_EQ(merge.values[kTarget], 21.5);  // not floored
  EXPECT_EQ(merge.values[kMode], 1.0);
  EXPECT_FALSE(merge.values[kHeatstop]);
}

TEST(MirrorMerge, AbsentValuesLeaveTheColumnAndEqualValuesChangeNothing) {
  SettingValues stored;
  stored[kTarget] = 21;
  stored[kHeatstop] = 17;
  const auto merge = merge_report(stored, report({{kTarget, 21}}), {});
  EXPECT_FALSE(merge.changed);
  EXPECT_EQ(merge.values, stored);
}

TEST(MirrorMerge, AFieldWithACommandInFlightTakesOnlyTheCommandedValue) {
  SettingValues stored;
  stored[kTarget] = 21;  // the optimistic PATCH value
  stored[kMode] = 1;
  CommandedValues in_flight;
  in_flight[kTarget] = 21;
  auto merge = merge_report(stored, report({{kTarget, 20}, {kMode, 2}}), in_flight);
  EXPECT_EQ(merge.values[kTarget], 21.0) << "the device has not applied the command yet";
  EXPECT_EQ(merge.values[kMode], 2.0) << "no command for mode: mirrored";
  EXPECT_EQ(merge.held_back.size(), 1U);

  stored[kTarget] = 22;
  merge = merge_report(stored, report({{kTarget, 21}}), in_flight);
  EXPECT_EQ(merge.values[kTarget], 21.0) << "equal to the command: applied";
  EXPECT_TRUE(merge.changed);
}

TEST(MirrorMerge, IntegerColumnsHoldBackFractionsInsteadOfRounding) {
  SettingValues stored;
  stored[kMode] = 1;
  const auto merge = merge_report(stored, report({{kMode, 2.5}, {kHeatstop, 1e12}}), {});
  EXPECT_FALSE(merge.changed);
  EXPECT_EQ(merge.values[kMode], 1.0);
  EXPECT_FALSE(merge.values[kHeatstop]);
  EXPECT_EQ(merge.held_back.size(), 2U);
}

TEST(NewestCommands, TheNewestInFlightRowWinsPerField) {
  const auto commanded =
      newest_commands({R"({"indoor_target_temp":22,"mode":1})", R"({"indoor_target_temp":23})"});
  EXPECT_EQ(commanded[kTarget], 23);
  EXPECT_EQ(commanded[kMode], 1);
  EXPECT_FALSE(commanded[kHeatstop]);
}

}  // namespace
}  // namespace settings_api
