#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace core::time {

using Clock = std::chrono::system_clock;
using TimePoint = std::chrono::time_point<Clock, std::chrono::microseconds>;

// "2026-01-16T21:10:09.123Z": UTC with exactly three fractional digits, as the platform emits.
std::string format_rfc3339_ms(Clock::time_point t);

// Accepts any RFC 3339 date-time ("T" or space separator, optional fraction up to microseconds,
// "Z" or a numeric offset). Returns nullopt for anything else, including out-of-range fields.
std::optional<TimePoint> parse_rfc3339(std::string_view text);

}  // namespace core::time
