#pragma once

#include <string>

namespace migrate {

// `homelab-migrate refresh-aggregates`: in TimescaleDB mode refreshes every continuous aggregate
// over its whole range (needed after importing historical raw data, contracts/database.md
// section 5); in plain mode there is nothing to refresh, since the telemetry sink maintains the
// base tables as it writes.
void run_refresh(const std::string& conninfo, const std::string& database);

}  // namespace migrate
