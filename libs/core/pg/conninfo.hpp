#pragma once

#include <string>

namespace core::pg {

// Rebuilds a libpq connection string (keyword/value or URI form) as a keyword/value string that
// points at `dbname` and keeps every other setting. Throws std::invalid_argument when libpq
// cannot parse `conninfo`.
std::string with_database(const std::string& conninfo, const std::string& dbname);

}  // namespace core::pg
