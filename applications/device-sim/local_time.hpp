#pragma once

#include <ctime>
#include <string>
#include <string_view>

namespace device_sim {

// Local time for the SaveEye timestamp. gcc 12's libstdc++ has no std::chrono time zone
// database, so local time comes from the C library's localtime_r, which reads the zone from the
// process-global TZ variable. main() calls use_time_zone() once, before any thread starts, and
// nothing changes TZ afterwards, so the threads only ever read it.

// True when `name` is a zone of the system database (TZDIR, default /usr/share/zoneinfo).
bool time_zone_exists(std::string_view name);
// Sets TZ and reloads it; call before starting threads.
void use_time_zone(const std::string& name);
// "YYYY-MM-DDTHH:MM:SS" in the process time zone, without offset.
std::string local_timestamp(std::time_t unix_seconds);

}  // namespace device_sim
