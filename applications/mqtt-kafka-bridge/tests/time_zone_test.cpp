#include "time_zone.hpp"

#include <cstdlib>
#include <thread>
#include <vector>

#include "test_support.hpp"

namespace bridge::test {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

LocalTime local(std::string_view wall_clock) {
  return LocalTime{at(wall_clock).time_since_epoch()};
}

std::vector<std::string> utc(const TimeZone& zone, std::string_view wall_clock) {
  std::vector<std::string> out;
  for (const auto t : zone.to_utc(local(wall_clock))) {
    out.push_back(core::time::format_rfc3339_ms(t));
  }
  return out;
}

TEST(TimeZone, StockholmOffsetsFollowDaylightSavingTime) {
  const auto& zone = *stockholm();
  EXPECT_EQ(zone.utc_offset(at("2026-01-16T21:10:09Z")), hours{1});
  EXPECT_EQ(zone.utc_offset(at("2026-07-01T12:00:00Z")), hours{2});
  EXPECT_EQ(zone.utc_offset(at("2026-03-29T00:59:59Z")), hours{1});
  EXPECT_EQ(zone.utc_offset(at("2026-03-29T01:00:00Z")), hours{2});
  EXPECT_EQ(zone.utc_offset(at("2026-10-25T00:59:59Z")), hours{2});
  EXPECT_EQ(zone.utc_offset(at("2026-10-25T01:00:00Z")), hours{1});
}

TEST(TimeZone, LocalTimesMapToNoneOneOrTwoInstants) {
  const auto& zone = *stockholm();
  EXPECT_EQ(utc(zone, "2026-01-16T22:10:05Z"),
            (std::vector<std::string>{"2026-01-16T21:10:05.000Z"}));
  EXPECT_EQ(utc(zone, "2026-03-29T02:30:00Z"), std::vector<std::string>{});
  EXPECT_EQ(utc(zone, "2026-03-29T02:00:00Z"), std::vector<std::string>{});
  EXPECT_EQ(utc(zone, "2026-10-25T02:30:00Z"),
            (std::vector<std::string>{"2026-10-25T00:30:00.000Z", "2026-10-25T01:30:00.000Z"}));
  EXPECT_EQ(utc(zone, "2026-10-25T03:00:00Z"),
            (std::vector<std::string>{"2026-10-25T02:00:00.000Z"}));
}

TEST(TimeZone, OtherZonesUseTheirOwnRules) {
  const TimeZone new_york("America/New_York");
  EXPECT_EQ(utc(new_york, "2026-03-08T02:30:00Z"), std::vector<std::string>{});
  EXPECT_EQ(utc(new_york, "2026-11-01T01:30:00Z"),
            (std::vector<std::string>{"2026-11-01T05:30:00.000Z", "2026-11-01T06:30:00.000Z"}));
  const TimeZone kolkata("Asia/Kolkata");
  EXPECT_EQ(kolkata.utc_offset(at("2026-01-16T21:10:09Z")), hours{5} + std::chrono::minutes{30});
  const TimeZone utc_zone("UTC");
  EXPECT_EQ(utc(utc_zone, "2026-10-25T02:30:00Z"),
            (std::vector<std::string>{"2026-10-25T02:30:00.000Z"}));
}

TEST(TimeZone, RejectsNamesThatAreNotZones) {
  for (const auto* bad : {"", "Europe", "Mars/Olympus_Mons", "/etc/passwd", "../zoneinfo/UTC",
                          "Europe/../../../etc/passwd"}) {
    EXPECT_FALSE(TimeZone::exists(bad)) << bad;
    EXPECT_THROW(TimeZone{bad}, std::invalid_argument) << bad;
  }
  EXPECT_TRUE(TimeZone::exists("Europe/Stockholm"));
}

TEST(TimeZone, LeavesTheProcessTzAsItWas) {
  ASSERT_EQ(setenv("TZ", "America/New_York", 1), 0);
  const TimeZone zone("Europe/Stockholm");
  ASSERT_NE(std::getenv("TZ"), nullptr);
  EXPECT_STREQ(std::getenv("TZ"), "America/New_York");
  ASSERT_EQ(unsetenv("TZ"), 0);
  const TimeZone again("Europe/Stockholm");
  EXPECT_EQ(std::getenv("TZ"), nullptr);
  EXPECT_EQ(again.utc_offset(at("2026-07-01T12:00:00Z")), hours{2});
}

TEST(TimeZone, ConvertsFromManyThreadsAtOnce) {
  const auto zone = stockholm();
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (std::size_t i = 0; i < wrong.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int n = 0; n < 2000; ++n) {
        const auto instants = zone->to_utc(local("2026-10-25T02:30:00Z"));
        wrong[i] += instants.size() == 2 && instants[1] - instants[0] == hours{1} ? 0 : 1;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace bridge::test
