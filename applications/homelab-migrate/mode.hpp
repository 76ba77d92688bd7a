#pragma once

#include <string_view>

#include "core/pg/connection.hpp"

namespace migrate {

// How the database is built (contracts/database.md sections 5 and 6).
enum class Mode { timescaledb, plain };

std::string_view mode_name(Mode mode);

bool timescaledb_installed(core::pg::Connection& conn);
// The server has the extension package, so CREATE EXTENSION timescaledb would work.
bool timescaledb_available(core::pg::Connection& conn);

// TimescaleDB when the extension is installed in the database, or, before the first migration,
// when the server offers it; plain otherwise. A database therefore keeps the mode chosen at its
// first migration even if the server later gains or loses the extension package.
Mode detect_mode(core::pg::Connection& conn, bool first_migration);

}  // namespace migrate
