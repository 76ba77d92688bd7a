#include "measurement_time.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

namespace bridge {
namespace {

using core::time::TimePoint;
using std::chrono::milliseconds;

// Keeps every accepted value far inside the range of TimePoint and of the RFC 3339 formatter.
constexpr std::int64_t seconds_limit = 100'000'000'000;

TimePoint from_milliseconds(std::int64_t ms) {
  return TimePoint{milliseconds{ms}};
}

std::chrono::microseconds distance(TimePoint a, TimePoint b) {
  return a > b ? a - b : b - a;
}

}  // namespace

TimePoint measurement_time(std::optional<TimePoint> device_time, TimePoint received) {
  if (device_time && distance(*device_time, received) <= max_clock_skew) {
    return *device_time;
  }
  return received;
}

std::optional<TimePoint> from_unix_seconds(const boost::json::value& seconds) {
  if (seconds.is_int64()) {
    const auto s = seconds.get_int64();
    if (s <= -seconds_limit || s >= seconds_limit) {
      return std::nullopt;
    }
    return from_milliseconds(s * 1000);
  }
  if (seconds.is_uint64()) {
    const auto s = seconds.get_uint64();
    if (s >= static_cast<std::uint64_t>(seconds_limit)) {
      return std::nullopt;
    }
    return from_milliseconds(static_cast<std::int64_t>(s) * 1000);
  }
  if (seconds.is_double()) {
    const auto s = seconds.get_double();
    if (!std::isfinite(s) || std::abs(s) >= static_cast<double>(seconds_limit)) {
      return std::nullopt;
    }
    return from_milliseconds(std::llround(s * 1000.0));
  }
  return std::nullopt;
}

std::optional<TimePoint> from_unix_seconds_text(std::string_view digits) {
  const auto all_digits =
      std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  std::int64_t s = 0;
  const auto* end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, s);
  if (digits.empty() || !all_digits || ec != std::errc() || ptr != end || s >= seconds_limit) {
    return std::nullopt;
  }
  return from_milliseconds(s * 1000);
}

std::optional<TimePoint> from_local_date_time(std::string_view text, const TimeZone& zone,
                                              TimePoint received) {
  if (const auto explicit_offset = core::time::parse_rfc3339(text)) {
    return explicit_offset;
  }
  // Reading the text as if it were UTC yields the local wall-clock fields unchanged.
  const auto wall_clock = core::time::parse_rfc3339(std::string(text) + "Z");
  if (!wall_clock) {
    return std::nullopt;
  }
  const auto candidates = zone.to_utc(LocalTime{wall_clock->time_since_epoch()});
  if (candidates.empty()) {
    return std::nullopt;
  }
  // Earliest first, so a tie goes to the earlier instant.
  return *std::min_element(candidates.begin(), candidates.end(), [&](TimePoint a, TimePoint b) {
    return distance(a, received) < distance(b, received);
  });
}

}  // namespace bridge
