#include "measurement_time.hpp"

#include "saveeye_mapper.hpp"
#include "shelly_mapper.hpp"
#include "test_support.hpp"
#include "thermiq_mapper.hpp"

namespace bridge::test {
namespace {

using core::time::format_rfc3339_ms;
namespace json = boost::json;

std::string format(std::optional<core::time::TimePoint> t) {
  return t ? format_rfc3339_ms(*t) : "none";
}

// mqtt.md section 3, test vectors (receive time 2026-01-16T21:10:09.123Z).
TEST(MeasurementTimeVectors, SaveEyeLocalTimeInJanuaryIsUtcPlusOne) {
  const SaveEyeMapper mapper(stockholm());
  const auto payload = with(fixture_object("saveeye.json"), "timestamp", "2026-01-16T22:10:05");
  EXPECT_EQ(ts_of(map(mapper, "saveeye/telemetry", payload)), "2026-01-16T21:10:05.000Z");
}

TEST(MeasurementTimeVectors, SaveEyeFortyFiveDaysAwayUsesTheReceiveTime) {
  const SaveEyeMapper mapper(stockholm());
  const auto payload = with(fixture_object("saveeye.json"), "timestamp", "2025-12-02T20:17:48");
  EXPECT_EQ(ts_of(map(mapper, "saveeye/telemetry", payload)), "2026-01-16T21:10:09.123Z");
}

TEST(MeasurementTimeVectors, ShellyFractionalUnixSeconds) {
  const ShellyMapper mapper;
  const auto payload = with(fixture_object("shelly-full-status.json"), "params.ts", 1768597805.25);
  EXPECT_EQ(ts_of(map(mapper, "shellyhtg3-e4b32322a0f4/events/rpc", payload)),
            "2026-01-16T21:10:05.250Z");
}

TEST(MeasurementTimeVectors, ThermiqUnixSeconds) {
  const ThermiqMapper mapper;
  const auto payload = with(fixture_object("thermiq.json"), "timestamp", 1768597807);
  EXPECT_EQ(ts_of(map(mapper, "thermiq_heatpump/data", payload)), "2026-01-16T21:10:07.000Z");
}

TEST(MeasurementTimeVectors, ThermiqWithoutTimestampOrWithSoonUsesTheReceiveTime) {
  const ThermiqMapper mapper;
  const auto fixture = fixture_object("thermiq.json");
  EXPECT_EQ(ts_of(map(mapper, "thermiq_heatpump/data", without(fixture, "timestamp"))),
            "2026-01-16T21:10:09.123Z");
  EXPECT_EQ(ts_of(map(mapper, "thermiq_heatpump/data", with(fixture, "timestamp", "soon"))),
            "2026-01-16T21:10:09.123Z");
}

TEST(MeasurementTime, AcceptsDeviceTimeUpToSixHundredSecondsEitherWay) {
  using std::chrono::milliseconds;
  using std::chrono::seconds;
  EXPECT_EQ(measurement_time(receive_time + seconds{600}, receive_time),
            receive_time + seconds{600});
  EXPECT_EQ(measurement_time(receive_time - seconds{600}, receive_time),
            receive_time - seconds{600});
  EXPECT_EQ(measurement_time(receive_time + seconds{600} + milliseconds{1}, receive_time),
            receive_time);
  EXPECT_EQ(measurement_time(receive_time - seconds{600} - milliseconds{1}, receive_time),
            receive_time);
  EXPECT_EQ(measurement_time(std::nullopt, receive_time), receive_time);
}

TEST(UnixSeconds, RoundsNumbersToTheNearestMillisecond) {
  EXPECT_EQ(format(from_unix_seconds(json::value(1768597806.51))), "2026-01-16T21:10:06.510Z");
  EXPECT_EQ(format(from_unix_seconds(json::value(1768597806.0004))), "2026-01-16T21:10:06.000Z");
  EXPECT_EQ(format(from_unix_seconds(json::value(1768597806.9996))), "2026-01-16T21:10:07.000Z");
  EXPECT_EQ(format(from_unix_seconds(json::value(std::uint64_t{1768597807}))),
            "2026-01-16T21:10:07.000Z");
}

TEST(UnixSeconds, RejectsNonNumbersAndAbsurdMagnitudes) {
  for (const auto& bad : {json::value(true), json::value("1768597807"), json::value(nullptr),
                          json::value(1e300), json::value(std::int64_t{-200'000'000'000}),
                          json::value(std::uint64_t{18'000'000'000'000'000'000U})}) {
    EXPECT_FALSE(from_unix_seconds(bad)) << bad;
  }
}

TEST(UnixSeconds, ReadsAStringOfDigitsOnly) {
  EXPECT_EQ(format(from_unix_seconds_text("1768597807")), "2026-01-16T21:10:07.000Z");
  for (const auto* bad : {"", "soon", "-1768597807", "+1768597807", "1768597807.5", " 1768597807",
                          "99999999999999999999999"}) {
    EXPECT_FALSE(from_unix_seconds_text(bad)) << bad;
  }
}

TEST(LocalDateTime, ReadsFractionsAndHonoursExplicitOffsets) {
  const auto& zone = *stockholm();
  EXPECT_EQ(format(from_local_date_time("2026-01-16T22:10:05.5", zone, receive_time)),
            "2026-01-16T21:10:05.500Z");
  EXPECT_EQ(format(from_local_date_time("2026-01-16T21:10:05Z", zone, receive_time)),
            "2026-01-16T21:10:05.000Z");
  EXPECT_EQ(format(from_local_date_time("2026-01-16T23:10:05+02:00", zone, receive_time)),
            "2026-01-16T21:10:05.000Z");
  EXPECT_EQ(format(from_local_date_time("2026-07-01T12:00:00", zone, receive_time)),
            "2026-07-01T10:00:00.000Z");
}

TEST(LocalDateTime, RejectsTextThatDoesNotParse) {
  const auto& zone = *stockholm();
  for (const auto* bad : {"", "soon", "2026-01-16", "2026-02-30T10:00:00", "2026-01-16T22:10:05+01",
                          "2026-01-16T22:10:05ZZ"}) {
    EXPECT_FALSE(from_local_date_time(bad, zone, receive_time)) << bad;
  }
}

// 2026-10-25: Stockholm goes from 03:00 CEST back to 02:00 CET at 01:00Z, so 02:30 happens at
// 00:30Z and again at 01:30Z.
TEST(LocalDateTime, AmbiguousAutumnTimeTakesTheCandidateCloserToTheReceiveTime) {
  const auto& zone = *stockholm();
  EXPECT_EQ(format(from_local_date_time("2026-10-25T02:30:00", zone, at("2026-10-25T00:31:00Z"))),
            "2026-10-25T00:30:00.000Z");
  EXPECT_EQ(format(from_local_date_time("2026-10-25T02:30:00", zone, at("2026-10-25T01:29:00Z"))),
            "2026-10-25T01:30:00.000Z");
  // Equally far from both: the earlier one.
  EXPECT_EQ(format(from_local_date_time("2026-10-25T02:30:00", zone, at("2026-10-25T01:00:00Z"))),
            "2026-10-25T00:30:00.000Z");
}

// 2026-03-29: Stockholm jumps from 02:00 CET to 03:00 CEST at 01:00Z; 02:30 never happens.
TEST(LocalDateTime, SpringGapTimeIsUnusable) {
  const auto& zone = *stockholm();
  EXPECT_FALSE(from_local_date_time("2026-03-29T02:30:00", zone, at("2026-03-29T01:30:00Z")));
  EXPECT_EQ(format(from_local_date_time("2026-03-29T03:00:00", zone, at("2026-03-29T01:00:00Z"))),
            "2026-03-29T01:00:00.000Z");
  EXPECT_EQ(format(from_local_date_time("2026-03-29T01:59:59", zone, at("2026-03-29T01:00:00Z"))),
            "2026-03-29T00:59:59.000Z");
}

TEST(LocalDateTime, SaveEyeRecordsAroundDaylightSavingChanges) {
  const SaveEyeMapper mapper(stockholm());
  const auto fixture = fixture_object("saveeye.json");
  const auto gap = with(fixture, "timestamp", "2026-03-29T02:30:00");
  EXPECT_EQ(ts_of(map(mapper, "saveeye/telemetry", gap, at("2026-03-29T01:30:00.250Z"))),
            "2026-03-29T01:30:00.250Z");
  const auto repeated = with(fixture, "timestamp", "2026-10-25T02:30:00");
  EXPECT_EQ(ts_of(map(mapper, "saveeye/telemetry", repeated, at("2026-10-25T01:30:02Z"))),
            "2026-10-25T01:30:00.000Z");
  EXPECT_EQ(ts_of(map(mapper, "saveeye/telemetry", repeated, at("2026-10-25T00:30:02Z"))),
            "2026-10-25T00:30:00.000Z");
}

}  // namespace
}  // namespace bridge::test
