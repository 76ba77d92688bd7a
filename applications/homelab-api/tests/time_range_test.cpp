#include "time_range.hpp"

#include <gtest/gtest.h>

#include "core/http/error.hpp"
#include "utc_timestamp.hpp"

namespace homelab_api {
namespace {

core::time::TimePoint at(std::string_view text) {
  return *core::time::parse_rfc3339(text);
}

core::http::Request request_with(core::http::Params query) {
  core::http::Request request;
  request.query = std::move(query);
  return request;
}

std::string error_of(const core::http::Params& query) {
  try {
    parse_time_range(request_with(query), at("2026-01-16T21:24:31.501Z"));
  } catch (const core::http::Error& e) {
    EXPECT_EQ(e.status(), core::http::Status::bad_request);
    return e.what();
  }
  return {};
}

TEST(TimeParameter, AcceptsZuluAndNumericOffsets) {
  EXPECT_EQ(parse_time_parameter("2026-01-16T00:00:00Z"), at("2026-01-16T00:00:00Z"));
  EXPECT_EQ(parse_time_parameter("2026-01-16T01:00:00+01:00"), at("2026-01-16T00:00:00Z"));
  EXPECT_EQ(parse_time_parameter("2026-01-15T23:00:00-01:00"), at("2026-01-16T00:00:00Z"));
  EXPECT_EQ(parse_time_parameter("2026-01-16T00:00:00.123456Z"), at("2026-01-16T00:00:00.123456Z"));
}

TEST(TimeParameter, ATrailingSpaceBeforeHoursAndMinutesIsAPlus) {
  EXPECT_EQ(parse_time_parameter("2026-01-16T00:00:00 01:00"), at("2026-01-15T23:00:00Z"));
  EXPECT_EQ(parse_time_parameter("2026-01-16T00:00:00.5 05:30"), at("2026-01-15T18:30:00.5Z"));
  // Only there: a space that replaced the date/time separator or a minus sign is not a plus.
  EXPECT_FALSE(parse_time_parameter("2026-01-16T00:00:00 1:00"));
  EXPECT_FALSE(parse_time_parameter("2026-01-16T00:00:00  01:00"));
  EXPECT_FALSE(parse_time_parameter(" 01:00"));
}

TEST(TimeParameter, RejectsWhatIsNotRfc3339) {
  for (const auto* text : {"", "now", "2026-01-16", "2026-01-16T00:00:00", "2026-01-16T24:00:00Z",
                           "2026-01-32T00:00:00Z", "1768521600", "2026-01-16T00:00:00+0100"}) {
    EXPECT_FALSE(parse_time_parameter(text)) << text;
  }
}

TEST(TimeRange, ToDefaultsToNow) {
  const auto range = parse_time_range(request_with({{"from", "2026-01-16T00:00:00Z"}}),
                                      at("2026-01-16T21:24:31.501Z"));
  EXPECT_EQ(range.from, at("2026-01-16T00:00:00Z"));
  EXPECT_EQ(range.to, at("2026-01-16T21:24:31.501Z"));
}

TEST(TimeRange, ErrorsNameTheParameter) {
  EXPECT_EQ(error_of({}), "missing 'from': expected RFC 3339 date-time");
  EXPECT_EQ(error_of({{"to", "2026-01-16T00:00:00Z"}}),
            "missing 'from': expected RFC 3339 date-time");
  EXPECT_EQ(error_of({{"from", "x"}}), "invalid 'from': expected RFC 3339 date-time");
  EXPECT_EQ(error_of({{"from", "2026-01-16T00:00:00Z"}, {"to", "x"}}),
            "invalid 'to': expected RFC 3339 date-time");
  EXPECT_EQ(error_of({{"from", "2026-01-16T00:00:00Z"}, {"to", "2026-01-16T01:00:00+01:00"}}),
            "'from' must be earlier than 'to'");
  EXPECT_EQ(error_of({{"from", "2026-01-17T00:00:00Z"}}), "'from' must be earlier than 'to'");
  EXPECT_EQ(error_of({{"from", "2026-01-16T00:00:00Z"}, {"to", "2026-01-16T00:00:00.000001Z"}}),
            "");
}

}  // namespace
}  // namespace homelab_api
