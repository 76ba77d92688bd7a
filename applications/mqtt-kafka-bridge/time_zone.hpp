#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/time/rfc3339.hpp"

namespace bridge {

using LocalTime = std::chrono::local_time<std::chrono::microseconds>;

// An IANA time zone from the system zoneinfo database, for reading device clocks that report
// local time without an offset.
//
// Why this shape: gcc 12's libstdc++ has no std::chrono time zone database, and the C library
// only converts through the process-global TZ variable. Keeping TZ set for the process would make
// every conversion depend on global state that anything else (logging, another zone) may change.
// So the constructor sets TZ once, under a lock, samples localtime_r's tm_gmtoff to record every
// UTC-offset change from 1970 to 2100 (a daily probe, bisected to the second), and restores TZ.
// After construction the object is immutable and safe to share between threads. Two changes
// within one day that cancel out would be missed; tzdata has none in that range for the zones a
// home uses. Instants outside the range take the offset at its nearest end.
class TimeZone {
 public:
  // Throws std::invalid_argument when `name` is not a zone of the system database.
  explicit TimeZone(std::string name);

  // True when `name` names a zoneinfo file (TZDIR, default /usr/share/zoneinfo).
  static bool exists(std::string_view name);

  const std::string& name() const { return name_; }

  std::chrono::seconds utc_offset(core::time::TimePoint instant) const;

  // Every UTC instant whose local time in this zone is `local`, earliest first: none in a spring
  // gap, two in the repeated autumn hour, otherwise one.
  std::vector<core::time::TimePoint> to_utc(LocalTime local) const;

 private:
  struct Period {
    std::int64_t since;  // Unix seconds of the first instant with this offset
    std::int32_t offset;
  };

  std::string name_;
  std::vector<Period> periods_;        // sorted by `since`; the first starts at the minimum
  std::vector<std::int32_t> offsets_;  // the distinct offsets of periods_
};

}  // namespace bridge
