#include "saveeye_device.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>

#include "payload_shape.hpp"

namespace device_sim {
namespace {

constexpr double kStart = 1768597805;  // 2026-01-16T21:10:05Z

boost::json::value on_the_wire(const boost::json::object& payload) {
  return boost::json::parse(boost::json::serialize(payload));
}

TEST(SaveEyeMeterTest, PayloadHasTheFixtureShapeAtEveryStep) {
  const auto expected = testing::shape(testing::fixture("saveeye.json"));
  SaveEyeMeter meter("SIM00001", kStart);
  Random random(1);
  for (int i = 0; i < 6 * 3600; ++i) {
    meter.advance(1.0, random);
    if (i % 600 == 0) {
      const auto payload = on_the_wire(meter.payload("2026-01-16T22:10:05"));
      ASSERT_EQ(testing::shape(payload), expected) << "after " << i << " s";
    }
  }
  const auto payload = meter.payload("2026-01-16T22:10:05");
  EXPECT_EQ(payload.at("saveeyeDeviceSerialNumber"), "SIM00001");
  EXPECT_EQ(payload.at("timestamp"), "2026-01-16T22:10:05");
}

// The register grows by power * dt / 3600 for the power each reading reports, fraction carried.
TEST(SaveEyeMeterTest, RegisterIntegratesTheReportedPower) {
  SaveEyeMeter meter("SIM00001", kStart);
  Random random(2);
  std::uniform_real_distribution<double> step(0.5, 2.0);
  const double start = meter.energy_wh();
  double integrated = 0;
  std::int64_t previous_register = static_cast<std::int64_t>(std::floor(start));
  for (int i = 0; i < 24 * 3600; ++i) {
    const double dt = step(random);
    meter.advance(dt, random);
    integrated += meter.power_w() * dt / 3600.0;
    if (i % 97 == 0) {
      const auto payload = meter.payload("t");
      const auto reg = payload.at("activeTotalConsumption").at("total").as_int64();
      ASSERT_EQ(reg, static_cast<std::int64_t>(std::floor(meter.energy_wh())));
      ASSERT_GE(reg, previous_register);
      previous_register = reg;
    }
  }
  EXPECT_NEAR(meter.energy_wh() - start, integrated, 1e-6);
  // Over a day the household uses a few kWh: readings of a few hundred W at about 1 s each
  // would add nothing if fractions of a Wh were dropped.
  EXPECT_GT(integrated, 3000);
  EXPECT_LT(integrated, 60000);
}

TEST(SaveEyeMeterTest, PhasesAreConsistent) {
  SaveEyeMeter meter("SIM00001", kStart);
  Random random(3);
  int max_total = 0;
  int min_total = 1'000'000;
  for (int i = 0; i < 48 * 3600; ++i) {
    meter.advance(1.0, random);
    if (i % 10 != 0) {
      continue;
    }
    const auto payload = meter.payload("t");
    const auto& power = payload.at("activeActualConsumption").as_object();
    const auto& voltage = payload.at("rmsVoltage").as_object();
    const auto& current = payload.at("rmsCurrent").as_object();
    std::int64_t sum = 0;
    for (const char* phase : {"L1", "L2", "L3"}) {
      const auto p = power.at(phase).as_int64();
      const auto v = voltage.at(phase).as_int64();
      const auto i_ma = current.at(phase).as_int64();
      sum += p;
      ASSERT_GE(v, 215);
      ASSERT_LE(v, 245);
      // Apparent power V * I is at least the active power and at most twice it (pf >= 0.5),
      // give or take the rounding of the voltage to whole volts.
      const double apparent = static_cast<double>(v * i_ma) / 1000.0;
      ASSERT_GE(apparent * (1.0 + 0.5 / 215.0) + 1.0, static_cast<double>(p)) << phase;
      ASSERT_LE(apparent, 2.0 * static_cast<double>(p) + 1.0) << phase;
    }
    ASSERT_EQ(power.at("total").as_int64(), sum);
    const auto pf = payload.at("powerFactor").at("total").as_int64();
    ASSERT_GE(pf, 50);
    ASSERT_LE(pf, 100);
    max_total = std::max(max_total, static_cast<int>(sum));
    min_total = std::min(min_total, static_cast<int>(sum));
  }
  // A base load that never vanishes, and appliances that come on now and then.
  EXPECT_GT(min_total, 50);
  EXPECT_GT(max_total, 1500);
}

TEST(SaveEyeMeterTest, RestartedMeterContinuesAboveAnEarlierRun) {
  SaveEyeMeter first("SIM00001", kStart);
  Random random(4);
  for (int i = 0; i < 3600; ++i) {
    first.advance(1.0, random);
  }
  const SaveEyeMeter restarted("SIM00001", kStart + 3600);
  EXPECT_GE(restarted.energy_wh(), first.energy_wh());
}

}  // namespace
}  // namespace device_sim
