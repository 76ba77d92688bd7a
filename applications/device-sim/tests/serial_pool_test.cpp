#include "serial_pool.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <utility>
#include <vector>

#include "local_time.hpp"

namespace device_sim {
namespace {

using namespace std::chrono_literals;
using WallClock = std::chrono::system_clock;

const WallClock::time_point kStart{std::chrono::seconds(1768597805)};

std::string serial_of(const SerialPool::Reading& reading) {
  return reading.meter->payload(*reading.timestamp)
      .at("saveeyeDeviceSerialNumber")
      .as_string()
      .c_str();
}

TEST(SerialPoolTest, MetersTakeTurnsOnTheWallClock) {
  use_time_zone("Europe/Stockholm");
  SerialPool pool("LOAD", 3);
  Random random(1);
  std::vector<std::pair<std::string, std::string>> readings;
  for (int n = 0; n < 6; ++n) {
    const auto reading = pool.next(kStart + n * 250ms, random);
    readings.emplace_back(serial_of(reading), *reading.timestamp);
  }
  EXPECT_EQ(readings[0],
            std::make_pair(std::string("LOAD000001"), std::string("2026-01-16T22:10:05.000")));
  EXPECT_EQ(readings[2],
            std::make_pair(std::string("LOAD000003"), std::string("2026-01-16T22:10:05.500")));
  EXPECT_EQ(readings[5],
            std::make_pair(std::string("LOAD000003"), std::string("2026-01-16T22:10:06.250")));
  EXPECT_EQ(pool.serials(), 3U);
}

// A burst far beyond 1,000 readings per meter and second within one millisecond of wall clock.
TEST(SerialPoolTest, NoPairRepeatsInABurst) {
  SerialPool pool("LOAD", 7);
  Random random(2);
  std::set<std::pair<std::string, std::string>> keys;
  for (int n = 0; n < 10'000; ++n) {
    const auto reading = pool.next(kStart, random);
    keys.emplace(serial_of(reading), *reading.timestamp);
  }
  EXPECT_EQ(keys.size(), 10'000U);
  EXPECT_EQ(pool.serials(), 7U);
}

TEST(SerialPoolTest, MetersAreCreatedOnlyWhenNeeded) {
  SerialPool pool("LOAD", 1000);
  Random random(3);
  pool.next(kStart, random);
  pool.next(kStart, random);
  EXPECT_EQ(pool.serials(), 2U);
}

// Each meter integrates the power it reports over the time between its own readings.
TEST(SerialPoolTest, EachMeterKeepsItsOwnRegister) {
  SerialPool pool("LOAD", 2);
  Random random(4);
  struct Register {
    double first = 0;
    double last = 0;
    double integrated = 0;
    WallClock::time_point last_time;
  };
  std::map<std::string, Register> registers;
  for (int n = 0; n < 7200; ++n) {
    const auto now = kStart + n * 500ms;
    const auto reading = pool.next(now, random);
    auto [it, inserted] = registers.try_emplace(serial_of(reading));
    auto& r = it->second;
    if (inserted) {
      r.first = reading.meter->energy_wh();
    } else {
      r.integrated += reading.meter->power_w() *
                      std::chrono::duration<double>(now - r.last_time).count() / 3600.0;
    }
    r.last = reading.meter->energy_wh();
    r.last_time = now;
  }
  ASSERT_EQ(registers.size(), 2U);
  for (const auto& [serial, r] : registers) {
    EXPECT_GT(r.last, r.first) << serial;
    EXPECT_NEAR(r.last - r.first, r.integrated, 1e-6) << serial;
  }
}

}  // namespace
}  // namespace device_sim
