#pragma once

#include <string>

#include "core/pg/connection.hpp"

namespace migrate {

// Throws Failure(refused) unless PostgreSQL knows the zone and its UTC offset is a whole number of
// hours both in January and in July: hour buckets in UTC must coincide with local hours
// (contracts/database.md section 1).
void validate_time_zone(core::pg::Connection& conn, const std::string& zone);

// Writes the zone to platform_config when that table exists; returns whether it did.
bool write_time_zone(core::pg::Connection& conn, const std::string& zone);

}  // namespace migrate
