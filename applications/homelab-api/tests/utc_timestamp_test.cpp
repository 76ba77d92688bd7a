#include "utc_timestamp.hpp"

#include <gtest/gtest.h>

namespace homelab_api {
namespace {

TEST(UtcTimestamp, FractionIsOmittedThreeOrSixDigits) {
  // 2026-01-16T21:10:09Z is 1768597809 s after the epoch.
  EXPECT_EQ(format_utc(from_unix_micros(1768597809000000)), "2026-01-16T21:10:09Z");
  EXPECT_EQ(format_utc(from_unix_micros(1768597809123000)), "2026-01-16T21:10:09.123Z");
  EXPECT_EQ(format_utc(from_unix_micros(1768597809250000)), "2026-01-16T21:10:09.250Z");
  EXPECT_EQ(format_utc(from_unix_micros(1768597809123456)), "2026-01-16T21:10:09.123456Z");
  EXPECT_EQ(format_utc(from_unix_micros(1768597809000001)), "2026-01-16T21:10:09.000001Z");
}

TEST(UtcTimestamp, EpochAndEarlierInstants) {
  EXPECT_EQ(format_utc(from_unix_micros(0)), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_utc(from_unix_micros(-1)), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(format_utc(from_unix_micros(951782400000000)), "2000-02-29T00:00:00Z");
}

TEST(UtcTimestamp, RoundTripsThroughTheParser) {
  for (const auto* text :
       {"2026-01-16T21:00:00Z", "2026-12-31T23:59:59.999Z", "2026-06-30T12:00:00.000100Z"}) {
    EXPECT_EQ(format_utc(*core::time::parse_rfc3339(text)), text);
  }
}

}  // namespace
}  // namespace homelab_api
