#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <optional>
#include <string_view>

#include "core/time/rfc3339.hpp"
#include "time_zone.hpp"

namespace bridge {

// mqtt.md section 3: a device clock further than this from the receive time is not trusted.
inline constexpr std::chrono::seconds max_clock_skew{600};

// The record's `ts`: the device time when there is one within max_clock_skew (inclusive, either
// direction) of the receive time, otherwise the receive time.
core::time::TimePoint measurement_time(std::optional<core::time::TimePoint> device_time,
                                       core::time::TimePoint received);

// Unix seconds as a JSON number, possibly fractional, rounded to the nearest millisecond.
// nullopt for anything else and for magnitudes of 1e11 s (year 5138) or more.
std::optional<core::time::TimePoint> from_unix_seconds(const boost::json::value& seconds);

// Unix seconds written as a string of decimal digits.
std::optional<core::time::TimePoint> from_unix_seconds_text(std::string_view digits);

// A date-time without offset read as local time in `zone`; one with an offset or "Z" taken as is.
// An ambiguous local time resolves to the candidate closer to `received`; one in a spring gap, or
// text that does not parse, gives nullopt.
std::optional<core::time::TimePoint> from_local_date_time(std::string_view text,
                                                          const TimeZone& zone,
                                                          core::time::TimePoint received);

}  // namespace bridge
