#include "thermiq_device.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "payload_shape.hpp"

namespace device_sim {
namespace {

constexpr double kWinter = 1768435200;  // 2026-01-15T00:00:00Z
constexpr double kSummer = 1784073600;  // 2026-07-15T00:00:00Z
constexpr double kInterval = 5;

std::int64_t reg(const boost::json::object& payload, const char* name) {
  return payload.at(name).as_int64();
}

TEST(ThermiqPumpTest, PayloadHasTheFixtureShape) {
  ThermiqPump pump("ThermIQ_4091519A3058", kWinter);
  Random random(1);
  pump.advance(kInterval, kWinter + kInterval, random);
  const auto payload = pump.payload(1768597807, ThermiqPump::kPeriodicReason);
  const auto wire = boost::json::parse(boost::json::serialize(payload));
  EXPECT_EQ(testing::shape(wire), testing::shape(testing::fixture("thermiq.json")));
  EXPECT_EQ(wire.at("Client_Name"), "ThermIQ_4091519A3058");
  EXPECT_EQ(wire.at("timestamp"), 1768597807);
}

struct Run {
  int compressor_starts = 0;
  int heating_runs_that_warmed = 0;
  int heating_runs = 0;
  double compressor_hours = 0;
  bool aux_seen = false;
};

// Three simulated days at one report every 5 s, checking every report.
Run run_days(double start, int days) {
  ThermiqPump pump("ThermIQ_4091519A3058", start);
  Random random(7);
  Run run;
  auto previous = pump.payload(static_cast<std::int64_t>(start), 1);
  double run_start_supply = 0;
  bool heating_run = false;
  for (double t = start + kInterval; t <= start + days * 86400.0; t += kInterval) {
    const bool was_on = pump.compressor_on();
    pump.advance(kInterval, t, random);
    const auto payload = pump.payload(static_cast<std::int64_t>(t), 1);

    const auto d16 = reg(payload, "d16");
    const auto d13 = reg(payload, "d13");
    EXPECT_EQ((d16 & 0x01) != 0, pump.compressor_on());  // brine pump runs with the compressor
    EXPECT_EQ((d16 & 0x02) != 0, pump.compressor_on());
    EXPECT_EQ((d16 & 0x04) != 0, pump.flow_pump_on());
    EXPECT_EQ((d16 & 0x08) != 0, pump.compressor_on() && pump.hot_water_on());
    EXPECT_EQ((d16 & 0x80) != 0, pump.aux_3kw_on());
    EXPECT_EQ((d16 & 0x10) != 0, pump.aux_6kw_on());
    EXPECT_EQ((d13 & 0x01) != 0, pump.aux_3kw_on());
    EXPECT_EQ((d13 & 0x02) != 0, pump.aux_6kw_on());
    EXPECT_EQ(reg(payload, "EVU") == 1, pump.utility_block());
    if (pump.compressor_on() && pump.utility_block()) {
      ADD_FAILURE() << "the compressor ran while the utility blocked it";
    }
    for (const char* runtime : {"d104", "d106", "d108", "d114"}) {
      if (reg(payload, runtime) < reg(previous, runtime)) {
        ADD_FAILURE() << runtime << " decreased at " << t;
      }
    }
    run.aux_seen = run.aux_seen || pump.aux_3kw_on();

    if (!was_on && pump.compressor_on()) {
      ++run.compressor_starts;
      heating_run = !pump.hot_water_on();
      run_start_supply = pump.supply_temperature();
    } else if (was_on && !pump.compressor_on() && heating_run) {
      ++run.heating_runs;
      run.heating_runs_that_warmed += pump.supply_temperature() > run_start_supply ? 1 : 0;
    }
    previous = payload;
  }
  run.compressor_hours =
      static_cast<double>(reg(previous, "d104") - reg(pump.payload(0, 1), "d104"));
  return run;
}

TEST(ThermiqPumpTest, WinterCompressorCyclesOnTheIntegral) {
  const auto run = run_days(kWinter, 3);
  // Cycles of roughly an hour, each heating the supply line.
  EXPECT_GT(run.compressor_starts, 30);
  EXPECT_LT(run.compressor_starts, 150);
  ASSERT_GT(run.heating_runs, 20);
  EXPECT_EQ(run.heating_runs_that_warmed, run.heating_runs);
}

TEST(ThermiqPumpTest, SummerRunsOnlyForHotWater) {
  ThermiqPump pump("ThermIQ_4091519A3058", kSummer);
  Random random(8);
  int hot_water_runs = 0;
  bool was_on = false;
  for (double t = kSummer + kInterval; t <= kSummer + 2 * 86400.0; t += kInterval) {
    pump.advance(kInterval, t, random);
    if (pump.outdoor_temperature() >= 17) {
      ASSERT_EQ(pump.integral(), 0);
      ASSERT_TRUE(!pump.compressor_on() || pump.hot_water_on()) << "space heating in summer";
    }
    hot_water_runs += !was_on && pump.compressor_on() ? 1 : 0;
    was_on = pump.compressor_on();
  }
  EXPECT_GT(hot_water_runs, 0);
}

TEST(ThermiqPumpTest, RuntimeCountersGrowWithTheCompressor) {
  ThermiqPump pump("ThermIQ_4091519A3058", kWinter);
  Random random(9);
  const auto before = pump.payload(0, 1);
  // A day in accelerated steps of 10 minutes, as --time-scale produces.
  for (double t = kWinter + 600; t <= kWinter + 86400; t += 600) {
    pump.advance(600, t, random);
  }
  const auto after = pump.payload(0, 1);
  const auto compressor = reg(after, "d104") - reg(before, "d104");
  EXPECT_GE(compressor, 4);
  EXPECT_LE(compressor, 24);
  EXPECT_LE(reg(after, "d108") - reg(before, "d108"), compressor);
}

TEST(ThermiqPumpTest, AppliedSettingsAppearInTheNextPayload) {
  ThermiqPump pump("ThermIQ_4091519A3058", kWinter);
  Random random(10);
  pump.advance(kInterval, kWinter + kInterval, random);
  const double target_before = pump.supply_target();
  pump.apply({50, 23});
  EXPECT_GT(pump.supply_target(), target_before);  // a warmer house needs warmer water
  pump.apply({57, -3});
  const auto payload = pump.payload(1768597807, ThermiqPump::kAfterWriteReason);
  EXPECT_EQ(reg(payload, "d50"), 23);
  EXPECT_EQ(reg(payload, "d3"), 23);  // the target in effect follows
  EXPECT_EQ(reg(payload, "d57"), -3);
  EXPECT_EQ(reg(payload, "reason"), ThermiqPump::kAfterWriteReason);
  for (int r = 51; r <= 56; ++r) {
    EXPECT_EQ(reg(payload, ("d" + std::to_string(r)).c_str()), pump.setting(r));
  }
}

TEST(ThermiqPumpTest, ModeOffStopsSpaceHeating) {
  ThermiqPump pump("ThermIQ_4091519A3058", kWinter);
  pump.apply({51, 0});
  Random random(11);
  for (double t = kWinter + kInterval; t <= kWinter + 86400; t += kInterval) {
    pump.advance(kInterval, t, random);
    ASSERT_TRUE(!pump.compressor_on() || pump.hot_water_on());
    ASSERT_FALSE(pump.flow_pump_on() && !pump.compressor_on());
  }
}

}  // namespace
}  // namespace device_sim
