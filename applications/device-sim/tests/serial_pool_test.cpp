#include "serial_pool.hpp"

#include <gtest/gtest.h>

#include <set>
#include <utility>

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

TEST(SerialPoolTest, NoSerialReadsTwiceWithinASecond) {
  use_time_zone("Europe/Stockholm");
  SerialPool pool("LOAD", 5);
  Random random(1);
  std::set<std::pair<std::string, std::string>> keys;
  int readings = 0;
  // Seven attempts in each of three seconds: five readings each, then the pool is used up.
  for (int second = 0; second < 3; ++second) {
    for (int attempt = 0; attempt < 7; ++attempt) {
      const auto now = kStart + std::chrono::seconds(second) + attempt * 100ms;
      const auto reading = pool.next(now, random);
      if (attempt >= 5) {
        EXPECT_EQ(reading.meter, nullptr);
        continue;
      }
      ASSERT_NE(reading.meter, nullptr);
      keys.emplace(serial_of(reading), *reading.timestamp);
      ++readings;
    }
  }
  EXPECT_EQ(readings, 15);
  EXPECT_EQ(keys.size(), 15U);
  EXPECT_EQ(pool.serials(), 5U);
  EXPECT_TRUE(keys.contains({"LOAD000001", "2026-01-16T22:10:05"}));
  EXPECT_TRUE(keys.contains({"LOAD000005", "2026-01-16T22:10:07"}));
}

TEST(SerialPoolTest, MetersAreCreatedOnlyWhenNeeded) {
  SerialPool pool("LOAD", 1000);
  Random random(2);
  for (int second = 0; second < 10; ++second) {
    pool.next(kStart + std::chrono::seconds(second), random);
    pool.next(kStart + std::chrono::seconds(second) + 500ms, random);
  }
  EXPECT_EQ(pool.serials(), 2U);
}

// A meter read once per second integrates about one second of its power each time.
TEST(SerialPoolTest, EachMeterKeepsItsOwnRegister) {
  SerialPool pool("LOAD", 2);
  Random random(3);
  double first_energy = 0;
  double integrated = 0;
  for (int second = 0; second < 3600; ++second) {
    const auto reading = pool.next(kStart + std::chrono::seconds(second), random);
    if (second == 0) {
      first_energy = reading.meter->energy_wh();
    } else {
      integrated += reading.meter->power_w() / 3600.0;
    }
    pool.next(kStart + std::chrono::seconds(second) + 1ms, random);
  }
  const auto last = pool.next(kStart + std::chrono::seconds(3600), random);
  integrated += last.meter->power_w() / 3600.0;
  EXPECT_NEAR(last.meter->energy_wh() - first_energy, integrated, 1e-6);
}

}  // namespace
}  // namespace device_sim
