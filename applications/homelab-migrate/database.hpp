#pragma once

#include <string>

#include "core/pg/connection.hpp"

namespace migrate {

// Opens a connection or throws Failure(unreachable) with libpq's reason (never the password).
core::pg::Connection connect(const std::string& conninfo);

// conninfo with its database replaced by `database`; Failure(usage) for an unparsable string.
std::string database_conninfo(const std::string& conninfo, const std::string& database);

bool database_exists(core::pg::Connection& server, const std::string& database);

// CREATE DATABASE, which cannot run in a transaction; a concurrent runner creating it first is
// not an error.
void create_database(core::pg::Connection& server, const std::string& database);

// Session advisory lock that serialises every runner on this database; it is released when the
// connection closes, even if the runner dies. Logs when it has to wait.
void lock_migrations(core::pg::Connection& conn);

}  // namespace migrate
