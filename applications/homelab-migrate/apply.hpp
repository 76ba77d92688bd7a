#pragma once

#include "core/pg/connection.hpp"
#include "migration_files.hpp"

namespace migrate {

// Runs one file statement by statement and records it in schema_migrations: inside one
// transaction, or for a no-transaction file outside any, recording it only after the last
// statement succeeded. Throws Failure(migration_failed) as "<file>:<line>: <server message>".
void apply_migration(core::pg::Connection& conn, const MigrationFile& file);

}  // namespace migrate
