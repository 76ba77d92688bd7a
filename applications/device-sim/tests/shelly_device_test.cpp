#include "shelly_device.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "payload_shape.hpp"
#include "shelly_report_rule.hpp"

namespace device_sim {
namespace {

using Reason = ReportRule::Reason;

constexpr double kStart = 1768597805;

TEST(ReportRuleTest, FirstWakeUpReports) {
  ReportRule rule;
  EXPECT_EQ(rule.on_wake(0, 21.3, 45.2), Reason::first);
}

TEST(ReportRuleTest, ReportsOnlyChangesOfAtLeastTheSteps) {
  ReportRule rule;
  rule.on_wake(0, 21.3, 45.2);
  EXPECT_EQ(rule.on_wake(60, 21.7, 45.2), std::nullopt);   // 0.4 C
  EXPECT_EQ(rule.on_wake(120, 20.9, 50.1), std::nullopt);  // -0.4 C, 4.9 %
  EXPECT_EQ(rule.on_wake(180, 21.8, 45.2), Reason::changed);
  // Compared with the last report (21.8), not with the first one.
  EXPECT_EQ(rule.on_wake(240, 21.4, 45.2), std::nullopt);
  EXPECT_EQ(rule.on_wake(300, 21.3, 45.2), Reason::changed);
  EXPECT_EQ(rule.on_wake(360, 21.3, 40.2), Reason::changed);
  EXPECT_EQ(rule.on_wake(420, 21.3, 45.2), Reason::changed);
}

TEST(ReportRuleTest, SilenceEndsAfterTwoHours) {
  ReportRule rule;
  std::vector<double> reports;
  for (double t = 0; t <= 5 * 3600; t += 60) {
    if (rule.on_wake(t, 21.3, 45.2)) {
      reports.push_back(t);
    }
  }
  EXPECT_EQ(reports, (std::vector<double>{0, 7200, 14400}));
}

TEST(ReportRuleTest, AChangeRestartsTheTwoHours) {
  ReportRule rule;
  rule.on_wake(0, 21.3, 45.2);
  EXPECT_EQ(rule.on_wake(3600, 22.0, 45.2), Reason::changed);
  EXPECT_EQ(rule.on_wake(7200, 22.0, 45.2), std::nullopt);
  EXPECT_EQ(rule.on_wake(10800, 22.0, 45.2), Reason::overdue);
}

TEST(ReportRuleTest, ConfiguredSilence) {
  ReportRule rule(300);
  rule.on_wake(0, 21.3, 45.2);
  EXPECT_EQ(rule.on_wake(240, 21.3, 45.2), std::nullopt);
  EXPECT_EQ(rule.on_wake(300, 21.3, 45.2), Reason::overdue);
}

TEST(ShellyHtTest, FrameHasTheFixtureShapeAndIdentity) {
  ShellyHt shelly("e4b32322a0f4", kStart, 60);
  Random random(1);
  const auto frame = shelly.wake(kStart, 1768597805.25, random);
  ASSERT_TRUE(frame);
  const auto wire = boost::json::parse(boost::json::serialize(*frame));
  EXPECT_EQ(testing::shape(wire), testing::shape(testing::fixture("shelly-full-status.json")));
  EXPECT_EQ(shelly.topic(), "shellyhtg3-e4b32322a0f4/events/rpc");
  EXPECT_EQ(wire.at("src"), "shellyhtg3-e4b32322a0f4");
  EXPECT_EQ(wire.at("dst"), "shellyhtg3-e4b32322a0f4/events");
  EXPECT_EQ(wire.at("method"), "NotifyFullStatus");
  const auto& params = wire.at("params");
  EXPECT_DOUBLE_EQ(params.at("ts").as_double(), 1768597805.25);
  EXPECT_EQ(params.at("sys").at("mac"), "E4B32322A0F4");
  EXPECT_EQ(params.at("devicepower:0").at("external").at("present"), false);
  const double t_c = params.at("temperature:0").at("tC").as_double();
  EXPECT_NEAR(params.at("temperature:0").at("tF").as_double(), t_c * 9 / 5 + 32, 0.06);
}

// Two simulated days of wake-ups every minute: realistic indoor values, reports that skip
// small changes, never two hours of silence, a battery that only drains.
TEST(ShellyHtTest, TwoDaysOfWakeUps) {
  ShellyHt shelly("e4b32322a0f4", kStart, 60);
  Random random(2);
  double last_report = 0;
  double longest_silence = 0;
  int reports = 0;
  int wakeups = 0;
  std::int64_t battery = 101;
  for (double t = kStart; t < kStart + 2 * 86400; t += 60) {
    ++wakeups;
    const auto frame = shelly.wake(t, t, random);
    ASSERT_GE(shelly.temperature_c(), 17.0);
    ASSERT_LE(shelly.temperature_c(), 26.0);
    ASSERT_GE(shelly.humidity(), 20.0);
    ASSERT_LE(shelly.humidity(), 80.0);
    if (!frame) {
      continue;
    }
    if (reports++ > 0) {
      longest_silence = std::max(longest_silence, t - last_report);
    }
    last_report = t;
    const auto percent =
        frame->at("params").at("devicepower:0").at("battery").at("percent").as_int64();
    ASSERT_LE(percent, battery);
    battery = percent;
  }
  EXPECT_LE(longest_silence, 7200);
  EXPECT_GT(reports, 12);           // at least every two hours
  EXPECT_LT(reports, wakeups / 4);  // most wake-ups see no change worth reporting
}

}  // namespace
}  // namespace device_sim
