#include "time_zone.hpp"

#include "exit_codes.hpp"

namespace migrate {

void validate_time_zone(core::pg::Connection& conn, const std::string& zone) {
  if (!conn.exec("SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1)", {zone})
           .boolean(0, 0)) {
    throw Failure(Exit::refused, "refusing to run: time zone '" + zone +
                                     "' is unknown to PostgreSQL (use an IANA name such as "
                                     "Europe/Stockholm)");
  }
  // Offset in seconds of a winter and a summer instant, for either hemisphere.
  const auto offsets = conn.exec(
      "SELECT extract(epoch FROM (timestamptz '2025-01-15 12:00:00+00' AT TIME ZONE $1) "
      "- timestamp '2025-01-15 12:00:00')::bigint, "
      "extract(epoch FROM (timestamptz '2025-07-15 12:00:00+00' AT TIME ZONE $1) "
      "- timestamp '2025-07-15 12:00:00')::bigint",
      {zone});
  if (offsets.integer(0, 0) % 3600 != 0 || offsets.integer(0, 1) % 3600 != 0) {
    throw Failure(Exit::refused, "refusing to run: time zone '" + zone +
                                     "' has a UTC offset that is not a whole number of hours; "
                                     "only such zones are supported");
  }
}

bool write_time_zone(core::pg::Connection& conn, const std::string& zone) {
  if (!conn.exec("SELECT to_regclass('platform_config') IS NOT NULL").boolean(0, 0)) {
    return false;
  }
  conn.exec("UPDATE platform_config SET time_zone = $1", {zone});
  return true;
}

}  // namespace migrate
