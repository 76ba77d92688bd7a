#include "core/time/rfc3339.hpp"

#include <gtest/gtest.h>

namespace core::time {
namespace {

TEST(Rfc3339, FormatsMillisecondsInUtc) {
  const auto t = std::chrono::sys_days{std::chrono::year{2026} / 1 / 16} + std::chrono::hours{21} +
                 std::chrono::minutes{10} + std::chrono::milliseconds{9123};
  EXPECT_EQ(format_rfc3339_ms(t), "2026-01-16T21:10:09.123Z");
}

TEST(Rfc3339, ParsesOffsetsAndFractions) {
  const auto utc = parse_rfc3339("2026-01-16T21:10:09.123Z");
  const auto plus = parse_rfc3339("2026-01-16T22:10:09.123+01:00");
  const auto micro = parse_rfc3339("2026-01-16T21:10:09.123000Z");
  ASSERT_TRUE(utc && plus && micro);
  EXPECT_EQ(*utc, *plus);
  EXPECT_EQ(*utc, *micro);
  EXPECT_EQ(format_rfc3339_ms(*utc), "2026-01-16T21:10:09.123Z");
}

TEST(Rfc3339, RejectsMalformedValues) {
  for (const auto* bad : {"", "2026-01-16", "2026-01-16T21:10:09", "2026-02-30T00:00:00Z",
                          "2026-01-16T24:00:00Z", "2026-01-16T21:10:09.Z", "soon",
                          "2026-01-16T21:10:09Zjunk", "2026-01-16T21:10:09+0100"}) {
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
  }
}

}  // namespace
}  // namespace core::time
