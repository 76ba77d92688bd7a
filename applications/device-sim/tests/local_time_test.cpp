#include "local_time.hpp"

#include <gtest/gtest.h>

namespace device_sim {
namespace {

TEST(LocalTimeTest, FormatsInTheConfiguredZone) {
  use_time_zone("Europe/Stockholm");
  EXPECT_EQ(local_timestamp(1768597805), "2026-01-16T22:10:05");  // UTC+1 in winter
  EXPECT_EQ(local_timestamp(1784116800), "2026-07-15T14:00:00");  // UTC+2 in summer
  use_time_zone("UTC");
  EXPECT_EQ(local_timestamp(1768597805), "2026-01-16T21:10:05");
}

TEST(LocalTimeTest, KnowsTheZoneDatabase) {
  EXPECT_TRUE(time_zone_exists("Europe/Stockholm"));
  EXPECT_TRUE(time_zone_exists("UTC"));
  EXPECT_FALSE(time_zone_exists("Mars/Olympus_Mons"));
  EXPECT_FALSE(time_zone_exists(""));
  EXPECT_FALSE(time_zone_exists("/etc/localtime"));
  EXPECT_FALSE(time_zone_exists("../../etc/passwd"));
  EXPECT_FALSE(time_zone_exists("Europe"));  // a directory, not a zone
}

}  // namespace
}  // namespace device_sim
